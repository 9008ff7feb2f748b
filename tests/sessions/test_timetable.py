"""The timetable in the admin's sessions list: dates and start times edited in the list, in one written form that the
page names, and sessions that overlap pointed out."""

import datetime

import pytest
from django.urls import reverse
from lxml import html

from sessions.models import Session, overlaps
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

LIST = reverse("admin:agenda_sessions_session_changelist")


def timetable(client, changes):
    """Post the sessions list with {session number: (date, start time)} typed into its rows."""
    response = client.get(LIST, {"o": "1"})  # by number
    data = form_data(response)
    rows = {int(data[f"form-{i}-id"]): i for i in range(int(data["form-TOTAL_FORMS"]))}
    numbers = dict(Session.objects.values_list("number", "pk"))
    for number, (date, time) in changes.items():
        index = rows[numbers[number]]
        data[f"form-{index}-date"], data[f"form-{index}-start_time"] = date, time
    return client.post(f"{LIST}?o=1", {**data, "_save": "Save"}, follow=True)


def test_dates_and_start_times_are_edited_in_the_list(organiser_client, caribbean):
    page = html.fromstring(organiser_client.get(LIST).content.decode())
    assert sorted(set(page.xpath("//input[starts-with(@name, 'form-') and contains(@name, 'date')]/@placeholder"))) == [
        "YYYY-MM-DD"
    ]
    assert sorted(set(page.xpath("//input[contains(@name, 'start_time')]/@placeholder"))) == ["HH:MM"]
    response = timetable(organiser_client, {1: ("2026-11-27", "09:00"), 2: ("2026-11-27", "14:00")})
    assert [str(m) for m in response.context["messages"]] == ["2 sessions were changed successfully."]
    assert list(Session.objects.filter(number__in=[1, 2]).values_list("date", "start_time")) == [
        (datetime.date(2026, 11, 27), datetime.time(9, 0)),
        (datetime.date(2026, 11, 27), datetime.time(14, 0)),
    ]


def test_a_date_in_another_format_is_refused_naming_the_expected_one(organiser_client, caribbean):
    response = timetable(organiser_client, {1: ("27/11/2026", "9h"), 2: ("11/27/2026", "09:00")})
    page = html.fromstring(response.content.decode())
    errors = [" ".join(e.text_content().split()) for e in page.xpath("//ul[contains(@class, 'errorlist')]/li")]
    assert errors == [
        "Enter the date as YYYY-MM-DD, for example 2026-11-27.",
        "Enter the time as HH:MM on a 24-hour clock, for example 09:30 or 14:00.",
        "Enter the date as YYYY-MM-DD, for example 2026-11-27.",
    ]
    assert sorted(page.xpath("//input[contains(@name, '-date')]/@value"))[-2:] == ["11/27/2026", "27/11/2026"]
    assert set(Session.objects.values_list("date", flat=True)) == {None}


def test_overlapping_sessions_are_pointed_out(organiser_client, caribbean):
    # Session 1 lasts up to 2 h 50 (its segments' maximum minutes): from 09:00 it runs into session 2 at 11:00.
    response = timetable(
        organiser_client, {1: ("2026-11-27", "09:00"), 2: ("2026-11-27", "11:00"), 3: ("2026-11-28", "09:00")}
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "3 sessions were changed successfully.",
        "Session 1 (2026-11-27 09:00) overlaps session 2. Check their dates and start times.",
    ]
    page = html.fromstring(response.content.decode())
    column = [" ".join(td.text_content().split()) for td in page.xpath("//td[contains(@class, 'field-clashes')]")]
    assert column == ["2", "1", "–", "–", "–"]


def test_overlaps_use_the_planned_maximum_length(caribbean):
    sessions = {s.number: s for s in Session.objects.prefetch_related("segments")}
    day = datetime.date(2026, 11, 27)
    length = sessions[1].planned_length
    assert (length.low, length.high) == (140, 170)
    sessions[1].date, sessions[1].start_time = day, datetime.time(9, 0)
    sessions[2].date, sessions[2].start_time = day, datetime.time(11, 50)  # 09:00 + 170 minutes: no overlap
    sessions[5].date, sessions[5].start_time = day, datetime.time(11, 49)  # no length known: within session 1
    sessions[3].date = day  # no start time: not placed
    found = overlaps(sessions.values())
    assert {s.number: [o.number for o in others] for s, others in found.items()} == {1: [5], 5: [1]}
