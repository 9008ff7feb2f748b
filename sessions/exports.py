"""The programme for conference apps and calendars: frab schedule XML, c3voc schedule.json and iCalendar feeds.

Pure functions of a conference and its sessions, loaded with `with_programme()` and their `breakouts__group`.
Nothing is guessed: a session is exported once its date and start time are set, and the schedule formats, which
need a duration, also wait for its planned length.

The schedule documents follow the current c3voc schemas (voc/schedule: validator/xsd/schedule.xml.xsd and
validator/json/schema.json), which require every day's start and end with a UTC offset, the conference's first and
last day and its number of days. Those are not invented: until the conference's first and last day and its time
zone are set, there is no schedule document (the addresses answer 404 with a page saying what is missing, and the
programme says when the schedule will come; see `schedule_missing`).
"""

import datetime
import hashlib
import json
import re
import uuid
import xml.etree.ElementTree as ET
from collections import defaultdict

import icalendar
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference import clock
from conference.models import TO_BE_ANNOUNCED, plausible_day
from conference.text import xml_safe

from .models import SegmentKind

# Fixed for good: every GUID and calendar UID already published is derived from it.
SESSION_GUID_NAMESPACE = uuid.UUID("13eb1d95-19d8-49b6-8b0a-7dddd8aa066b")
# The grid step apps draw the schedule in; session times themselves are to the minute.
TIMESLOT_DURATION = "00:05"
JSON_SCHEMA = "https://c3voc.de/schedule/schema.json"
PRODID = "-//Breakout app//Programme//EN"
# The c3voc JSON schema's pattern for a conference's time zone name (it names the zone only if it matches).
TIME_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")


def session_guid(conference, session):
    """The session's stable identifier, from the conference's slug and the session's number."""
    return uuid.uuid5(SESSION_GUID_NAMESPACE, f"{conference.slug}/{session.number}")


def room_guid(conference, room):
    """A room's stable identifier, from the conference's slug and the room's short name ("" for rooms to be
    announced)."""
    return uuid.uuid5(SESSION_GUID_NAMESPACE, f"{conference.slug}/room/{room.code if room else ''}")


def acronym(conference):
    """The conference's short name as both schemas accept an acronym: lower-case letters, digits and underscores
    (the JSON schema takes a hyphen only as the first character), at least four characters."""
    return re.sub(r"[^a-z0-9_]", "_", conference.slug.lower()).ljust(4, "_")


def schedule_missing(conference):
    """What the schedule documents still need, in words, or None when they can be written. A schedule needs every
    day's start and end with its UTC offset, and the conference's first and last day."""
    missing = []
    if not (plausible_day(conference.start_date) and plausible_day(conference.end_date)):
        missing.append(_("the conference’s first and last day"))
    if clock.zone_of(conference) is None:
        missing.append(_("its time zone"))
    if not missing:
        return None
    return " ".join(missing[:1] + [_("and %(rest)s") % {"rest": rest} for rest in missing[1:]])


def schedule(conference, sessions, *, base_url):
    """The schedule as the `schedule` object of c3voc's schedule.json; `schedule_xml` writes the same data.
    Only once `schedule_missing(conference)` is None."""
    zone = clock.zone_of(conference)
    by_day = defaultdict(lambda: defaultdict(list))
    listed = [session for session in sessions if _starts(session) and session.planned_length]
    rooms = {}
    for session in sorted(listed, key=lambda session: (session.starts_at, session.number)):
        room = _room_name(session)
        rooms.setdefault(room, session.room)
        by_day[session.date][room].append(_event(conference, session, base_url))
    conference_days = conference.days()
    all_days = sorted({*conference_days, *by_day})
    days = [
        {
            "index": index,
            "date": date.isoformat(),
            "day_start": _midnight(zone, date).isoformat(),
            "day_end": _midnight(zone, date + datetime.timedelta(days=1)).isoformat(),
            "rooms": dict(by_day[date]),
        }
        for index, date in enumerate(all_days, start=1)
    ]
    data = {
        "conference": {
            "acronym": acronym(conference),
            "title": str(conference.display_name),
            "start": conference.start_date.isoformat(),
            "end": conference.end_date.isoformat(),
            "daysCount": len(all_days),
            "timeslot_duration": TIMESLOT_DURATION,
            **({"time_zone_name": conference.time_zone} if TIME_ZONE_NAME.search(conference.time_zone) else {}),
            "url": base_url + reverse("pages:programme", kwargs={"conference": conference.slug}),
            "rooms": [{"name": name, "guid": str(room_guid(conference, room))} for name, room in rooms.items()],
            "days": days,
        }
    }
    # A digest of the content: apps compare versions to tell their users that the schedule changed.
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]
    return {"version": digest, **data}


