"""Operations on the live moments of a session: asking, voting, moderating, breakout points, facilitators' links.

Views, the admin and the management command call these functions. Each change raises the session's counters in the
same transaction (LiveSession), so that every app server's next answer to a phone, the screen or the facilitator
shows it: nothing lives in a server's memory.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from .models import (
    ASKING_KINDS,
    AudienceQuestion,
    BreakoutPoint,
    FacilitatorNomination,
    LiveSession,
    QuestionStatus,
    Vote,
)


class AskingClosed(Exception):
    """The facilitator has not opened the session for questions (or has just closed it)."""


class NotesClosed(Exception):
    """The session's breakout notes take no more points."""


class NotOpenForVotes(Exception):
    """The question is not shown, or already answered: it takes no votes."""


def live_session(session):
    """The session's live settings, created with their defaults the first time they are needed."""
    live, _created = LiveSession.objects.get_or_create(session=session)
    return live


def _touch(session_id, *, questions=False, moderation=False, notes=False):
    """Raise the counters of what changed. Call inside the transaction that makes the change."""
    changes = {}
    if questions:
        changes["questions_version"] = F("questions_version") + 1
    if questions or moderation:
        changes["moderation_version"] = F("moderation_version") + 1
    if notes:
        changes["notes_version"] = F("notes_version") + 1
    if not LiveSession.objects.filter(session_id=session_id).update(**changes):
        LiveSession.objects.get_or_create(session_id=session_id)
        LiveSession.objects.filter(session_id=session_id).update(**changes)


def touch_questions(*, session):
    """Tell phones, the screen and the facilitator that the session's questions changed (e.g. after an admin edit)."""
    with transaction.atomic():
        _touch(session.pk, questions=True)


def touch_notes(*, session):
    """Tell the groups' note pages that points of the session changed (e.g. after an admin edit)."""
    with transaction.atomic():
        _touch(session.pk, notes=True)


# Asking and voting --------------------------------------------------------------------------------------------------


@transaction.atomic
def open_asking(*, session, segment):
    """Let participants send questions, during `segment` (a questions-for-clarification or discussion segment)."""
    _touch(session.pk, questions=True)
    live = LiveSession.objects.get(session=session)
    live.asking_segment = segment
    live.asking_opened_at = timezone.now()
    live.full_clean()
    live.save(update_fields=["asking_segment", "asking_opened_at"])
    return live


@transaction.atomic
def close_asking(*, session):
    _touch(session.pk, questions=True)
    LiveSession.objects.filter(session=session).update(asking_segment=None, asking_opened_at=None)


@transaction.atomic
def ask(*, session, text, asked_by="", affiliation="", addressee=None, device=""):
    """Record a participant's question; it shows at once, or once approved when the session needs approval.

    Raises AskingClosed when the session is not open for questions.
    """
    _touch(session.pk, moderation=True)  # locks the session's live row until the question is saved
    live = LiveSession.objects.get(session=session)
    if not live.asking_is_open:
        raise AskingClosed
    now = timezone.now()
    shown = not live.needs_approval
    question = AudienceQuestion.objects.create(
        session=session,
        segment_id=live.asking_segment_id,
        addressee=addressee,
        text=text,
        asked_by=asked_by,
        affiliation=affiliation,
        device=device,
        status=QuestionStatus.APPROVED if shown else QuestionStatus.PENDING,
        created_at=now,
        approved_at=now if shown else None,
    )
    if shown:
        _touch(session.pk, questions=True)
    return question


def vote(*, question, device, address=""):
    """Count the device's vote for the question, once: returns True when it is new, False when it had voted already.
    `address` is the keyed hash of the network address it came from (limits.address_hash).

    Raises NotOpenForVotes for a question that is not shown or already answered.
    """
    try:
        with transaction.atomic():
            _touch(question.session_id, questions=True)  # first, as every change does: one order of locks
            if not AudienceQuestion.objects.filter(pk=question.pk, status=QuestionStatus.APPROVED).exists():
                raise NotOpenForVotes
            Vote.objects.create(question=question, device=device, address=address)
    except IntegrityError:
        if Vote.objects.filter(question=question, device=device).exists():
            return False
        raise
    return True


@transaction.atomic
def discount_top_address(*, question):
    """Stop counting the question's votes from the one network address that cast the most of them (the facilitator's
    answer to vote stuffing). They stay in the database, marked discounted; returns how many were discounted."""
    _touch(question.session_id, questions=True)
    counted = Vote.objects.filter(question=question, discounted=False)
    top = counted.order_by().values("address").annotate(count=Count("pk")).order_by("-count", "address").first()
    if top is None:
        return 0
    return counted.filter(address=top["address"]).update(discounted=True)


@transaction.atomic
def count_discounted_again(*, question):
    """Undo `discount_top_address`: the question's discounted votes count again; returns how many."""
    _touch(question.session_id, questions=True)
    return Vote.objects.filter(question=question, discounted=True).update(discounted=False)


