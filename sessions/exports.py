"""The programme for conference apps and calendars: frab schedule XML, frab-compatible JSON and iCalendar.

Pure functions of a conference and its sessions, loaded with `with_programme()` and their `breakouts__group`.
Nothing is guessed: a session is exported once its date and start time are set, and the frab formats, which need
a duration, also wait for its planned length.
"""

import datetime
import hashlib
import json
import uuid
import xml.etree.ElementTree as ET
import zoneinfo
from collections import defaultdict

import icalendar
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference.models import TO_BE_ANNOUNCED, plausible_day
from conference.text import xml_safe

# Fixed for good: every GUID and calendar UID already published is derived from it.
SESSION_GUID_NAMESPACE = uuid.UUID("13eb1d95-19d8-49b6-8b0a-7dddd8aa066b")
# The grid step apps draw the schedule in; session times themselves are to the minute.
TIMESLOT_DURATION = "00:05"
JSON_SCHEMA = "https://c3voc.de/schedule/schema.json"
PRODID = "-//Breakout app//Programme//EN"


def session_guid(conference, session):
    """The session's stable identifier, from the conference's slug and the session's number."""
    return uuid.uuid5(SESSION_GUID_NAMESPACE, f"{conference.slug}/{session.number}")


def schedule(conference, sessions, *, base_url):
    """The schedule as the `schedule` object of frab's schedule.json; `schedule_xml` writes the same data."""
    by_day = defaultdict(list)
    listed = [session for session in sessions if _starts(session) and session.planned_length]
    for session in sorted(listed, key=lambda session: (session.starts_at, session.number)):
        by_day[session.date].append(_event(conference, session, base_url))
    room = _room(conference)
    conference_days = conference.days()
    days = [
        {
            "index": index,
            "date": date.isoformat(),
            "day_start": _midnight(conference, date).isoformat(),
            "day_end": _midnight(conference, date + datetime.timedelta(days=1)).isoformat(),
            "rooms": {room: by_day[date]} if by_day[date] else {},
        }
        for index, date in enumerate(sorted({*conference_days, *by_day}), start=1)
    ]
    start, end = conference.start_date, conference.end_date
    data = {
        "conference": {
            "acronym": conference.slug,
            "title": str(conference.display_name),
            "start": start.isoformat() if start else None,
            "end": end.isoformat() if end else None,
            "daysCount": len(conference_days) if start and end else None,
            "timeslot_duration": TIMESLOT_DURATION,
            **({"time_zone_name": conference.time_zone} if conference.time_zone else {}),
            "days": days,
        }
    }
    # A digest of the content: apps compare versions to tell their users that the schedule changed.
    digest = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:12]
    return {"version": digest, **data}


def schedule_json(conference, sessions, *, base_url):
    """The frab/c3voc schedule.json document."""
    return {"$schema": JSON_SCHEMA, "schedule": schedule(conference, sessions, base_url=base_url)}


def schedule_xml(conference, sessions, *, base_url):
    """The frab schedule.xml document, as UTF-8 bytes.

    The schema needs at least one day: with no day known yet, that is one empty day without a date.
    """
    data = schedule(conference, sessions, base_url=base_url)
    root = ET.Element("schedule")
    ET.SubElement(root, "version").text = data["version"]
    info = data["conference"]
    element = ET.SubElement(root, "conference")
    for key in ("acronym", "title", "start", "end", "daysCount", "timeslot_duration"):
        if info[key] is not None:
            ET.SubElement(element, "days" if key == "daysCount" else key).text = str(info[key])
    if not info["days"]:
        ET.SubElement(root, "day")
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
    """The iCalendar feed, as bytes: one event per session whose date and start time are set.

    Times are in the conference's time zone when it is set (with its VTIMEZONE), else floating local times.
    An event has no end while the session's planned length is not known.
    """
    feed = icalendar.Calendar()
    feed.add("prodid", PRODID)
    feed.add("version", "2.0")
    # icalendar writes this property as it is: a line break in the name would break the feed, so it is one line.
    feed.add("x-wr-calname", " ".join(xml_safe(str(conference.display_name)).split()))
    stamp = timezone.now()
    for session in sessions:
        starts = _local_start(conference, session)
        if not starts:
            continue
        event = icalendar.Event()
        event.add("uid", str(session_guid(conference, session)))
        event.add("dtstamp", stamp)
        event.add("dtstart", starts)
        if session.planned_length:
            event.add("dtend", starts + datetime.timedelta(minutes=session.planned_length.high))
        # iCalendar text allows no control characters but the tab (RFC 5545, 3.3.11).
        event.add("summary", xml_safe(str(session)))
        description = "\n\n".join(part for part in (session.aim, _description(session)) if part)
        if description:
            event.add("description", xml_safe(description))
        if conference.venue:
            event.add("location", xml_safe(conference.venue))
        event.add("url", _session_url(conference, session, base_url))
        feed.add_component(event)
    feed.add_missing_timezones()
    return feed.to_ical()


def _starts(session):
    """The session's local start; None while not set, or if its date is outside the years every date calculation
    can handle (the database refuses such dates; this keeps the exports working whatever is stored)."""
    return session.starts_at if plausible_day(session.date) else None


def _local_start(conference, session):
    """The start in the conference's time zone when set, else a naive (floating) local time; None if not set."""
    starts = _starts(session)
    if starts and conference.time_zone:
        return starts.replace(tzinfo=zoneinfo.ZoneInfo(conference.time_zone))
    return starts


def _midnight(conference, date):
    tz = zoneinfo.ZoneInfo(conference.time_zone) if conference.time_zone else None
    return datetime.datetime.combine(date, datetime.time(), tzinfo=tz)


def _session_url(conference, session, base_url):
    return base_url + reverse("sessions:detail", kwargs={"conference": conference.slug, "number": session.number})


def _room(conference):
    """Sessions are plenaries: their room is the venue, as far as it is known."""
    return conference.venue or str(TO_BE_ANNOUNCED)


def _event(conference, session, base_url):
    """One session as a frab event; its duration is the planned maximum length."""
    starts, minutes = _local_start(conference, session), session.planned_length.high
    return {
        "guid": str(session_guid(conference, session)),
        "id": session.pk,
        "date": starts.isoformat(),
        "start": starts.strftime("%H:%M"),
        "duration": f"{minutes // 60:02d}:{minutes % 60:02d}",
        "room": _room(conference),
        "slug": f"{conference.slug}-session-{session.number}",
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


def _persons(session):
    """The facilitator, the contributors and the panellists, each once."""
    people = [session.facilitator, *(segment.presenter for segment in session.segments.all())]
    people += session.panellists.all()
    return list({person.pk: person for person in people if person}.values())