def schedule_json(conference, sessions, *, base_url):
    """The c3voc schedule.json document."""
    return {"$schema": JSON_SCHEMA, "schedule": schedule(conference, sessions, base_url=base_url)}


def schedule_xml(conference, sessions, *, base_url):
    """The frab/c3voc schedule.xml document, as UTF-8 bytes (each event's page is its link)."""
    data = schedule(conference, sessions, base_url=base_url)
    root = ET.Element("schedule")
    ET.SubElement(root, "version").text = data["version"]
    info = data["conference"]
    element = ET.SubElement(root, "conference")
    # What both the current c3voc schema and the older frab schema the shared standards hold accept (the older one
    # knows no time zone, URL or room GUID in the XML; the JSON has them).
    for key in ("acronym", "title", "start", "end", "daysCount", "timeslot_duration"):
        ET.SubElement(element, "days" if key == "daysCount" else key).text = str(info[key])
    for day in info["days"]:
        day_element = ET.SubElement(
            root, "day", index=str(day["index"]), date=day["date"], start=day["day_start"], end=day["day_end"]
        )
        for room, events in day["rooms"].items():
            room_element = ET.SubElement(day_element, "room", name=room)
            for event in events:
                _event_xml(room_element, event)
    # A control character typed into a title or a name would make the whole document unreadable XML.
    for element in root.iter():
        element.text = element.text and xml_safe(element.text)
        element.attrib.update({name: xml_safe(value) for name, value in element.attrib.items()})
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def calendar(conference, sessions, *, base_url):
    """The programme's iCalendar feed, as bytes: one event per session whose date and start time are set, in its
    plenary room. An event has no end while the session's planned length is not known."""
    feed = _feed(conference, str(conference.display_name))
    for session in sessions:
        starts = _local_start(conference, session)
        if not starts:
            continue
        description = "\n\n".join(part for part in (session.aim, _description(session)) if part)
        ends = session.ends
        feed.add_component(
            _vevent(
                conference,
                uid=str(session_guid(conference, session)),
                starts=starts,
                ends=_local(conference, ends.latest) if ends else None,
                summary=str(session),
                description=description,
                location=_location(conference, session.room),
                url=_session_url(conference, session, base_url),
            )
        )
    return _with_time_zone(feed, conference)


def group_calendar(conference, group, sessions, breakouts, *, base_url):
    """One group's iCalendar feed, as bytes: each session's plenary parts in the plenary room, and the group's
    breakout in its room with its topic and questions. While a breakout's clock times are not known (a segment
    before it has no length), its session is one event that names both rooms.

    `breakouts` maps a session's pk to the group's breakout in it (with its room and open questions)."""
    name = _("%(conference)s – %(group)s") % {"conference": conference.display_name, "group": group.display_name}
    feed = _feed(conference, name)
    for session in sessions:
        starts = _local_start(conference, session)
        if not starts:
            continue
        breakout = breakouts.get(session.pk)
        segment = session.segment_of_kind(SegmentKind.BREAKOUT) if breakout else None
        ends = session.ends
        common = {"url": _session_url(conference, session, base_url)}
        if segment is None or segment.starts is None or segment.ends is None:
            description = _description(session)
            if breakout is not None:
                description = "\n\n".join(part for part in (_breakout_text(breakout), description) if part)
            feed.add_component(
                _vevent(
                    conference,
                    uid=str(session_guid(conference, session)),
                    starts=starts,
                    ends=_local(conference, ends.latest) if ends else None,
                    summary=str(session),
                    description=description,
                    location=_location(conference, session.room),
                    **common,
                )
            )
            continue
        # A calendar needs one time for each change of room, though the programme gives a window: the three parts
        # follow each other at the earliest times (presentations at their shortest), and the last part runs to the
        # session's latest end. The breakout's description gives its window.
        breakout_starts, breakout_ends = segment.starts.earliest, segment.ends.earliest
        key = f"{conference.slug}/{session.number}"
        plenary = _("%(session)s (plenary)") % {"session": session}
        room = _location(conference, session.room)
        feed.add_component(
            _vevent(
                conference,
                uid=str(uuid.uuid5(SESSION_GUID_NAMESPACE, f"{key}/plenary-before")),
                starts=starts,
                ends=_local(conference, breakout_starts),
                summary=plenary,
                description=_description(session),
                location=room,
                **common,
            )
        )
        feed.add_component(
            _vevent(
                conference,
                uid=str(uuid.uuid5(SESSION_GUID_NAMESPACE, f"{key}/group-{group.number}")),
                starts=_local(conference, breakout_starts),
                ends=_local(conference, breakout_ends),
                summary=_("Session %(number)s: %(group)s breakout – %(topic)s")
                % {"number": session.number, "group": group.display_name, "topic": breakout.topic},
                description="\n\n".join([_("When: %(clock)s") % {"clock": segment.clock}, _breakout_text(breakout)]),
                location=_location(conference, breakout.effective_room),
                **common,
            )
        )
        feed.add_component(
            _vevent(
                conference,
                uid=str(uuid.uuid5(SESSION_GUID_NAMESPACE, f"{key}/plenary-after")),
                starts=_local(conference, breakout_ends),
                ends=_local(conference, ends.latest) if ends else None,
                summary=plenary,
                description=_("Report-backs of the groups and general discussion."),
                location=room,
                **common,
            )
        )
    return _with_time_zone(feed, conference)


