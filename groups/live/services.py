"""Operations on the live moments of a session: asking, voting, moderating, breakout points, facilitators' links.

Views, the admin and the management command call these functions. Each change raises the session's counters in the
same transaction (LiveSession), so that every app server's next answer to a phone, the screen or the facilitator
shows it: nothing lives in a server's memory. A record saved elsewhere (an organiser's edit in the admin) raises
them through `count_saved_record`, a post_save receiver.
"""

import functools
import smtplib
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import (
    AudienceQuestion,
    BreakoutPoint,
    FacilitatorNomination,
    LiveSession,
    NotesLink,
    QuestionStatus,
    Vote,
)


class AskingClosed(Exception):
    """The facilitator has not opened the session for questions (or has just closed it)."""


class NotesClosed(Exception):
    """The session's breakout notes take no more points."""


class NotOpenForVotes(Exception):
    """The question is not shown, or already answered: it takes no votes."""


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


# Whether the running code is one of these services, which raise the counters themselves.
_counting = ContextVar("live_counting", default=False)


def counts_its_changes(service):
    """Run `service` in one transaction, as a function that raises the counters itself (first, in one order of
    locks): the records it saves are not counted again by `count_saved_record`."""

    @functools.wraps(service)
    def counted(*args, **kwargs):
        token = _counting.set(True)
        try:
            with transaction.atomic():
                return service(*args, **kwargs)
        finally:
            _counting.reset(token)

    return counted


def _session_of_point(point):
    return point.question.breakout.session_id


# What a save made elsewhere changes: the session it belongs to, and the counters to raise.
SAVES_SEEN = {
    LiveSession: (lambda live: live.session_id, {"questions": True, "notes": True}),
    AudienceQuestion: (lambda question: question.session_id, {"questions": True}),
    BreakoutPoint: (_session_of_point, {"notes": True}),
}


def count_saved_record(sender, instance, raw=False, **kwargs):
    """post_save receiver (connected in the app's ready()): a live record saved outside these services (an
    organiser's edit in the admin, the shell) raises the counters of its session, so that every phone, the screen
    and the facilitator see it on their next refresh."""
    if raw or _counting.get():
        return
    session_id, counters = SAVES_SEEN[sender]
    _touch_in_transaction(session_id(instance), **counters)


@counts_its_changes
def _touch_in_transaction(session_id, **counters):
    _touch(session_id, **counters)


@counts_its_changes
def live_session(session):
    """The session's live settings, created with their defaults the first time they are needed."""
    live, _created = LiveSession.objects.get_or_create(session=session)
    return live


# Asking and voting --------------------------------------------------------------------------------------------------


@counts_its_changes
def open_asking(*, session, segment):
    """Let participants send questions, during `segment` (a questions-for-clarification or discussion segment)."""
    _touch(session.pk, questions=True)
    live = LiveSession.objects.get(session=session)
    live.asking_segment = segment
    live.asking_opened_at = timezone.now()
    live.full_clean()
    live.save(update_fields=["asking_segment", "asking_opened_at"])
    return live


@counts_its_changes
def close_asking(*, session):
    _touch(session.pk, questions=True)
    LiveSession.objects.filter(session=session).update(asking_segment=None, asking_opened_at=None)


@counts_its_changes
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


@counts_its_changes
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


@counts_its_changes
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


@counts_its_changes
def mark_answered(*, question):
    """The question has been answered: it moves below the open ones and stops being the one being answered."""
    _touch(question.session_id, questions=True)
    AudienceQuestion.objects.filter(pk=question.pk).update(
        status=QuestionStatus.ANSWERED, pinned=False, answered_at=timezone.now()
    )


@counts_its_changes
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


@counts_its_changes
def unpin(*, session):
    _touch(session.pk, questions=True)
    AudienceQuestion.objects.filter(session=session, pinned=True).update(pinned=False)


# Breakout notes -----------------------------------------------------------------------------------------------------


@counts_its_changes
def set_notes_open(*, session, is_open):
    _touch(session.pk, notes=True)
    LiveSession.objects.filter(session=session).update(notes_open=is_open)


@counts_its_changes
def add_point(*, question, text, author="", device=""):
    """Note a point under a breakout question. Raises NotesClosed when the session's notes take no more points."""
    session_id = question.breakout.session_id
    _touch(session_id, notes=True)
    if not LiveSession.objects.filter(session_id=session_id).values_list("notes_open", flat=True).get():
        raise NotesClosed
    return BreakoutPoint.objects.create(question=question, text=text, author=author, device=device)


