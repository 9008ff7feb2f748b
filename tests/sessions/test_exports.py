import datetime
import zoneinfo
from pathlib import Path

import icalendar
import pytest
from django.urls import resolve, reverse
from lxml import etree

from conference.models import Participant
from groups.models import Breakout, BreakoutGroup
from sessions import export_views
from sessions.models import Segment, SegmentKind, Session

pytestmark = pytest.mark.django_db

XSD = etree.XMLSchema(etree.parse(Path(__file__).resolve().parent.parent / "standards" / "frab-schedule.xsd"))
PORT_OF_SPAIN = zoneinfo.ZoneInfo("America/Port_of_Spain")
GUIDS = {
    1: "6c68fb7c-1331-5c4e-b33d-3b030dca8683",
    2: "452e4838-0eb7-539c-9569-a911b3b1872d",
    3: "31224664-e1c4-5f2f-9218-af7b6ec0fe45",
    4: "4fb58c86-5a49-5678-8e87-187588f45725",
    5: "1740173e-224f-5f36-b140-8c3981cb4b3f",
}
VIEWS = ["exports:schedule_xml", "exports:schedule_json", "exports:calendar"]


def get(client, name, slug="caribbean"):
    return client.get(reverse(name, kwargs={"conference": slug}))


def xml(client):
    response = get(client, "exports:schedule_xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    document = etree.fromstring(response.content)
    XSD.assertValid(document)
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


def calendar(client):
    response = get(client, "exports:calendar")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def test_export_addresses_are_below_the_conference():
    assert [reverse(name, kwargs={"conference": "caribbean"}) for name in VIEWS] == [
        "/caribbean/schedule.xml",
        "/caribbean/schedule.json",
        "/caribbean/programme.ics",
    ]
    assert resolve("/caribbean/schedule.xml").func.__wrapped__ is export_views.schedule_xml
    assert resolve("/caribbean/").view_name == "conference:programme"


@pytest.mark.parametrize("name", VIEWS)
def test_export_of_unknown_conference_is_not_found(client, caribbean, name):
    assert get(client, name, slug="atlantis").status_code == 404


def test_xml_without_dates_is_valid_with_one_empty_day(client, caribbean):
    document = xml(client)
    conference = document.find("conference")
    assert [(child.tag, child.text) for child in conference] == [
        ("acronym", "caribbean"),
        ("title", "Caribbean regional conference"),
        ("timeslot_duration", "00:05"),
    ]
    days = document.findall("day")
    assert [(day.attrib, len(day)) for day in days] == [({}, 0)]


def test_xml_with_times_is_valid_and_has_the_timed_sessions(client, scheduled):
    document = xml(client)
    conference = document.find("conference")
    assert [(child.tag, child.text) for child in conference] == [
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
    assert [room.get("name") for room in document.iterfind("day/room")] == ["to be announced", "to be announced"]
    # Session 5 has a start but no planned length, and frab needs a duration: it waits.
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


def test_xml_without_time_zone_has_local_times(client, scheduled):
    scheduled.time_zone = ""
    scheduled.save()
    document = xml(client)
    assert document.find("day").get("start") == "2026-06-09T00:00:00"
    assert events(document)[0][2] == "2026-06-09T09:00:00"


def test_xml_lists_conference_days_without_sessions(client, caribbean):
    caribbean.start_date, caribbean.end_date = datetime.date(2026, 6, 9), datetime.date(2026, 6, 10)
    caribbean.save()
    document = xml(client)
    assert [(day.get("date"), len(day)) for day in document.findall("day")] == [("2026-06-09", 0), ("2026-06-10", 0)]


def test_venue_is_the_room_and_the_location(client, scheduled):
    scheduled.venue = "Hyatt Regency, Port of Spain"
    scheduled.save()
    assert {room.get("name") for room in xml(client).iterfind("day/room")} == {"Hyatt Regency, Port of Spain"}
    assert {event["LOCATION"] for event in calendar(client).events} == {"Hyatt Regency, Port of Spain"}


def test_guids_and_version_are_stable_across_calls(client, scheduled):
    first, second = xml(client), xml(client)
    assert events(first) == events(second)
    assert first.findtext("version") == second.findtext("version")
    assert get(client, "exports:schedule_json").json()["schedule"]["version"] == first.findtext("version")


def test_version_changes_with_the_programme(client, scheduled):
    before = xml(client).findtext("version")
    session = Session.objects.get(conference=scheduled, number=1)
    session.start_time = datetime.time(9, 15)
    session.save()
    assert xml(client).findtext("version") != before


def test_json_without_dates(client, caribbean):
    response = get(client, "exports:schedule_json")
    data = response.json()
    assert response["Content-Type"] == "application/json"
    assert len(data["schedule"].pop("version")) == 12
    assert data == {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "schedule": {
            "conference": {
                "acronym": "caribbean",
                "title": "Caribbean regional conference",
                "start": None,
                "end": None,
                "daysCount": None,
                "timeslot_duration": "00:05",
                "days": [],
            }
        },
    }


def test_json_with_times(client, scheduled):
    session = Session.objects.get(conference=scheduled, number=2)
    conference = get(client, "exports:schedule_json").json()["schedule"]["conference"]
    days = conference.pop("days")
    assert conference == {
        "acronym": "caribbean",
        "title": "Caribbean regional conference",
        "start": "2026-06-09",
        "end": "2026-06-10",
        "daysCount": 2,
        "timeslot_duration": "00:05",
        "time_zone_name": "America/Port_of_Spain",
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


def test_json_persons_are_facilitator_contributors_and_panellists_once(client, scheduled):
    country = scheduled.countries.first()
    facilitator, contributor, panellist = (
        Participant.objects.create(conference=scheduled, full_name=name, country=country)
        for name in ("Ana Facilitator", "Ben Contributor", "Cleo Panellist")
    )
    session = Session.objects.get(conference=scheduled, number=1)
    session.facilitator = facilitator
    session.save()
    session.segments.filter(position=1).update(presenter=contributor)
    session.segments.filter(position=2).update(presenter=facilitator)
    session.panellists.add(panellist)
    event = get(client, "exports:schedule_json").json()["schedule"]["conference"]["days"][0]["rooms"][
        "to be announced"
    ][0]
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


def test_calendar_without_times_has_no_events(client, caribbean):
    feed = calendar(client)
    assert (feed["PRODID"], feed["VERSION"]) == ("-//Breakout app//Programme//EN", "2.0")
    assert feed.events == []
    assert feed.timezones == []


def test_calendar_with_times_in_the_conference_time_zone(client, scheduled):
    feed = calendar(client)
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
    text = get(client, "exports:calendar").content.decode()
    assert "DTSTART;TZID=America/Port_of_Spain:20260609T090000\r\n" in text
    assert "DTEND;TZID=America/Port_of_Spain:20260609T115000\r\n" in text


def test_calendar_event_text(client, scheduled):
    event = calendar(client).events[4]
    assert event["SUMMARY"] == "Session 5: Concluding session"
    assert event["URL"] == "http://testserver/caribbean/sessions/5/"
    assert event["DESCRIPTION"] == (
        "To propose specific programmatic guidance and related actions for the implementation of the "
        "transformation of national statistical systems in Caribbean countries."
    )
    assert "LOCATION" not in event
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


def add_session(conference, number):
    """Another timed session with a segment, a thematic area, a panellist and one group's breakout."""
    session = Session.objects.create(
        conference=conference,
        number=number,
        title=f"Extra {number}",
        date=datetime.date(2026, 6, 10),
        start_time=datetime.time(8, 0),
    )
    Segment.objects.create(session=session, position=1, kind=SegmentKind.DISCUSSION, min_minutes=30)
    session.thematic_areas.add(conference.thematic_areas.first())
    country = conference.countries.first()
    session.panellists.add(Participant.objects.create(conference=conference, full_name="Pat", country=country))
    group = BreakoutGroup.objects.get(conference=conference, number=1)
    Breakout.objects.create(session=session, group=group, topic=f"Topic {number}")


@pytest.mark.parametrize("name", VIEWS)
def test_export_query_count_does_not_grow_with_the_programme(client, scheduled, django_assert_num_queries, name):
    # The conference, then sessions, thematic areas, segments, panellists, breakouts and their groups.
    with django_assert_num_queries(8):
        assert get(client, name).status_code == 200
    add_session(scheduled, 6)
    add_session(scheduled, 7)
    with django_assert_num_queries(8):
        assert get(client, name).status_code == 200


def test_control_characters_typed_in_the_programme_are_left_out_of_xml_and_calendar(client, scheduled):
    """A manual line break pasted from a word processor (\\x0b), or an escape, is invisible on the page but would make
    the XML unreadable and the calendar invalid."""
    session = Session.objects.get(conference=scheduled, number=1)
    session.title, session.aim = "Opening\x0bsession\x1b", "Aim\x0c"
    session.save()
    scheduled.venue = "Hyatt\x01 Regency"
    scheduled.save()
    event = xml(client).find("day/room/event")
    assert (event.findtext("title"), event.findtext("abstract"), event.findtext("room")) == (
        "Openingsession",
        "Aim",
        "Hyatt Regency",
    )
    calendar_event = calendar(client).events[0]
    assert (calendar_event["SUMMARY"], calendar_event["LOCATION"]) == ("Session 1: Openingsession", "Hyatt Regency")
    assert calendar_event["DESCRIPTION"].startswith("Aim\n\n")
    # JSON carries any character (escaped as \u000b), so its text stays as typed.
    day = get(client, "exports:schedule_json").json()["schedule"]["conference"]["days"][0]
    assert day["rooms"]["Hyatt\x01 Regency"][0]["title"] == "Opening\x0bsession\x1b"


def test_a_line_break_in_the_conference_name_keeps_the_calendar_whole(client, scheduled):
    # icalendar refused to write the calendar's name with a line break in it: the feed was a server error.
    scheduled.name = "Regional conference\r\non statistics"
    scheduled.save()
    assert calendar(client)["X-WR-CALNAME"] == "Regional conference on statistics"