def has_timed_session(sessions):
    """Whether a calendar would hold an event: a session with its date and start time."""
    return any(_starts(session) for session in sessions)


def _feed(conference, name):
    feed = icalendar.Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    # icalendar writes this property as it is: a line break in the name would break the feed, so it is one line.
    feed.add("x-wr-calname", " ".join(xml_safe(name).split()))
    if conference.time_zone:
        feed.add("x-wr-timezone", conference.time_zone)
    return feed


def _vevent(conference, *, uid, starts, ends, summary, description, location, url):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", clock.now())
    event.add("dtstart", starts)
    if ends is not None and ends > starts:
        event.add("dtend", ends)
    # iCalendar text allows no control characters but the tab (RFC 5545, 3.3.11).
    event.add("summary", xml_safe(summary))
    if description:
        event.add("description", xml_safe(description))
    if location:
        event.add("location", xml_safe(location))
    event.add("url", url)
    return event


def _with_time_zone(feed, conference):
    """The feed as bytes, with the VTIMEZONE of the conference's zone covering its events."""
    zone = clock.zone_of(conference)
    moments = [component.decoded("dtstart") for component in feed.walk("VEVENT")]
    moments += [component.decoded("dtend") for component in feed.walk("VEVENT") if "DTEND" in component]
    if zone is not None and moments:
        feed.subcomponents.insert(0, vtimezone(zone, min(moments), max(moments)))
    return feed.to_ical()


def vtimezone(zone, first, last):
    """The VTIMEZONE of `zone` from `first` to `last` (aware datetimes): one observance per change of offset, each
    with a single DTSTART and no RDATE, so that every client (also those that read only the first value of a list,
    such as Thunderbird's ical.js and vobject) places every event at the right instant.

    DTSTART is the local time at which the change happens, on the clock before it (RFC 5545, 3.6.5).
    """
    start = (first.astimezone(datetime.UTC) - datetime.timedelta(days=1)).replace(minute=0, second=0, microsecond=0)
    end = last.astimezone(datetime.UTC) + datetime.timedelta(days=1)
    changes = [start]
    moment = start
    while moment < end:
        following = moment + datetime.timedelta(hours=1)
        if following.astimezone(zone).utcoffset() != moment.astimezone(zone).utcoffset():
            low, high = 0, 60  # minutes after `moment`: the change lies in (low, high]
            while high - low > 1:
                middle = (low + high) // 2
                instant = moment + datetime.timedelta(minutes=middle)
                if instant.astimezone(zone).utcoffset() == moment.astimezone(zone).utcoffset():
                    low = middle
                else:
                    high = middle
            changes.append(moment + datetime.timedelta(minutes=high))
        moment = following
    timezone_component = icalendar.Timezone()
    timezone_component.add("tzid", zone.key)
    previous_offset = start.astimezone(zone).utcoffset()
    for change in changes:
        local = change.astimezone(zone)
        offset = local.utcoffset()
        kind = icalendar.TimezoneDaylight() if local.dst() else icalendar.TimezoneStandard()
        from_offset = previous_offset if change is not start else offset
        kind.add("dtstart", (change + from_offset).replace(tzinfo=None))
        kind.add("tzoffsetfrom", from_offset)
        kind.add("tzoffsetto", offset)
        kind.add("tzname", local.tzname())
        timezone_component.add_component(kind)
        previous_offset = offset
    return timezone_component