# Moderation ---------------------------------------------------------------------------------------------------------


@transaction.atomic
def approve(*, questions):
    """Show pending or hidden questions (and answered ones again, as still to answer); returns how many changed."""
    now = timezone.now()
    changed = 0
    for session_id in sorted(set(questions.values_list("session_id", flat=True))):
        _touch(session_id, questions=True)
        changed += (
            questions.filter(session_id=session_id)
            .exclude(status=QuestionStatus.APPROVED)
            .update(status=QuestionStatus.APPROVED, approved_at=now, hidden_at=None, answered_at=None)
        )
    return changed


def approve_all(*, session):
    """Show every question waiting for approval in the session."""
    return approve(questions=AudienceQuestion.objects.filter(session=session, status=QuestionStatus.PENDING))


@transaction.atomic
def hide(*, questions):
    """Take questions off the phones and the screen. They stay in the database, for the organisers."""
    now = timezone.now()
    changed = 0
    for session_id in sorted(set(questions.values_list("session_id", flat=True))):
        _touch(session_id, questions=True)
        changed += (
            questions.filter(session_id=session_id)
            .exclude(status=QuestionStatus.HIDDEN)
            .update(status=QuestionStatus.HIDDEN, pinned=False, hidden_at=now)
        )
    return changed


@transaction.atomic
def mark_answered(*, question):
    """The question has been answered: it moves below the open ones and stops being the one being answered."""
    _touch(question.session_id, questions=True)
    AudienceQuestion.objects.filter(pk=question.pk).update(
        status=QuestionStatus.ANSWERED, pinned=False, answered_at=timezone.now()
    )


@transaction.atomic
def pin(*, question):
    """Make the question the one being answered (shown large on the screen), approving it if needed."""
    _touch(question.session_id, questions=True)  # locks the session's row: two pins at once cannot both win
    AudienceQuestion.objects.filter(session_id=question.session_id, pinned=True).update(pinned=False)
    now = timezone.now()
    if question.status != QuestionStatus.APPROVED:
        AudienceQuestion.objects.filter(pk=question.pk).update(
            status=QuestionStatus.APPROVED, approved_at=now, hidden_at=None, answered_at=None
        )
    AudienceQuestion.objects.filter(pk=question.pk).update(pinned=True)


@transaction.atomic
def unpin(*, session):
    _touch(session.pk, questions=True)
    AudienceQuestion.objects.filter(session=session, pinned=True).update(pinned=False)


# Breakout notes -----------------------------------------------------------------------------------------------------


@transaction.atomic
def set_notes_open(*, session, is_open):
    _touch(session.pk, notes=True)
    LiveSession.objects.filter(session=session).update(notes_open=is_open)


@transaction.atomic
def add_point(*, question, text, author="", device=""):
    """Note a point under a breakout question. Raises NotesClosed when the session's notes take no more points."""
    session_id = question.breakout.session_id
    _touch(session_id, notes=True)
    if not LiveSession.objects.filter(session_id=session_id).values_list("notes_open", flat=True).get():
        raise NotesClosed
    return BreakoutPoint.objects.create(question=question, text=text, author=author, device=device)


@transaction.atomic
def withdraw_point(*, point, device):
    """The phone that added a point takes it back (it stays in the database, hidden). Returns whether it did."""
    _touch(point.question.breakout.session_id, notes=True)
    changed = BreakoutPoint.objects.filter(pk=point.pk, device=device, hidden_at__isnull=True).update(
        hidden_at=timezone.now()
    )
    return bool(changed)


@transaction.atomic
def hide_points(*, points, hidden=True):
    """Hide points (or show them again), for the organisers; returns how many changed."""
    selected = points.filter(hidden_at__isnull=hidden)
    for session_id in sorted(set(selected.values_list("question__breakout__session_id", flat=True))):
        _touch(session_id, notes=True)
    return selected.update(hidden_at=timezone.now() if hidden else None)


# Facilitators' links ------------------------------------------------------------------------------------------------


@transaction.atomic
def nominate_facilitator(*, session, participant, replace=False):
    """Give the session's facilitator a private link to moderate its questions; returns the saved nomination.

    Raises ValidationError in plain words for a participant of another conference, or when the session already has
    an active link (unless `replace`, which revokes it first).
    """
    if replace:
        revoke_facilitator_links(nominations=session.facilitator_nominations.all())
    nomination = FacilitatorNomination(session=session, participant=participant)
    nomination.full_clean()
    nomination.save()
    live_session(session)
    return nomination


def revoke_facilitator_links(*, nominations):
    """Withdraw the given links at once; returns how many were still active."""
    return nominations.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def asking_segments(session):
    """The session's segments in which participants can ask, in order (uses prefetched segments)."""
    return [segment for segment in session.segments.all() if segment.kind in ASKING_KINDS]