@counts_its_changes
def withdraw_point(*, point, device):
    """The phone that added a point takes it back (it stays in the database, hidden). Returns whether it did."""
    _touch(point.question.breakout.session_id, notes=True)
    changed = BreakoutPoint.objects.filter(pk=point.pk, device=device, hidden_at__isnull=True).update(
        hidden_at=timezone.now()
    )
    return bool(changed)


@counts_its_changes
def hide_points(*, points, hidden=True):
    """Hide points (or show them again): the organisers, the group's rapporteur and the session's facilitator do.
    Hidden points leave the group's notes page, the rapporteur's form and the outcome's appendix; returns how many
    changed."""
    selected = points.filter(hidden_at__isnull=hidden)
    for session_id in sorted(set(selected.values_list("question__breakout__session_id", flat=True))):
        _touch(session_id, notes=True)
    return selected.update(hidden_at=timezone.now() if hidden else None)


def notes_links(*, breakouts):
    """{breakout id: its active notes link} for these breakouts, with `breakout__session__conference` loaded; links
    are made for those that have none yet. One query when all have one, three otherwise, however many breakouts."""
    breakouts = list(breakouts)
    active = NotesLink.objects.active().select_related("breakout__session__conference")
    found = {link.breakout_id: link for link in active.filter(breakout__in=breakouts)}
    missing = [breakout for breakout in breakouts if breakout.pk not in found]
    if missing:
        # A link made meanwhile by another request wins (the database keeps one active link per breakout).
        NotesLink.objects.bulk_create([NotesLink(breakout=breakout) for breakout in missing], ignore_conflicts=True)
        found.update((link.breakout_id, link) for link in active.filter(breakout__in=missing))
    return found


def notes_link(*, breakout):
    """The breakout's active notes link, made the first time it is needed."""
    return notes_links(breakouts=[breakout])[breakout.pk]


def revoke_notes_links(*, links):
    """Withdraw notes links (one that leaked); the next room card or screen shows a new one. Returns how many were
    still active."""
    return links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


# Facilitators' links ------------------------------------------------------------------------------------------------


@counts_its_changes
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


class EmailNotConfigured(Exception):
    """This server has no mail server to send through (EMAIL_URL is not set): nothing was sent."""


def moderation_url(base_url, nomination):
    """The facilitator's private link, absolute, on the site at `base_url` (scheme and host)."""
    return base_url.rstrip("/") + reverse("live:moderate", kwargs={"token": nomination.token})


def _facilitator_mail(nomination, *, base_url, connection):
    """The mail that gives a facilitator their link, in the language active when it is called."""
    participant = nomination.participant
    conference = nomination.session.conference
    context = {
        "participant": participant,
        "session": nomination.session,
        "conference": conference,
        "url": moderation_url(base_url, nomination),
        "expires_at": nomination.expires_at,
        "time_zone": conference.time_zone,
        "zone_label": conference.zone_label,
    }
    subject = _("Your facilitator’s link – %(conference)s") % {"conference": conference.display_name}
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string("live/email/facilitator_link.txt", context),
        to=[participant.email],
        connection=connection,
    )


def send_facilitator_links(*, nominations, base_url):
    """Email each facilitator the private link of their session, one mail per link, through Django's email; a link
    counts as emailed (`emailed_at`) only once the mail server accepted the mail. Returns (sent, failed, skipped):
    the nominations sent, (nomination, reason) for those the server refused, and those without an email address.
    Raises EmailNotConfigured, sending nothing, when this server has no mail server."""
    if not settings.EMAIL_CONFIGURED:
        raise EmailNotConfigured
    sent, failed, skipped = [], [], []
    connection = get_connection(fail_silently=False)
    for nomination in nominations.select_related("participant", "session__conference"):
        participant = nomination.participant
        if not participant.email:
            skipped.append(nomination)
            continue
        with translation.override(participant.mail_language):  # in their language, link and all
            mail = _facilitator_mail(nomination, base_url=base_url, connection=connection)
        try:
            if connection.send_messages([mail]) != 1:
                raise smtplib.SMTPException(_("the mail server took no mail"))
        except (smtplib.SMTPException, OSError) as error:
            failed.append((nomination, str(error) or type(error).__name__))
        else:
            nomination.emailed_at = timezone.now()
            nomination.save(update_fields=["emailed_at"])
            sent.append(nomination)
    connection.close()
    return sent, failed, skipped
