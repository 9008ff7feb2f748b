"""The live records' rules: in the database (named constraints) and in plain words (clean)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from conference.links import LinkState
from groups.live.models import AudienceQuestion, BreakoutPoint, FacilitatorNomination, LiveSession, QuestionStatus, Vote
from sessions.models import SegmentKind

pytestmark = pytest.mark.django_db


def test_one_vote_per_device_and_question(session_1):
    question = AudienceQuestion.objects.create(session=session_1, text="Why?", status=QuestionStatus.APPROVED)
    Vote.objects.create(question=question, device="a" * 32)
    with pytest.raises(IntegrityError), transaction.atomic():
        Vote.objects.create(question=question, device="a" * 32)
    with pytest.raises(ValidationError) as error:
        Vote(question=question, device="a" * 32).validate_constraints()
    assert error.value.messages == ["This phone has already voted for this question."]
    Vote.objects.create(question=question, device="b" * 32)
    assert question.votes.count() == 2


def test_one_question_is_being_answered_per_session(session_1):
    first = AudienceQuestion.objects.create(session=session_1, text="A?", status=QuestionStatus.APPROVED, pinned=True)
    second = AudienceQuestion(session=session_1, text="B?", status=QuestionStatus.APPROVED, pinned=True)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert error.value.message_dict == {"pinned": ["Another question of this session is already being answered."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    first.pinned = False
    first.save()
    second.save()


def test_only_a_shown_question_is_being_answered(session_1):
    question = AudienceQuestion(session=session_1, text="A?", status=QuestionStatus.PENDING, pinned=True)
    with pytest.raises(ValidationError) as error:
        question.clean()
    assert error.value.message_dict == {"pinned": ["Only a shown question can be the one being answered."]}
    with pytest.raises(IntegrityError), transaction.atomic():
        question.save()


def test_asking_is_open_only_during_a_questions_or_discussion_segment_of_the_session(session_1, caribbean):
    live = LiveSession(session=session_1, asking_segment=session_1.segments.get(kind=SegmentKind.BREAKOUT))
    with pytest.raises(ValidationError) as error:
        live.clean()
    assert error.value.message_dict == {
        "asking_segment": ["Choose a questions-for-clarification or general-discussion segment."]
    }
    live.asking_segment = caribbean.sessions.get(number=2).segments.get(kind=SegmentKind.QUESTIONS)
    with pytest.raises(ValidationError) as error:
        live.clean()
    assert error.value.message_dict == {"asking_segment": ["Choose a segment of this session."]}
    live.asking_segment = session_1.segments.get(kind=SegmentKind.DISCUSSION)
    live.clean()
    assert live.asking_opened_at is not None
    live.asking_opened_at = None
    with pytest.raises(IntegrityError), transaction.atomic():
        live.save()


def test_one_active_facilitator_link_per_session(session_1, facilitator, nomination):
    second = FacilitatorNomination(session=session_1, participant=facilitator)
    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "This session already has a facilitator’s link. Revoke it before nominating another." in error.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    nomination.revoked_at = timezone.now()
    nomination.save()
    second.save()
    assert len(nomination.token) >= 43  # 256 bits, URL-safe
    assert nomination.token != second.token


def test_facilitator_link_expires_after_the_conference(nomination, caribbean):
    assert (nomination.expires_at, nomination.link_state()) == (None, LinkState.ACTIVE)
    caribbean.end_date, caribbean.time_zone = datetime.date(2026, 6, 10), "America/Port_of_Spain"
    caribbean.save()
    nomination = FacilitatorNomination.objects.select_related("session__conference").get(pk=nomination.pk)
    assert nomination.expires_at.isoformat() == "2026-06-11T00:00:00-04:00"
    assert nomination.link_state(now=nomination.expires_at - datetime.timedelta(seconds=1)) == LinkState.ACTIVE
    assert nomination.link_state(now=nomination.expires_at) == LinkState.EXPIRED
    nomination.revoked_at = timezone.now()
    assert nomination.link_state() == LinkState.REVOKED


def test_readable_names(session_1, nomination, breakout_1_1):
    question = AudienceQuestion.objects.create(
        session=session_1, text="x" * 100, asked_by="Bob", affiliation="Jamaica", addressee=None
    )
    point = BreakoutPoint.objects.create(question=breakout_1_1.questions.first(), text="Open data", author="Ann")
    assert str(question) == "x" * 79 + "…"
    assert (question.sender, str(question.addressed_to)) == ("Bob, Jamaica", "To the floor")
    question.addressee = nomination.participant
    assert str(question.addressed_to) == "To Fay Facilitator"
    assert str(Vote(question=question, device="d")) == f"Vote for “{'x' * 79}…”"
    assert (str(point), point.markdown_item) == ("Open data", "- Open data (Ann)")
    assert str(nomination) == f"Fay Facilitator (Barbados), facilitator of {session_1}"
    assert str(LiveSession(session=session_1)) == f"Live settings of {session_1}"
