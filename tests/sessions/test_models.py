import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from sessions.models import MinuteRange, Segment, SegmentKind, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(conference):
    session = Session.objects.create(conference=conference, number=1, title="S")
    for position, (kind, low, high) in enumerate(
        [
            (SegmentKind.PRESENTATION, 15, 20),
            (SegmentKind.PRESENTATION, 15, 20),
            (SegmentKind.QUESTIONS, 15, 15),
            (SegmentKind.BREAKOUT, 45, 45),
            (SegmentKind.REPORT_BACK, 5, 10),
            (SegmentKind.DISCUSSION, 30, None),
        ],
        start=1,
    ):
        Segment.objects.create(session=session, position=position, kind=kind, min_minutes=low, max_minutes=high)
    return session


def test_planned_length_is_the_sum_of_ranges(session):
    assert session.planned_length == MinuteRange(125, 140)
    assert str(session.planned_length) == "125–140 minutes"


def test_planned_length_unknown_while_a_segment_has_no_duration(session):
    Segment.objects.create(session=session, position=7, kind=SegmentKind.PANEL)
    assert session.planned_length is None


def test_timeline_without_start_time_has_durations_only(session):
    timeline = session.timeline()
    assert [(s.starts, str(s.duration)) for s in timeline] == [
        (None, "15–20 minutes"),
        (None, "15–20 minutes"),
        (None, "15 minutes"),
        (None, "45 minutes"),
        (None, "5–10 minutes"),
        (None, "30 minutes"),
    ]


def test_timeline_clock_times_follow_the_start(session):
    session.date, session.start_time = datetime.date(2027, 5, 3), datetime.time(9, 0)
    with translation.override("en"):
        assert [(str(s.starts), str(s.ends)) for s in session.timeline()] == [
            ("09:00", "09:15–09:20"),
            ("09:15–09:20", "09:30–09:40"),
            ("09:30–09:40", "09:45–09:55"),
            ("09:45–09:55", "10:30–10:40"),
            ("10:30–10:40", "10:35–10:50"),
            ("10:35–10:50", "11:05–11:20"),
        ]
    with translation.override("fr"):
        assert str(session.timeline()[1].starts) == "09:15–09:20"


def test_timeline_stops_at_a_segment_without_duration(session):
    session.date, session.start_time = datetime.date(2027, 5, 3), datetime.time(9, 0)
    Segment.objects.filter(position=3).update(min_minutes=None, max_minutes=None)
    timeline = session.timeline()
    assert [s.starts is not None for s in timeline] == [True, True, True, False, False, False]


def test_segment_maximum_below_minimum_is_refused(session):
    segment = Segment(session=session, position=9, kind=SegmentKind.DISCUSSION, min_minutes=20, max_minutes=10)
    with pytest.raises(ValidationError) as error:
        segment.full_clean()
    assert error.value.message_dict["max_minutes"] == [
        "The maximum (10 minutes) cannot be below the minimum (20 minutes)."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        segment.save()


def test_segment_maximum_without_minimum_is_refused(session):
    segment = Segment(session=session, position=9, kind=SegmentKind.DISCUSSION, max_minutes=10)
    with pytest.raises(ValidationError) as error:
        segment.full_clean()
    assert error.value.message_dict["min_minutes"] == [
        "Give the minimum minutes too (the same as the maximum for an exact duration)."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        segment.save()


def test_segment_positions_unique_in_session(session):
    with pytest.raises(IntegrityError), transaction.atomic():
        Segment.objects.create(session=session, position=1, kind=SegmentKind.PANEL)


def test_session_numbers_unique_per_conference(session, conference):
    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.create(conference=conference, number=1, title="again")


def test_session_date_within_conference(session, conference):
    conference.start_date, conference.end_date = datetime.date(2027, 5, 3), datetime.date(2027, 5, 4)
    conference.save()
    session.date = datetime.date(2027, 5, 5)
    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert error.value.message_dict == {"date": ["The date must fall within the conference’s days."]}


def test_breakouts_queryset(caribbean):
    assert list(Session.objects.breakouts().values_list("number", flat=True)) == [1, 2, 3, 4]


def test_moderated_segments_are_the_ones_the_document_names(session):
    assert [s.is_moderated for s in session.timeline()] == [False, False, True, False, True, True]


def test_lazy_reference_uses_the_app_label():
    from django.apps import apps
    from django.contrib.sessions.models import Session as LoginSession

    assert apps.get_model("agenda_sessions.Session") is Session
    assert apps.get_model("sessions.Session") is LoginSession
