"""The programme's exports: the schedule for conference apps (frab XML and c3voc JSON) and the calendar feeds.

The schedule documents are checked, in each state of the programme (no dates, some dates, all dates), against what
the current c3voc schemas require (tests/standards/c3voc.py, rule by rule), and the XML also against the frab XSD of
the shared standards (tests/standards/frab-schedule.xsd). When the c3voc schema files are available (the
C3VOC_SCHEMA_DIR variable names their folder), the documents are validated against them too.
"""

import datetime
import itertools
import json
import os
import re
import zoneinfo
from pathlib import Path

import icalendar
import pytest
from django.urls import resolve, reverse
from django.utils import translation
from lxml import etree

from conference.models import Participant
from groups.models import Breakout, BreakoutGroup
from sessions import export_views
from sessions.models import Contribution, Room, Segment, SegmentKind, Session
from tests.standards import c3voc

pytestmark = pytest.mark.django_db

XSD = etree.XMLSchema(etree.parse(Path(__file__).resolve().parent.parent / "standards" / "frab-schedule.xsd"))
C3VOC_SCHEMA_DIR = os.environ.get("C3VOC_SCHEMA_DIR")
PORT_OF_SPAIN = zoneinfo.ZoneInfo("America/Port_of_Spain")
GUIDS = {
    1: "6c68fb7c-1331-5c4e-b33d-3b030dca8683",
    2: "452e4838-0eb7-539c-9569-a911b3b1872d",
    3: "31224664-e1c4-5f2f-9218-af7b6ec0fe45",
    4: "4fb58c86-5a49-5678-8e87-187588f45725",
    5: "1740173e-224f-5f36-b140-8c3981cb4b3f",
}
SCHEDULES = ["sessions:schedule_xml", "sessions:schedule_json"]


def get(client, name, slug="caribbean"):
    return client.get(reverse(name, kwargs={"conference": slug}))


