"""Asking, voting, moderating, noting points: each change is kept once, raises the counters the phones, the screen
and the facilitator watch, and never the public page cache's content version."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from conference.models import ContentVersion
from groups.live import services
from groups.live.models import AudienceQuestion, BreakoutPoint, LiveSession, QuestionStatus, Vote
from tests.html_forms import form_data

from .conftest import make_questions

pytestmark = pytest.mark.django_db


def counters(session):
    live = LiveSession.objects.get(session=session)
    return live.questions_version, live.moderation_version, live.notes_version


def test_asking_needs_the_facilitator_to_open_it(session_1, questions_segment):
    with pytest.raises(services.AskingClosed):
        services.ask(session=session_1, text="Too early?")
    assert AudienceQuestion.objects.count() == 0
    services.open_asking(session=session_1, segment=questions_segment)
    question = services.ask(session=session_1, text="Now?", device="a" * 32)
    assert (question.status, question.segment, question.approved_at) == (
        QuestionStatus.PENDING,
        questions_segment,
        None,
    )
    services.close_asking(session=session_1)
    with pytest.raises(services.AskingClosed):
        services.ask(session=session_1, text="Too late?")
    assert list(AudienceQuestion.objects.values_list("text", flat=True)) == ["Now?"]


def test_opening_asking_for_a_segment_that_takes_no_questions_is_refused(session_1):
    breakout = session_1.segments.get(kind="breakout")
    with pytest.raises(ValidationError):
        services.open_asking(session=session_1, segment=breakout)
    assert not LiveSession.objects.filter(session=session_1, asking_segment__isnull=False).exists()


def test_a_pending_question_changes_only_what_the_facilitator_sees(open_session):
    before = counters(open_session)
    services.ask(session=open_session, text="Pending?")
    assert counters(open_session) == (before[0], before[1] + 1, before[2])


def test_without_approval_a_question_shows_at_once(unmoderated):
    before = counters(unmoderated)
    question = services.ask(session=unmoderated, text="Shown?")
    assert question.status == QuestionStatus.APPROVED
    assert question.approved_at is not None
    assert counters(unmoderated)[0] == before[0] + 1


def test_a_vote_counts_once_per_device(unmoderated):
    question = services.ask(session=unmoderated, text="Vote for me?")
    assert services.vote(question=question, device="a" * 32) is True
    assert services.vote(question=question, device="a" * 32) is False
    assert services.vote(question=question, device="b" * 32) is True
    assert sorted(Vote.objects.values_list("device", flat=True)) == ["a" * 32, "b" * 32]


def test_only_shown_questions_take_votes(open_session):
    pending = services.ask(session=open_session, text="Pending?")
    with pytest.raises(services.NotOpenForVotes):
        services.vote(question=pending, device="a" * 32)
    services.approve(questions=AudienceQuestion.objects.filter(pk=pending.pk))
    services.mark_answered(question=pending)
    with pytest.raises(services.NotOpenForVotes):
        services.vote(question=pending, device="a" * 32)
    assert Vote.objects.count() == 0


def test_moderation(open_session):
    first, second, third = (services.ask(session=open_session, text=f"Q{n}?") for n in (1, 2, 3))
    assert services.approve_all(session=open_session) == 3
    services.pin(question=first)
    services.pin(question=second)  # only one is being answered
    assert list(AudienceQuestion.objects.filter(pinned=True).values_list("text", flat=True)) == ["Q2?"]
    services.mark_answered(question=second)
    services.hide(questions=AudienceQuestion.objects.filter(pk=third.pk))
    states = dict(AudienceQuestion.objects.values_list("text", "status"))
    assert states == {"Q1?": "approved", "Q2?": "answered", "Q3?": "hidden"}
    assert not AudienceQuestion.objects.filter(pinned=True).exists()
    # Nothing is erased: a hidden question can be shown again, an answered one put back in the list.
    assert services.approve(questions=AudienceQuestion.objects.filter(pk__in=[second.pk, third.pk])) == 2
    assert set(AudienceQuestion.objects.values_list("status", flat=True)) == {"approved"}
    services.pin(question=third)
    services.unpin(session=open_session)
    assert not AudienceQuestion.objects.filter(pinned=True).exists()


def test_pinning_a_pending_question_shows_it(open_session):
    question = services.ask(session=open_session, text="Straight to the screen?")
    services.pin(question=question)
    question.refresh_from_db()
    assert (question.status, question.pinned) == (QuestionStatus.APPROVED, True)


def test_points_are_kept_and_withdrawn_only_by_their_phone(breakout_1_1):
    question = breakout_1_1.questions.get(position=1)
    point = services.add_point(question=question, text="Open data", author="Ann", device="a" * 32)
    before = counters(breakout_1_1.session)
    assert services.withdraw_point(point=point, device="b" * 32) is False
    assert services.withdraw_point(point=point, device="a" * 32) is True
    assert counters(breakout_1_1.session)[2] > before[2]
    assert BreakoutPoint.objects.visible().count() == 0
    assert BreakoutPoint.objects.get().text == "Open data"  # still there, for the organisers
    assert services.hide_points(points=BreakoutPoint.objects.all(), hidden=False) == 1
    assert BreakoutPoint.objects.visible().count() == 1


def test_closed_notes_take_no_points(breakout_1_1):
    services.set_notes_open(session=breakout_1_1.session, is_open=False)
    with pytest.raises(services.NotesClosed):
        services.add_point(question=breakout_1_1.questions.first(), text="Late")
    assert BreakoutPoint.objects.count() == 0


def test_nominating_a_facilitator_again_needs_replace(session_1, facilitator, nomination):
    with pytest.raises(ValidationError):
        services.nominate_facilitator(session=session_1, participant=facilitator)
    new = services.nominate_facilitator(session=session_1, participant=facilitator, replace=True)
    nomination.refresh_from_db()
    assert nomination.revoked_at is not None
    assert new.revoked_at is None
    assert LiveSession.objects.filter(session=session_1).exists()


def test_live_changes_never_raise_the_public_page_cache_version(open_session, breakout_1_1, facilitator):
    version = ContentVersion.current()
    question = services.ask(session=open_session, text="Cached pages stay?")
    services.approve(questions=AudienceQuestion.objects.filter(pk=question.pk))
    services.vote(question=question, device="a" * 32)
    services.pin(question=question)
    services.mark_answered(question=question)
    services.hide(questions=AudienceQuestion.objects.all())
    point = services.add_point(question=breakout_1_1.questions.first(), text="A point", device="a" * 32)
    services.withdraw_point(point=point, device="a" * 32)
    services.set_notes_open(session=open_session, is_open=False)
    services.close_asking(session=open_session)
    services.nominate_facilitator(session=open_session, participant=facilitator)
    make_questions(open_session, 3, votes=2)
    assert ContentVersion.current() == version


def test_an_organisers_edits_in_the_admin_raise_the_counters_of_what_they_change(
    organiser_client, open_session, breakout_1_1
):
    question = services.ask(session=open_session, text="Edited in the admin?")
    point = services.add_point(question=breakout_1_1.questions.first(), text="A point")
    live = LiveSession.objects.get(session=open_session)

    def edit(model, pk, **changes):
        url = reverse(f"admin:live_{model}_change", args=[pk])
        before = counters(open_session)
        assert organiser_client.post(url, form_data(organiser_client.get(url)) | changes).status_code == 302
        after = counters(open_session)
        return tuple(new - old for new, old in zip(after, before, strict=True))

    # (questions, moderation, notes): a question shows on the phones, the screen and the facilitator's page; the
    # session's settings on all of them and the notes; a point on the notes.
    assert edit("audiencequestion", question.pk, text="Edited in the admin!") == (1, 1, 0)
    assert edit("livesession", live.pk, notes_open="") == (1, 1, 1)
    assert edit("breakoutpoint", point.pk, text="An edited point") == (0, 0, 1)
    assert AudienceQuestion.objects.get(pk=question.pk).text == "Edited in the admin!"
    assert LiveSession.objects.get(pk=live.pk).notes_open is False
    assert BreakoutPoint.objects.get(pk=point.pk).text == "An edited point"
