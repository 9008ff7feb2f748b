"""What the current c3voc schedule schemas require of a schedule document, written out rule by rule.

The schemas themselves (voc/schedule: validator/xsd/schedule.xml.xsd and validator/json/schema.json) are
deliberately not vendored into this repository (only the shared standards may be copied here, and frab's XSD is,
as tests/standards/frab-schedule.xsd). Set C3VOC_SCHEMA_DIR to a checkout's validator files to have
tests/sessions/test_exports.py validate against the real ones as well. Meanwhile these checks say in code what
those schemas require of the documents this app writes, each rule named after the schema part it comes from (see
the README, "Schedule exports"), so that a test fails when an export breaks one of them. `xml_problems` and
`json_problems` return a list of problems, empty for a valid document.

Formats, as the JSON schema's `format` keywords and the XSD's types define them: a date is YYYY-MM-DD; a date-time
carries a UTC offset (RFC 3339); a uuid is the 8-4-4-4-12 hexadecimal form; a uri is absolute.
"""

import datetime
import re

DATE = re.compile(r"\A\d{4}-\d{2}-\d{2}\Z")
# xs:dateTime restricted by the XSD's dateTimeTZ pattern ".+(Z|\+[0-9]{1,2}:[0-9]{2}|-[0-9]{1,2}:[0-9]{2})".
DATE_TIME_TZ = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\Z")
UUID = re.compile(r"\A[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}\Z")
HTTP_URI = re.compile(r"\Ahttps?://\S+\Z")

# schedule.xml.xsd
XSD_ACRONYM = re.compile(r"\A[a-z0-9_-]{4,}\Z")
XSD_DURATION = re.compile(r"\A(([0-9]{1,2}:[0-9]{2})|([0-9]{1,2}:[0-9]{2}:[0-9]{1,2}))\Z")
XSD_START = re.compile(r"\A(([0-2][0-9]:[0-5][0-9])|([0-2][0-9]:[0-5][0-9]:[0-5][0-9]))\Z")
XSD_SLUG = re.compile(r"\A[a-z0-9_]{4,}-[a-z0-9\-_]{4,}\Z")  # voc-slug-new
XSD_CONFERENCE_ONCE = {"title", "acronym", "start", "end", "days", "base_url", "logo", "url", "time_zone_name"}
XSD_CONFERENCE = XSD_CONFERENCE_ONCE | {"timeslot_duration", "color", "track"}
XSD_EVENT_REQUIRED = {"room", "title", "type", "date", "start", "duration", "abstract", "track"}
XSD_EVENT_OPTIONAL = {
    "subtitle",
    "slug",
    "logo",
    "persons",
    "language",
    "description",
    "recording",
    "links",
    "attachments",
    "video_download_url",
    "url",
    "feedback_url",
    "origin_url",
}

# schema.json
JSON_ACRONYM = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")
JSON_TIME_ZONE_NAME = re.compile(r"^([A-Z][a-z]+/[A-Z][a-z]+)|UTC$")
JSON_START = re.compile(r"^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$")
JSON_DURATION = re.compile(r"^[0-9]+:[0-9]{2}$")
JSON_SLUG = re.compile(r"^[a-z0-9_-]+[a-z0-9]$")
JSON_TOP = {"$schema", "schedule", "generator"}
JSON_CONFERENCE_REQUIRED = {"title", "acronym", "days", "daysCount", "start", "end", "timeslot_duration"}
JSON_CONFERENCE = JSON_CONFERENCE_REQUIRED | {
    "description",
    "time_zone_name",
    "logo",
    "colors",
    "keywords",
    "url",
    "tracks",
    "rooms",
    "meta",
}
JSON_ROOM = {
    "name",
    "slug",
    "type",
    "guid",
    "stream_id",
    "description",
    "capacity",
    "url",
    "features",
    "assembly",
}
JSON_DAY = {"index", "date", "day_start", "day_end", "rooms"}
JSON_EVENT_REQUIRED = {
    "abstract",
    "date",
    "duration",
    "guid",
    "id",
    "language",
    "links",
    "persons",
    "room",
    "slug",
    "start",
    "subtitle",
    "title",
    "track",
    "type",
    "url",
}
JSON_EVENT = JSON_EVENT_REQUIRED | {
    "code",
    "logo",
    "end",
    "description",
    "recording_license",
    "do_not_record",
    "do_not_stream",
    "feedback_url",
    "origin_url",
    "attachments",
}
JSON_REFERENCE_TYPES = {"slides", "paper", "web", "blog", "article", "media", "related", "activitypub"}