def xml(client):
    response = get(client, "sessions:schedule_xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.content)
    assert c3voc.xml_problems(document) == []
    XSD.assertValid(document)
    if C3VOC_SCHEMA_DIR:
        etree.XMLSchema(etree.parse(Path(C3VOC_SCHEMA_DIR) / "schedule.xml.xsd")).assertValid(document)
    return document


def schedule_json(client):
    response = get(client, "sessions:schedule_json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    document = response.json()
    assert c3voc.json_problems(document) == []
    if C3VOC_SCHEMA_DIR:
        import jsonschema

        schema = json.loads((Path(C3VOC_SCHEMA_DIR) / "schema.json").read_text())
        validator = jsonschema.Draft6Validator(schema, format_checker=jsonschema.Draft6Validator.FORMAT_CHECKER)
        assert [error.message for error in validator.iter_errors(document)] == []
    return document


def events(document):
    return [
        (
            event.get("guid"),
            event.findtext("title")[:40],
            event.findtext("date"),
            event.findtext("start"),
            event.findtext("duration"),
        )
        for event in document.iterfind("day/room/event")
    ]


def calendar(client, name="sessions:calendar", **kwargs):
    response = client.get(reverse(name, kwargs={"conference": "caribbean", **kwargs}))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_export_addresses_are_below_the_conference():
    assert [reverse(name, kwargs={"conference": "caribbean"}) for name in [*SCHEDULES, "sessions:calendar"]] == [
        "/caribbean/schedule.xml",
        "/caribbean/schedule.json",
        "/caribbean/programme.ics",
    ]
    assert reverse("groups:calendar", kwargs={"conference": "caribbean", "number": 2}) == (
        "/caribbean/groups/2/calendar.ics"
    )
    assert resolve("/caribbean/schedule.xml").func.__wrapped__ is export_views.schedule_xml
    with translation.override("fr"):  # i18n_patterns resolve the active language's prefix
        assert resolve("/fr/caribbean/programme.ics").func.__wrapped__ is export_views.calendar
    assert resolve("/caribbean/").view_name == "pages:programme"


@pytest.mark.parametrize("path", ["schedule.xml", "schedule.json"])
def test_schedule_is_in_one_language_whatever_the_prefix(client, some_dates, path):
    """The schedule is routed with the other pages (inside the language prefixes) but written in the default
    language: /fr/…/schedule.xml answers the same bytes as /…/schedule.xml, and the French programme links the
    address without a prefix."""
    plain, french = client.get(f"/caribbean/{path}"), client.get(f"/fr/caribbean/{path}")
    assert (plain.status_code, french.status_code, french.content) == (200, 200, plain.content)
    links = re.findall(r'href="([^"]*schedule[^"]*)"', client.get("/fr/caribbean/").content.decode())
    assert links == ["/caribbean/schedule.xml", "/caribbean/schedule.json"]


@pytest.mark.parametrize("name", [*SCHEDULES, "sessions:calendar"])
def test_export_of_unknown_conference_is_not_found(client, caribbean, name):
    assert get(client, name, slug="atlantis").status_code == 404


# The schedule in its three states ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEDULES)
def test_schedule_without_dates_is_an_explained_404(client, caribbean, name):
    """No date is invented to fill the schemas' required days: until the conference's days and time zone are set,
    there is no schedule, and the answer says so."""
    response = get(client, name)
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"
    content = response.content.decode()
    assert (
        "The schedule for conference apps is published once the organisers have set the conference’s first and last "
        "day and its time zone: every time in it carries its offset from UTC, and its days are the conference’s days."
    ) in content


@pytest.mark.parametrize("name", SCHEDULES)
def test_schedule_with_days_but_no_time_zone_is_an_explained_404(client, caribbean, name):
    caribbean.start_date, caribbean.end_date = datetime.date(2026, 6, 9), datetime.date(2026, 6, 10)
    caribbean.save()
    response = get(client, name)
    assert response.status_code == 404
    assert "have set its time zone: every time in it carries its offset from UTC" in response.content.decode()


def test_programme_says_when_the_schedule_and_calendar_come(client, caribbean):
    content = client.get("/caribbean/").content.decode()
    assert "The programme's calendar will be offered here once the sessions' dates and times are set." in content
    assert (
        "The schedule for conference apps (Giggity, EventFahrplan, ConfClerk) will be offered here once the "
        "conference's days and time zone are set."
    ) in content
    assert "/caribbean/schedule.xml" not in content
    assert "programme.ics" not in content


@pytest.fixture
def no_session_dates(caribbean):
    """The conference's days and time zone set, no session dated yet: a schedule of empty days."""
    caribbean.start_date, caribbean.end_date = datetime.date(2026, 6, 9), datetime.date(2026, 6, 10)
    caribbean.time_zone = "America/Port_of_Spain"
    caribbean.save()
    return caribbean


def test_xml_with_no_session_dates_has_the_empty_days(client, no_session_dates):
    document = xml(client)
    assert [day.attrib for day in document.findall("day")] == [
        {"index": "1", "date": "2026-06-09", "start": "2026-06-09T00:00:00-04:00", "end": "2026-06-10T00:00:00-04:00"},
        {"index": "2", "date": "2026-06-10", "start": "2026-06-10T00:00:00-04:00", "end": "2026-06-11T00:00:00-04:00"},
    ]
    assert events(document) == []


def test_json_with_no_session_dates_has_the_empty_days(client, no_session_dates):
    conference = schedule_json(client)["schedule"]["conference"]
    assert (conference["start"], conference["end"], conference["daysCount"]) == ("2026-06-09", "2026-06-10", 2)
    assert [(day["index"], day["date"], day["rooms"]) for day in conference["days"]] == [
        (1, "2026-06-09", {}),
        (2, "2026-06-10", {}),
    ]


@pytest.mark.parametrize("state", ["no_session_dates", "some_dates", "scheduled"])
def test_both_schedules_are_valid_in_every_state(client, request, state):
    """frab's XSD (tests/standards/frab-schedule.xsd) and the c3voc rules (tests/standards/c3voc.py) in each state
    where a schedule exists; before the conference's days are set there is none (an explained 404, above)."""
    request.getfixturevalue(state)
    document = xml(client)
    XSD.assertValid(document)
    assert c3voc.xml_problems(document) == []
    assert c3voc.json_problems(schedule_json(client)) == []


@pytest.fixture
def some_dates(caribbean):
    """The conference's days and time zone set, only sessions 1 and 2 timed."""
    caribbean.start_date, caribbean.end_date = datetime.date(2026, 6, 9), datetime.date(2026, 6, 10)
    caribbean.time_zone = "America/Port_of_Spain"
    caribbean.save()
    Session.objects.filter(conference=caribbean, number=1).update(
        date=datetime.date(2026, 6, 9), start_time=datetime.time(9)
    )
    Session.objects.filter(conference=caribbean, number=2).update(date=datetime.date(2026, 6, 10))  # no time
    return caribbean


def test_xml_with_some_dates_is_valid_with_every_conference_day(client, some_dates):
    document = xml(client)
    assert [(child.tag, child.text) for child in document.find("conference")] == [
        ("acronym", "caribbean"),
        ("title", "Caribbean regional conference"),
        ("start", "2026-06-09"),
        ("end", "2026-06-10"),
        ("days", "2"),
        ("timeslot_duration", "00:05"),
    ]
    assert [day.attrib for day in document.findall("day")] == [
        {"index": "1", "date": "2026-06-09", "start": "2026-06-09T00:00:00-04:00", "end": "2026-06-10T00:00:00-04:00"},
        {"index": "2", "date": "2026-06-10", "start": "2026-06-10T00:00:00-04:00", "end": "2026-06-11T00:00:00-04:00"},
    ]
    assert [[room.get("name") for room in day] for day in document.findall("day")] == [["to be announced"], []]
    assert events(document) == [
        (GUIDS[1], "Coordination at and between the global, ", "2026-06-09T09:00:00-04:00", "09:00", "02:50")
    ]


def test_json_with_some_dates_is_valid(client, some_dates):
    conference = schedule_json(client)["schedule"]["conference"]
    days = conference.pop("days")
    assert conference == {
        "acronym": "caribbean",
        "title": "Caribbean regional conference",
        "start": "2026-06-09",
        "end": "2026-06-10",
        "daysCount": 2,
        "timeslot_duration": "00:05",
        "time_zone_name": "America/Port_of_Spain",
        "url": "http://testserver/caribbean/",
        "rooms": [{"name": "to be announced", "guid": "f9602b6e-4573-5082-ab0f-4ee5c7bd4d92"}],
    }
    assert [(day["index"], day["date"], list(day["rooms"])) for day in days] == [
        (1, "2026-06-09", ["to be announced"]),
        (2, "2026-06-10", []),
    ]


def test_xml_with_all_dates_is_valid_and_has_the_timed_sessions(client, scheduled):
    document = xml(client)
    assert [day.attrib for day in document.findall("day")] == [
        {"index": "1", "date": "2026-06-09", "start": "2026-06-09T00:00:00-04:00", "end": "2026-06-10T00:00:00-04:00"},
        {"index": "2", "date": "2026-06-10", "start": "2026-06-10T00:00:00-04:00", "end": "2026-06-11T00:00:00-04:00"},
    ]
    assert [room.get("name") for room in document.iterfind("day/room")] == ["to be announced", "to be announced"]
    # Session 5 has a start but no planned length, and the schedule needs a duration: it waits.
    assert events(document) == [
        (GUIDS[1], "Coordination at and between the global, ", "2026-06-09T09:00:00-04:00", "09:00", "02:50"),
        (GUIDS[2], "Integrated statistical systems: data col", "2026-06-09T13:30:00-04:00", "13:30", "02:50"),
        (GUIDS[3], "Innovation and modernisation through sta", "2026-06-10T09:00:00-04:00", "09:00", "02:50"),
        (GUIDS[4], "Capacity building (thematic 5a) and trai", "2026-06-10T13:30:00-04:00", "13:30", "02:50"),
    ]


def test_xml_event_carries_the_session(client, scheduled):
    session = Session.objects.get(conference=scheduled, number=1)
    event = xml(client).find("day/room/event")
    assert event.get("id") == str(session.pk)
    assert {child.tag: child.text for child in event if len(child) == 0} == {
        "date": "2026-06-09T09:00:00-04:00",
        "start": "09:00",
        "duration": "02:50",
        "room": "to be announced",
        "slug": "caribbean-session-1",
        "title": session.title,
        "subtitle": "Session 1",
        "track": "Thematic areas 1, 2",
        "type": "Session with breakout groups",
        "language": None,
        "abstract": None,
        "description": (
            "Thematic area 1: Coordination at and between the global, (sub-) regional and national statistical "
            "systems\n"
            "Thematic area 2: Communication and advocacy\n\n"
            "Group 1: Communication and advocacy\n"
            "Group 2: Drivers and challenges\n"
            "Group 3: Partnerships\n"
            "Group 4: Coordination mechanisms"
        ),
        "persons": None,
    }
    assert [(link.get("href"), link.text) for link in event.iterfind("links/link")] == [
        ("http://testserver/caribbean/sessions/1/", "Session page")
    ]


def test_json_with_all_dates(client, scheduled):
    session = Session.objects.get(conference=scheduled, number=2)
    conference = schedule_json(client)["schedule"]["conference"]
    days = conference.pop("days")
    assert conference == {
        "acronym": "caribbean",
        "title": "Caribbean regional conference",
        "start": "2026-06-09",
        "end": "2026-06-10",
        "daysCount": 2,
        "timeslot_duration": "00:05",
        "time_zone_name": "America/Port_of_Spain",
        "url": "http://testserver/caribbean/",
        "rooms": [{"name": "to be announced", "guid": "f9602b6e-4573-5082-ab0f-4ee5c7bd4d92"}],
    }
    assert [(day["index"], day["date"], day["day_start"], day["day_end"], list(day["rooms"])) for day in days] == [
        (1, "2026-06-09", "2026-06-09T00:00:00-04:00", "2026-06-10T00:00:00-04:00", ["to be announced"]),
        (2, "2026-06-10", "2026-06-10T00:00:00-04:00", "2026-06-11T00:00:00-04:00", ["to be announced"]),
    ]
    assert [[event["guid"] for event in day["rooms"]["to be announced"]] for day in days] == [
        [GUIDS[1], GUIDS[2]],
        [GUIDS[3], GUIDS[4]],
    ]
    assert days[0]["rooms"]["to be announced"][1] == {
        "guid": GUIDS[2],
        "id": session.pk,
        "date": "2026-06-09T13:30:00-04:00",
        "start": "13:30",
        "end": "2026-06-09T16:20:00-04:00",
        "duration": "02:50",
        "room": "to be announced",
        "slug": "caribbean-session-2",
        "url": "http://testserver/caribbean/sessions/2/",
        "title": session.title,
        "subtitle": "Session 2",
        "track": "Thematic area 3",
        "type": "Session with breakout groups",
        "language": "",
        "abstract": "",
        "description": (
            "Thematic area 3: Integrated statistical systems: data collection, processing and dissemination of "
            "integrated statistics\n\n"
            "Group 1: Use of administrative data\n"
            "Group 2: Relationship with data communities\n"
            "Group 3: Implementing integrated systems of statistics\n"
            "Group 4: Statistical production process"
        ),
        "persons": [],
        "links": [],
    }


def test_rooms_are_the_schedules_rooms_and_the_calendars_locations(client, scheduled):
    ballroom = Room.objects.create(conference=scheduled, code="ballroom", name="Grand Ballroom")
    Session.objects.filter(conference=scheduled, number__in=[1, 2]).update(room=ballroom)
    scheduled.venue = "Hyatt Regency, Port of Spain"
    scheduled.save()
    assert [[room.get("name") for room in day] for day in xml(client).findall("day")] == [
        ["Grand Ballroom"],
        ["to be announced"],
    ]
    conference = schedule_json(client)["schedule"]["conference"]
    assert conference["rooms"] == [
        {"name": "Grand Ballroom", "guid": "55a3b7e2-fd14-5f92-8e9e-426df0c30924"},
        {"name": "to be announced", "guid": "f9602b6e-4573-5082-ab0f-4ee5c7bd4d92"},
    ]
    assert [event.get("LOCATION") for event in calendar(client).events] == [
        "Grand Ballroom, Hyatt Regency, Port of Spain",
        "Grand Ballroom, Hyatt Regency, Port of Spain",
        "Hyatt Regency, Port of Spain",
        "Hyatt Regency, Port of Spain",
        "Hyatt Regency, Port of Spain",
    ]


def test_an_acronym_the_schemas_would_refuse_is_made_to_fit(client, scheduled):
    scheduled.slug = "gs-1"
    scheduled.save()
    response = client.get("/gs-1/schedule.json")
    document = response.json()
    assert c3voc.json_problems(document) == []
    assert document["schedule"]["conference"]["acronym"] == "gs_1"
    assert c3voc.xml_problems(etree.fromstring(client.get("/gs-1/schedule.xml").content)) == []


def test_guids_and_version_are_stable_across_calls(client, scheduled):
    first, second = xml(client), xml(client)
    assert events(first) == events(second)
    assert first.findtext("version") == second.findtext("version")
    assert get(client, "sessions:schedule_json").json()["schedule"]["version"] == first.findtext("version")


@pytest.mark.django_db(transaction=True)  # the version rises once per transaction: edits commit for real
def test_version_changes_with_the_programme(client, scheduled):
    before = xml(client).findtext("version")
    session = Session.objects.get(conference=scheduled, number=1)
    session.start_time = datetime.time(9, 15)
    session.save()
    assert xml(client).findtext("version") != before


def test_json_persons_are_facilitator_contributors_and_panellists_once(client, scheduled):
    country = scheduled.countries.first()
    facilitator, contributor, panellist = (
        Participant.objects.create(conference=scheduled, full_name=name, country=country)
        for name in ("Ana Facilitator", "Ben Contributor", "Cleo Panellist")
    )
    session = Session.objects.get(conference=scheduled, number=1)
    session.facilitator = facilitator
    session.save()
    Contribution.objects.create(segment=session.segments.get(position=1), participant=contributor)
    Contribution.objects.create(segment=session.segments.get(position=2), participant=facilitator)
    session.panellists.add(panellist)
    event = schedule_json(client)["schedule"]["conference"]["days"][0]["rooms"]["to be announced"][0]
    assert event["persons"] == [
        {"id": facilitator.pk, "public_name": "Ana Facilitator"},
        {"id": contributor.pk, "public_name": "Ben Contributor"},
        {"id": panellist.pk, "public_name": "Cleo Panellist"},
    ]
    assert [(person.get("id"), person.text) for person in xml(client).iterfind("day/room/event/persons/person")] == [
        (str(facilitator.pk), "Ana Facilitator"),
        (str(contributor.pk), "Ben Contributor"),
        (str(panellist.pk), "Cleo Panellist"),
    ]


def test_a_presentation_made_a_discussion_names_its_contributors_in_no_export(client, scheduled):
    """Its contribution rows are kept (the kind may change back) but shown nowhere, the schedule included."""
    contributor = Participant.objects.create(
        conference=scheduled, full_name="Ben Contributor", country=scheduled.countries.first()
    )
    segment = Session.objects.get(conference=scheduled, number=1).segments.get(position=1)
    Contribution.objects.create(segment=segment, participant=contributor)
    Segment.objects.filter(pk=segment.pk).update(kind=SegmentKind.DISCUSSION)
    event = schedule_json(client)["schedule"]["conference"]["days"][0]["rooms"]["to be announced"][0]
    assert event["persons"] == []
    assert list(xml(client).iterfind("day/room/event/persons/person")) == []


# The c3voc rules themselves catch what the schemas refuse ------------------------------------------------------------


def test_the_c3voc_rules_refuse_what_the_old_exports_wrote():
    """The two documents the issue found invalid, as the exports wrote them before any date was set."""
    old_xml = etree.fromstring(
        b"<schedule><version>1</version><conference><acronym>caribbean</acronym><title>T</title>"
        b"<timeslot_duration>00:05</timeslot_duration></conference><day/></schedule>"
    )
    assert c3voc.xml_problems(old_xml) == [
        "xsd day/@index: required positive integer, found None",
        "xsd day/@start: required date-time with a UTC offset, found None",
        "xsd day/@end: required date-time with a UTC offset, found None",
    ]
    old_json = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "schedule": {
            "version": "1",
            "conference": {
                "acronym": "caribbean",
                "title": "T",
                "start": None,
                "end": None,
                "daysCount": None,
                "timeslot_duration": "00:05",
                "days": [],
            },
        },
    }
    assert c3voc.json_problems(old_json) == [
        "json Conference.start: None is not a string",
        "json Conference.end: None is not a string",
        "json Conference.daysCount: None is not an integer",
    ]


def test_the_c3voc_rules_refuse_local_times_and_loose_values():
    document = etree.fromstring(
        b"<schedule><version>1</version><conference><acronym>gs</acronym><title>T</title><venue>x</venue>"
        b'</conference><day index="0" start="2026-06-09T00:00:00" end="2026-06-10T00:00:00-04:00">'
        b'<room name="R"><event id="1" guid="not-a-guid"><date>2026-06-09T09:00:00</date><start>9:00</start>'
        b"<duration>2h</duration><room>R</room><title>T</title><type>t</type><abstract/><track/>"
        b"<slug>gs-1</slug><speaker/></event></room></day></schedule>"
    )
    assert c3voc.xml_problems(document) == [
        "xsd conference: <venue> is not allowed",
        "xsd acronym: 'gs' does not match [a-z0-9_-]{4,}",
        "xsd day/@index: required positive integer, found '0'",
        "xsd day/@start: required date-time with a UTC offset, found '2026-06-09T00:00:00'",
        "xsd event not-a-guid @guid: required uuid, found 'not-a-guid'",
        "xsd event not-a-guid: <speaker> is not allowed",
        "xsd event not-a-guid <date>: '2026-06-09T09:00:00' is not a date-time with a UTC offset",
        "xsd event not-a-guid <start>: '9:00' is not HH:MM",
        "xsd event not-a-guid <duration>: '2h' is not H:MM or HH:MM",
        "xsd event not-a-guid <slug>: 'gs-1' is not a voc slug ([a-z0-9_]{4,}-[a-z0-9-_]{4,})",
    ]
    event = {"guid": "6c68fb7c-1331-5c4e-b33d-3b030dca8683", "id": 0, "date": "2026-06-09T09:00:00", "start": "9:00"}
    event |= {"persons": [{"id": 1, "public_name": "A", "name": "A"}], "speaker": "x"}
    day = {"index": 1, "date": "2026-06-09", "day_start": "2026-06-09T00:00:00", "rooms": {"R": [event]}}
    conference = {"acronym": "gs-2026", "title": "T", "start": "2026-06-09", "end": "2026-06-09", "daysCount": 1}
    conference |= {"timeslot_duration": "00:05", "time_zone_name": "Etc/GMT+4", "days": [day]}
    problems = c3voc.json_problems({"schedule": {"version": "1", "conference": conference}})
    assert problems == [
        "json Conference.acronym: 'gs-2026' does not match ^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$",
        "json Conference.time_zone_name: 'Etc/GMT+4' does not match the pattern",
        "json Day: 'day_end' is required",
        "json Day.day_start: '2026-06-09T00:00:00' is not a date-time with a UTC offset",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'speaker' is not allowed",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'abstract' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'duration' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'language' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'links' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'room' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'slug' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'subtitle' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'title' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'track' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'type' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: 'url' is required",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: id 0 is not an integer of at least 1",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: date '2026-06-09T09:00:00' is not a date-time with a UTC "
        "offset",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: start '9:00' does not match "
        "^(0[0-9]|1[0-9]|2[0-3]):[0-5][0-9]$",
        "json Event 6c68fb7c-1331-5c4e-b33d-3b030dca8683: person {'id': 1, 'public_name': 'A', 'name': 'A'} is not "
        "exactly one of a frab or a pretalx person",
    ]


def test_a_time_zone_name_the_json_schema_refuses_is_left_out(client, scheduled):
    scheduled.time_zone = "Etc/GMT+4"
    scheduled.save()
    conference = schedule_json(client)["schedule"]["conference"]
    assert "time_zone_name" not in conference
    assert conference["days"][0]["day_start"] == "2026-06-09T00:00:00-04:00"


# Calendars ----------------------------------------------------------------------------------------------------------


def test_calendar_without_times_is_an_explained_404(client, caribbean):
    for url in ("/caribbean/programme.ics", "/caribbean/groups/2/calendar.ics", "/fr/caribbean/programme.ics"):
        response = client.get(url)
        assert response.status_code == 404, url
    assert (
        "No session has its date and start time yet: the calendar is offered once the organisers have set them, and "
        "a subscribed calendar then fills in by itself."
    ) in client.get("/caribbean/programme.ics").content.decode()


def test_calendar_with_times_in_the_conference_time_zone(client, scheduled):
    feed = calendar(client)
    assert (feed["PRODID"], feed["VERSION"], feed["X-WR-TIMEZONE"]) == (
        "-//Breakout app//Programme//EN",
        "2.0",
        "America/Port_of_Spain",
    )
    assert [timezone["TZID"] for timezone in feed.timezones] == ["America/Port_of_Spain"]
    assert [
        (
            event["UID"],
            event["SUMMARY"][:10],
            event["DTSTART"].params.get("TZID"),
            event.decoded("DTSTART"),
            event.decoded("DTEND", None),
        )
        for event in feed.events
    ] == [
        (
            GUIDS[1],
            "Session 1:",
            "America/Port_of_Spain",
            datetime.datetime(2026, 6, 9, 9, 0, tzinfo=PORT_OF_SPAIN),
            datetime.datetime(2026, 6, 9, 11, 50, tzinfo=PORT_OF_SPAIN),
        ),
        (
            GUIDS[2],
            "Session 2:",
            "America/Port_of_Spain",
            datetime.datetime(2026, 6, 9, 13, 30, tzinfo=PORT_OF_SPAIN),
            datetime.datetime(2026, 6, 9, 16, 20, tzinfo=PORT_OF_SPAIN),
        ),
        (
            GUIDS[3],
            "Session 3:",
            "America/Port_of_Spain",
            datetime.datetime(2026, 6, 10, 9, 0, tzinfo=PORT_OF_SPAIN),
            datetime.datetime(2026, 6, 10, 11, 50, tzinfo=PORT_OF_SPAIN),
        ),
        (
            GUIDS[4],
            "Session 4:",
            "America/Port_of_Spain",
            datetime.datetime(2026, 6, 10, 13, 30, tzinfo=PORT_OF_SPAIN),
            datetime.datetime(2026, 6, 10, 16, 20, tzinfo=PORT_OF_SPAIN),
        ),
        # The concluding session's length is not known: it has a start and no end.
        (
            GUIDS[5],
            "Session 5:",
            "America/Port_of_Spain",
            datetime.datetime(2026, 6, 10, 16, 45, tzinfo=PORT_OF_SPAIN),
            None,
        ),
    ]
    text = client.get("/caribbean/programme.ics").content.decode()
    assert "DTSTART;TZID=America/Port_of_Spain:20260609T090000\r\n" in text
    assert "DTEND;TZID=America/Port_of_Spain:20260609T115000\r\n" in text
    assert "RDATE" not in text


def test_calendar_event_text(client, scheduled):
    event = calendar(client).events[4]
    assert event["SUMMARY"] == "Session 5: Concluding session"
    assert event["URL"] == "http://testserver/caribbean/sessions/5/"
    assert event["DESCRIPTION"] == (
        "To propose specific programmatic guidance and related actions for the implementation of the "
        "transformation of national statistical systems in Caribbean countries."
    )
    assert "LOCATION" not in event  # neither the room nor the venue is known
    assert event["DTSTAMP"].to_ical().endswith(b"Z")


def test_calendar_without_time_zone_has_floating_times(client, scheduled):
    scheduled.time_zone = ""
    scheduled.save()
    feed = calendar(client)
    first = feed.events[0]
    assert feed.timezones == []
    assert "TZID" not in first["DTSTART"].params
    assert (first.decoded("DTSTART"), first.decoded("DTEND")) == (
        datetime.datetime(2026, 6, 9, 9, 0),
        datetime.datetime(2026, 6, 9, 11, 50),
    )


def test_group_calendar_has_the_plenary_parts_and_the_groups_breakouts_in_their_rooms(client, scheduled):
    ballroom = Room.objects.create(conference=scheduled, code="ballroom", name="Grand Ballroom")
    salon = Room.objects.create(conference=scheduled, code="salon-b", name="Salon B")
    Session.objects.filter(conference=scheduled).update(room=ballroom)
    Breakout.objects.filter(session__number=1, group__number=2).update(room=salon)
    feed = calendar(client, "groups:calendar", number=2)
    assert feed["X-WR-CALNAME"] == "Caribbean regional conference – Group 2"
    at = lambda day, hour, minute: datetime.datetime(2026, 6, day, hour, minute, tzinfo=PORT_OF_SPAIN)  # noqa: E731
    assert [
        (event["SUMMARY"], event.decoded("DTSTART"), event.decoded("DTEND", None), event.get("LOCATION"))
        for event in feed.events
    ][:4] == [
        (
            "Session 1: Coordination at and between the global, (sub-) regional and national statistical systems "
            "(Thematic 1) and Communication and advocacy (Thematic 2) (plenary)",
            at(9, 9, 0),
            at(9, 9, 45),
            "Grand Ballroom",
        ),
        ("Session 1: Group 2 breakout – Drivers and challenges", at(9, 9, 45), at(9, 10, 30), "Salon B"),
        (
            "Session 1: Coordination at and between the global, (sub-) regional and national statistical systems "
            "(Thematic 1) and Communication and advocacy (Thematic 2) (plenary)",
            at(9, 10, 30),
            at(9, 11, 50),
            "Grand Ballroom",
        ),
        (
            "Session 2: Integrated statistical systems: data collection, processing and dissemination of integrated "
            "statistics (Thematic 3) (plenary)",
            at(9, 13, 30),
            at(9, 14, 15),
            "Grand Ballroom",
        ),
    ]
    breakout = feed.events[1]
    assert breakout["DESCRIPTION"].split("\n")[:4] == [
        "When: Starts 09:45–09:55, ends 10:30–10:40",
        "",
        "Topic: Drivers and challenges",
        "Breakout room: Salon B",
    ]
    assert len(feed.events) == 3 * 4 + 1  # three parts of each breakout session, and the concluding session
    assert feed.events[-1]["SUMMARY"] == "Session 5: Concluding session"
    assert len({event["UID"] for event in feed.events}) == 13
    # The parts of a session follow each other: none starts before the one before it ends.
    for before, after in itertools.pairwise(feed.events):
        assert before.decoded("DTEND") <= after.decoded("DTSTART"), (before["SUMMARY"], after["SUMMARY"])


def test_group_calendar_in_french(client, scheduled):
    question = Breakout.objects.get(session__number=1, group__number=2).questions.get(position=1)
    question.text_fr = "Quels sont les principaux moteurs ?"
    question.save()
    response = client.get("/fr/caribbean/groups/2/calendar.ics")
    feed = icalendar.Calendar.from_ical(response.content)
    assert feed.events[1]["DESCRIPTION"].split("\n")[2:5] == [
        "Sujet\u00a0: Drivers and challenges",
        "Salle de l’atelier\u00a0: à annoncer",
        "1. Quels sont les principaux moteurs ?",
    ]


def haiti_conference(caribbean):
    """The conference in Port-au-Prince across the start of daylight saving time (Sunday 8 March 2026, 02:00)."""
    caribbean.start_date, caribbean.end_date = datetime.date(2026, 3, 6), datetime.date(2026, 3, 10)
    caribbean.time_zone = "America/Port-au-Prince"
    caribbean.save()
    dates = {1: 6, 2: 7, 3: 9, 4: 10, 5: 10}
    for session in caribbean.sessions.all():
        session.date = datetime.date(2026, 3, dates[session.number])
        session.start_time = datetime.time(16, 45) if session.number == 5 else datetime.time(9, 0)
        session.save()
    return caribbean


def test_a_calendar_across_a_clock_change_is_read_right_by_a_second_parser(client, caribbean):
    """vobject, which reads only the first value of an RDATE list (as Thunderbird's ical.js does), gets every
    instant right: the VTIMEZONE has one observance per change, each with a single DTSTART and no RDATE."""
    import vobject

    haiti_conference(caribbean)
    for url in ("/caribbean/programme.ics", "/caribbean/groups/1/calendar.ics"):
        text = client.get(url).content.decode()
        assert "RDATE" not in text
        parsed = vobject.readOne(text)
        firsts = {}  # each session's first event (a group's feed has its plenary parts and its breakout)
        for event in parsed.vevent_list:
            session, start = event.summary.value.split(":")[0], event.dtstart.value.astimezone(datetime.UTC)
            firsts[session] = min(firsts.get(session, start), start)
        utc = lambda day, hour, minute=0: datetime.datetime(2026, 3, day, hour, minute, tzinfo=datetime.UTC)  # noqa: E731
        assert firsts == {
            "Session 1": utc(6, 14),  # 09:00 EST (UTC−5)
            "Session 2": utc(7, 14),
            "Session 3": utc(9, 13),  # 09:00 EDT (UTC−4), after the change
            "Session 4": utc(10, 13),
            "Session 5": utc(10, 20, 45),
        }
    observances = [
        (part.name, part.dtstart.value, part.tzoffsetfrom.value, part.tzoffsetto.value)
        for part in vobject.readOne(client.get("/caribbean/programme.ics").content.decode()).vtimezone.getChildren()
        if part.name in ("STANDARD", "DAYLIGHT")
    ]
    assert observances == [
        ("STANDARD", datetime.datetime(2026, 3, 5, 9, 0), "-0500", "-0500"),
        ("DAYLIGHT", datetime.datetime(2026, 3, 8, 2, 0), "-0500", "-0400"),
    ]


def add_session(conference, number):
    """Another timed session with a discussion, a presentation and its contributor, a thematic area, a panellist and
    one group's breakout."""
    session = Session.objects.create(
        conference=conference,
        number=number,
        title=f"Extra {number}",
        date=datetime.date(2026, 6, 10),
        start_time=datetime.time(8, 0),
    )
    Segment.objects.create(session=session, position=1, kind=SegmentKind.DISCUSSION, min_minutes=30)
    presentation = Segment.objects.create(session=session, position=2, kind=SegmentKind.PRESENTATION, min_minutes=15)
    session.thematic_areas.add(conference.thematic_areas.first())
    country = conference.countries.first()
    session.panellists.add(Participant.objects.create(conference=conference, full_name="Pat", country=country))
    contributor = Participant.objects.create(conference=conference, full_name=f"Contributor {number}", country=country)
    Contribution.objects.create(segment=presentation, participant=contributor)
    group = BreakoutGroup.objects.get(conference=conference, number=1)
    Breakout.objects.create(session=session, group=group, topic=f"Topic {number}")


@pytest.mark.django_db(transaction=True)  # the version rises once per transaction: edits commit for real
@pytest.mark.parametrize(
    ("name", "kwargs", "count"),
    [
        ("sessions:schedule_xml", {}, 9),
        ("sessions:schedule_json", {}, 9),
        ("sessions:calendar", {}, 9),
        ("groups:calendar", {"number": 1}, 12),
    ],
)
def test_export_query_count_does_not_grow_with_the_programme(
    client, scheduled, django_assert_num_queries, name, kwargs, count
):
    # The content version and the conference, then sessions, thematic areas, segments, their contributions,
    # panellists, breakouts and their groups; a group's feed also reads the group, its breakouts and their questions.
    url = reverse(name, kwargs={"conference": "caribbean", **kwargs})
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200
    add_session(scheduled, 6)
    add_session(scheduled, 7)
    with django_assert_num_queries(count):
        assert client.get(url).status_code == 200


def test_control_characters_typed_in_the_programme_are_left_out_of_xml_and_calendar(client, scheduled):
    """A manual line break pasted from a word processor (\\x0b), or an escape, is invisible on the page but would make
    the XML unreadable and the calendar invalid."""
    session = Session.objects.get(conference=scheduled, number=1)
    session.title, session.aim = "Opening\x0bsession\x1b", "Aim\x0c"
    session.save()
    room = Room.objects.create(conference=scheduled, code="hall", name="Hall\x01 A")
    Session.objects.filter(pk=session.pk).update(room=room)
    scheduled.venue = "Hyatt\x01 Regency"
    scheduled.save()
    event = xml(client).find("day/room/event")
    assert (event.findtext("title"), event.findtext("abstract"), event.findtext("room")) == (
        "Openingsession",
        "Aim",
        "Hall A",
    )
    calendar_event = calendar(client).events[0]
    assert (calendar_event["SUMMARY"], calendar_event["LOCATION"]) == (
        "Session 1: Openingsession",
        "Hall A, Hyatt Regency",
    )
    assert calendar_event["DESCRIPTION"].startswith("Aim\n\n")
    # JSON carries any character (escaped as \u000b), so its text stays as typed.
    day = get(client, "sessions:schedule_json").json()["schedule"]["conference"]["days"][0]
    assert day["rooms"]["Hall\x01 A"][0]["title"] == "Opening\x0bsession\x1b"


def test_a_line_break_in_the_conference_name_keeps_the_calendar_whole(client, scheduled):
    # icalendar refused to write the calendar's name with a line break in it: the feed was a server error.
    scheduled.name = "Regional conference\r\non statistics"
    scheduled.save()
    assert calendar(client)["X-WR-CALNAME"] == "Regional conference on statistics"