def _starts(session):
    """The session's local start; None while not set, or if its date is outside the years every date calculation
    can handle (the database refuses such dates; this keeps the exports working whatever is stored)."""
    return session.starts_at if plausible_day(session.date) else None


def _local(conference, naive):
    """A local time at the venue in the conference's zone when set, else a naive (floating) local time."""
    zone = clock.zone_of(conference)
    return naive.replace(tzinfo=zone) if zone else naive


def _local_start(conference, session):
    starts = _starts(session)
    return _local(conference, starts) if starts else None


def _midnight(zone, date):
    return datetime.datetime.combine(date, datetime.time(), tzinfo=zone)


def _session_url(conference, session, base_url):
    return base_url + reverse("pages:session", kwargs={"conference": conference.slug, "number": session.number})


def _room_name(session):
    return session.room.name if session.room else str(TO_BE_ANNOUNCED)


def _location(conference, room):
    """A calendar event's LOCATION: the room and the venue, as far as they are known (none while neither is)."""
    return ", ".join(part for part in (room.name if room else "", conference.venue) if part)


def _event(conference, session, base_url):
    """One session as a schedule event; its duration is the planned maximum length."""
    starts, minutes = _local_start(conference, session), session.planned_length.high
    return {
        "guid": str(session_guid(conference, session)),
        "id": session.pk,
        "date": starts.isoformat(),
        "start": starts.strftime("%H:%M"),
        "end": (starts + datetime.timedelta(minutes=minutes)).isoformat(),
        "duration": f"{minutes // 60:02d}:{minutes % 60:02d}",
        "room": _room_name(session),
        "slug": f"{acronym(conference)}-session-{session.number}",
        "url": _session_url(conference, session, base_url),
        "title": session.title,
        "subtitle": _("Session %(number)s") % {"number": session.number},
        "track": _track(session),
        "type": session.get_kind_display(),
        "language": "",  # The language a session is held in is not recorded.
        "abstract": session.aim,
        "description": _description(session),
        "persons": [{"id": person.pk, "public_name": person.full_name} for person in _persons(session)],
        "links": [],
    }


def _event_xml(room_element, event):
    element = ET.SubElement(room_element, "event", id=str(event["id"]), guid=event["guid"])
    keys = ("date", "start", "duration", "room", "slug", "title", "subtitle", "track", "type", "language")
    for key in (*keys, "abstract", "description"):
        ET.SubElement(element, key).text = event[key] or ""
    persons = ET.SubElement(element, "persons")
    for person in event["persons"]:
        ET.SubElement(persons, "person", id=str(person["id"])).text = person["public_name"]
    links = ET.SubElement(element, "links")
    ET.SubElement(links, "link", href=event["url"]).text = _("Session page")


def _track(session):
    codes = [area.code for area in session.thematic_areas.all()]
    if not codes:
        return None
    return ngettext("Thematic area %(codes)s", "Thematic areas %(codes)s", len(codes)) % {"codes": ", ".join(codes)}


def _description(session):
    """The session's description, its thematic areas and each group's topic, as plain text."""
    areas = "\n".join(str(area) for area in session.thematic_areas.all())
    topics = "\n".join(
        _("%(group)s: %(topic)s") % {"group": breakout.group.display_name, "topic": breakout.topic}
        for breakout in session.breakouts.all()
    )
    return "\n\n".join(part for part in (session.description, areas, topics) if part)


def _breakout_text(breakout):
    """A breakout's topic, room and questions, as plain text for a calendar event."""
    room = breakout.effective_room.name if breakout.effective_room else str(TO_BE_ANNOUNCED)
    lines = [
        _("Topic: %(topic)s") % {"topic": breakout.topic},
        _("Breakout room: %(room)s") % {"room": room},
    ]
    lines += [f"{number}. {question.text}" for number, question in enumerate(breakout.open_questions, start=1)]
    return "\n".join(lines)


def _persons(session):
    """The facilitator, the presentations' contributors and the panellists, each once (a presentation made another
    kind of segment keeps its contributors' rows, shown nowhere)."""
    people = [session.facilitator]
    people += (
        person
        for segment in session.segments.all()
        if segment.kind == SegmentKind.PRESENTATION
        for person in segment.contributor_list
    )
    people += session.panellists.all()
    return list({person.pk: person for person in people if person}.values())