def _is_date(text):
    if not isinstance(text, str) or not DATE.match(text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_date_time_tz(text):
    if not isinstance(text, str) or not DATE_TIME_TZ.match(text):
        return False
    try:
        datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def _is_positive_integer(text):
    return text is not None and re.fullmatch(r"\+?0*[1-9][0-9]*", text.strip()) is not None


# XML ---------------------------------------------------------------------------------------------------------------


def xml_problems(root):
    """What schedule.xml.xsd refuses in an lxml/ElementTree document."""
    problems = []
    if root.tag != "schedule":
        return [f"xsd schedule: the root element is <{root.tag}>, not <schedule>"]
    children = [child.tag for child in root]
    # <schedule>: sequence generator?, url?, version, conference, day+ (minOccurs of day is 1).
    order = [tag for tag in children if tag not in ("generator", "url")]
    if order[:2] != ["version", "conference"] or any(tag != "day" for tag in order[2:]):
        problems.append(f"xsd schedule: children must be version, conference, day…; found {children}")
    if "day" not in children:
        problems.append("xsd schedule: at least one <day> is required (day has minOccurs 1)")
    conference = root.find("conference")
    if conference is not None:
        problems += _xml_conference(conference)
    indexes, guids, ids, slugs = [], [], [], []
    for day in root.iterfind("day"):
        problems += _xml_day(day)
        indexes.append(day.get("index"))
        for room in day:
            for event in room:
                guids.append(event.get("guid"))
                ids.append(event.get("id"))
                slugs.append(event.findtext("slug"))
    for name, values in (
        ("day_index_unique", indexes),
        ("guid_unique", guids),
        ("id_unique", ids),
        ("slug_unique", [s for s in slugs if s is not None]),
    ):
        if len(values) != len(set(values)):
            problems.append(f"xsd {name}: values repeat: {values}")
    return problems


def _xml_conference(conference):
    problems = []
    tags = [child.tag for child in conference]
    for tag in tags:
        if tag not in XSD_CONFERENCE:
            problems.append(f"xsd conference: <{tag}> is not allowed")
    for tag in XSD_CONFERENCE_ONCE:
        if tags.count(tag) > 1:
            problems.append(f"xsd conference: <{tag}> more than once")
    acronym = conference.findtext("acronym")
    if acronym is not None and not XSD_ACRONYM.match(acronym):
        problems.append(f"xsd acronym: {acronym!r} does not match [a-z0-9_-]{{4,}}")
    for tag in ("start", "end"):
        value = conference.findtext(tag)
        if value is not None and not (_is_date(value) or _is_date_time_tz(value)):
            problems.append(f"xsd conference/{tag}: {value!r} is neither a date nor a date-time with a UTC offset")
    days = conference.findtext("days")
    if days is not None and not re.fullmatch(r"[+-]?\d+", days.strip()):
        problems.append(f"xsd conference/days: {days!r} is not an integer")
    slot = conference.findtext("timeslot_duration")
    if slot is not None and not XSD_DURATION.match(slot):
        problems.append(f"xsd conference/timeslot_duration: {slot!r} does not match the duration pattern")
    for tag in ("url", "base_url", "logo"):
        value = conference.findtext(tag)
        if value is not None and not HTTP_URI.match(value):
            problems.append(f"xsd conference/{tag}: {value!r} is not an http(s) URI")
    return problems


def _xml_day(day):
    problems = []
    if not _is_positive_integer(day.get("index")):
        problems.append(f"xsd day/@index: required positive integer, found {day.get('index')!r}")
    for name in ("start", "end"):
        if not _is_date_time_tz(day.get(name)):
            problems.append(f"xsd day/@{name}: required date-time with a UTC offset, found {day.get(name)!r}")
    if day.get("date") is not None and not _is_date(day.get("date")):
        problems.append(f"xsd day/@date: {day.get('date')!r} is not a date")
    for room in day:
        if room.tag != "room":
            problems.append(f"xsd day: <{room.tag}> is not allowed (only <room>)")
            continue
        if not room.get("name"):
            problems.append("xsd room/@name: required")
        if room.get("guid") is not None and not UUID.match(room.get("guid")):
            problems.append(f"xsd room/@guid: {room.get('guid')!r} is not a uuid")
        for event in room:
            if event.tag != "event":
                problems.append(f"xsd room: <{event.tag}> is not allowed (only <event>)")
            else:
                problems += _xml_event(event)
    return problems


def _xml_event(event):
    problems = []
    where = f"event {event.get('guid')}"
    if not _is_positive_integer(event.get("id")):
        problems.append(f"xsd {where} @id: required positive integer, found {event.get('id')!r}")
    if not UUID.match(event.get("guid") or ""):
        problems.append(f"xsd {where} @guid: required uuid, found {event.get('guid')!r}")
    if event.get("code") is not None and not re.fullmatch(r"[0-9A-Z]{6}", event.get("code")):
        problems.append(f"xsd {where} @code: not six capitals or digits")
    tags = [child.tag for child in event]
    for tag in tags:
        if tag not in XSD_EVENT_REQUIRED | XSD_EVENT_OPTIONAL:
            problems.append(f"xsd {where}: <{tag}> is not allowed")
        if tags.count(tag) > 1:
            problems.append(f"xsd {where}: <{tag}> more than once (xs:all)")
    for tag in sorted(XSD_EVENT_REQUIRED - set(tags)):
        problems.append(f"xsd {where}: <{tag}> is required")
    checks = {
        "date": (_is_date_time_tz, "a date-time with a UTC offset"),
        "start": (lambda v: bool(XSD_START.match(v)), "HH:MM"),
        "duration": (lambda v: bool(XSD_DURATION.match(v)), "H:MM or HH:MM"),
        "slug": (lambda v: bool(XSD_SLUG.match(v)), "a voc slug ([a-z0-9_]{4,}-[a-z0-9-_]{4,})"),
        "url": (lambda v: bool(HTTP_URI.match(v)), "an http(s) URI"),
    }
    for tag, (check, meaning) in checks.items():
        element = event.find(tag)
        if element is not None and not check(element.text or ""):
            problems.append(f"xsd {where} <{tag}>: {element.text!r} is not {meaning}")
    for child in event.iterfind("persons/*"):
        if child.tag != "person":
            problems.append(f"xsd {where} persons: <{child.tag}> is not allowed")
        elif child.get("id") is not None and not re.fullmatch(r"[+-]?\d+", child.get("id")):
            problems.append(f"xsd {where} person/@id: not an integer")
        elif child.get("guid") is not None and not UUID.match(child.get("guid")):
            problems.append(f"xsd {where} person/@guid: not a uuid")
    for child in event.iterfind("links/*"):
        if child.tag != "link":
            problems.append(f"xsd {where} links: <{child.tag}> is not allowed")
    return problems


# JSON --------------------------------------------------------------------------------------------------------------


def json_problems(document):
    """What schema.json refuses in a parsed schedule.json document."""
    if not isinstance(document, dict):
        return ["json: the document is not an object"]
    problems = [f"json: top-level key {key!r} is not allowed" for key in document if key not in JSON_TOP]
    schedule = document.get("schedule")
    if not isinstance(schedule, dict):
        return [*problems, "json: schedule is required and must be an object"]
    if not isinstance(schedule.get("version"), str):
        problems.append("json Schedule: version is required and must be a string")
    if "rooms" in schedule:
        problems.append("json Schedule: rooms is not allowed here (it belongs to the conference)")
    conference = schedule.get("conference")
    if not isinstance(conference, dict):
        return [*problems, "json Schedule: conference is required and must be an object"]
    return problems + _json_conference(conference)


def _json_conference(conference):
    problems = [f"json Conference: {key!r} is not allowed" for key in conference if key not in JSON_CONFERENCE]
    problems += [f"json Conference: {key!r} is required" for key in sorted(JSON_CONFERENCE_REQUIRED - set(conference))]
    acronym = conference.get("acronym")
    if not isinstance(acronym, str) or not JSON_ACRONYM.search(acronym):
        problems.append(f"json Conference.acronym: {acronym!r} does not match {JSON_ACRONYM.pattern}")
    for key in ("title", "start", "end", "timeslot_duration"):
        if key in conference and not isinstance(conference[key], str):
            problems.append(f"json Conference.{key}: {conference[key]!r} is not a string")
    if "daysCount" in conference and type(conference["daysCount"]) is not int:
        problems.append(f"json Conference.daysCount: {conference['daysCount']!r} is not an integer")
    if "time_zone_name" in conference:
        name = conference["time_zone_name"]
        if not isinstance(name, str) or not JSON_TIME_ZONE_NAME.search(name):
            problems.append(f"json Conference.time_zone_name: {name!r} does not match the pattern")
    if "url" in conference and not HTTP_URI.match(str(conference["url"])):
        problems.append(f"json Conference.url: {conference['url']!r} is not a uri")
    for room in conference.get("rooms", []):
        problems += [f"json Room: {key!r} is not allowed" for key in room if key not in JSON_ROOM]
        if not isinstance(room.get("name"), str):
            problems.append("json Room: name is required (a string)")
        if not UUID.match(str(room.get("guid", ""))):
            problems.append(f"json Room: guid is required (a uuid), found {room.get('guid')!r}")
    days = conference.get("days")
    if not isinstance(days, list):
        return [*problems, "json Conference.days: must be an array"]
    for day in days:
        problems += _json_day(day)
    return problems


def _json_day(day):
    problems = [f"json Day: {key!r} is not allowed" for key in day if key not in JSON_DAY]
    problems += [f"json Day: {key!r} is required" for key in sorted(JSON_DAY - set(day))]
    if "index" in day and type(day["index"]) is not int:
        problems.append(f"json Day.index: {day['index']!r} is not an integer")
    if "date" in day and not _is_date(day["date"]):
        problems.append(f"json Day.date: {day['date']!r} is not a date")
    for key in ("day_start", "day_end"):
        if key in day and not _is_date_time_tz(day[key]):
            problems.append(f"json Day.{key}: {day[key]!r} is not a date-time with a UTC offset")
    rooms = day.get("rooms", {})
    if not isinstance(rooms, dict):
        return [*problems, "json Day.rooms: must be an object"]
    for events in rooms.values():
        if not isinstance(events, list):
            problems.append("json Day.rooms: each room holds an array of events")
            continue
        for event in events:
            problems += _json_event(event)
    return problems


def _json_event(event):
    where = f"json Event {event.get('guid')}"
    problems = [f"{where}: {key!r} is not allowed" for key in event if key not in JSON_EVENT]
    problems += [f"{where}: {key!r} is required" for key in sorted(JSON_EVENT_REQUIRED - set(event))]
    if not UUID.match(str(event.get("guid", ""))):
        problems.append(f"{where}: guid is not a uuid")
    if "id" in event and (type(event["id"]) is not int or event["id"] < 1):
        problems.append(f"{where}: id {event['id']!r} is not an integer of at least 1")
    if "date" in event and not _is_date_time_tz(event["date"]):
        problems.append(f"{where}: date {event['date']!r} is not a date-time with a UTC offset")
    if "end" in event and not _is_date_time_tz(event["end"]):
        problems.append(f"{where}: end {event['end']!r} is not a date-time with a UTC offset")
    patterns = {"start": JSON_START, "duration": JSON_DURATION, "slug": JSON_SLUG}
    for key, pattern in patterns.items():
        if key in event and not (isinstance(event[key], str) and pattern.search(event[key])):
            problems.append(f"{where}: {key} {event.get(key)!r} does not match {pattern.pattern}")
    for key in ("room", "title", "type"):
        if key in event and not isinstance(event[key], str):
            problems.append(f"{where}: {key} is not a string")
    for key in ("subtitle", "track", "language", "abstract", "description"):
        if key in event and not (event[key] is None or isinstance(event[key], str)):
            problems.append(f"{where}: {key} is neither a string nor null")
    if "url" in event and not HTTP_URI.match(str(event["url"])):
        problems.append(f"{where}: url {event['url']!r} is not a uri")
    for person in event.get("persons", []):
        frab = type(person.get("id")) is int and isinstance(person.get("public_name"), str)
        pretalx = isinstance(person.get("name"), str)
        if frab == pretalx:  # oneOf: exactly one of FrabPerson (id, public_name) and PretalxPerson (name)
            problems.append(f"{where}: person {person!r} is not exactly one of a frab or a pretalx person")
    for link in [*event.get("links", []), *event.get("attachments", [])]:
        problems += [f"{where}: link key {key!r} is not allowed" for key in link if key not in ("type", "url", "title")]
        if not HTTP_URI.match(str(link.get("url", ""))):
            problems.append(f"{where}: a link's url is required (a uri)")
        if "type" in link and link["type"] not in JSON_REFERENCE_TYPES:
            problems.append(f"{where}: link type {link['type']!r} is not one of the schema's")
    if not isinstance(event.get("persons", []), list) or not isinstance(event.get("links", []), list):
        problems.append(f"{where}: persons and links are arrays")
    return problems
