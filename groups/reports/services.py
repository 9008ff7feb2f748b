"""Operations on rapporteurs and reports that touch several records or must stay consistent.

Views, admin actions and management commands call these functions, so that each rule lives in one place.
"""

import datetime
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference.links import LinkState
from conference.models import ContentVersion, Participant
from groups.models import Breakout, Question

from .content import SECTION_KEYS, ReportContent, answer_key, merge, question_id_of
from .models import (
    EmailKind,
    LinkEmail,
    RapporteurAnswer,
    RapporteurNomination,
    RapporteurReport,
    RapporteurReportRevision,
    ReportStatus,
    RevisionAction,
    active_nominations,
    nomination_of,
)

# Revisions that changed the content (publishing and withdrawing keep it as it was).
CONTENT_ACTIONS = [RevisionAction.SAVED, RevisionAction.SUBMITTED, RevisionAction.EDITED, RevisionAction.RESTORED]
# A save that keeps meeting newer saves while it merges gives up after this many tries, as a conflict.
MERGE_TRIES = 5


class ReportConflict(Exception):
    """The save was based on an older version, and the writer and another save changed the same field differently.

    Nothing was written. `current` is the report as it now stands (with its content), `merge` the merge of the
    writer's text into it (with `conflicts`: field key → (mine, theirs)), and `others` the revisions saved since the
    writer's version.
    """

    def __init__(self, current, merge, others):
        super().__init__(f"Report {current.pk} is at version {current.version}: {sorted(merge.conflicts)} conflict.")
        self.current, self.merge, self.others = current, merge, others


class ReportLocked(Exception):
    """The report is published: its rapporteur can no longer change it (an organiser can unpublish it)."""

    def __init__(self, current):
        super().__init__(f"Report {current.pk} is published.")
        self.current = current


class QuestionsRemoved(Exception):
    """The save carried text for questions that are no longer on the breakout's form (retired or deleted since the
    page was opened). Nothing was written; `texts` (field key → text) are handed back to the writer."""

    def __init__(self, current, texts):
        super().__init__(f"Report {current.pk}: no longer open {sorted(texts)}.")
        self.current, self.texts = current, texts


@dataclass
class SaveResult:
    """What a save did. `theirs` names the fields that another save had changed since the writer's version and that
    were kept as that save left them; `others` are the revisions of those saves."""

    report: RapporteurReport
    changed: bool
    theirs: tuple = ()
    others: list = field(default_factory=list)


def report_for(breakout):
    """The breakout's report, created as an empty draft the first time it is asked for."""
    report, _created = RapporteurReport.objects.get_or_create(breakout=breakout)
    return report


@transaction.atomic
def nominate_rapporteur(*, breakout, participant, replace=False):
    """Name the breakout's rapporteur, which gives them a private link; returns the saved nomination.

    Raises ValidationError in plain words for a participant outside the group's countries, from an organisation, or
    when the breakout already has a rapporteur (unless `replace`, which revokes that nomination first).
    """
    if replace:
        revoke_nominations(nominations=breakout.nominations.all())
    nomination = RapporteurNomination(breakout=breakout, participant=participant)
    nomination.full_clean()
    nomination.save()
    report_for(breakout)
    return nomination


def revoke_nominations(*, nominations):
    """Withdraw the given nominations' links at once; returns how many were still active."""
    count = nominations.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    ContentVersion.bump()  # the rapporteur's name leaves the public pages
    return count


def author_of(by):
    """(name, user, nomination) for a revision made by a rapporteur (their nomination) or an organiser (a user)."""
    if isinstance(by, RapporteurNomination):
        return by.participant.full_name, None, by
    if by is None:
        return "", None, None
    return (by.get_full_name() or by.get_username()), by, None


def contents_at(report, versions):
    """{version: ReportContent} for the given content versions of the report (version 0 is the empty report).

    A version with no revision (none was kept) is missing from the answer.
    """
    found = {0: ReportContent()} if 0 in versions else {}
    revisions = (
        RapporteurReportRevision.objects.filter(report=report, version__in=versions, action__in=CONTENT_ACTIONS)
        .order_by("version", "created_at", "pk")
        .values_list("version", "content")
    )
    for version, content in revisions:
        found[version] = ReportContent.from_json(content)  # the last revision of a version wins
    return found


def saved_since(report, version):
    """The revisions that changed the report's content after `version`, oldest first."""
    return list(
        RapporteurReportRevision.objects.filter(report=report, version__gt=version, action__in=CONTENT_ACTIONS)
        .select_related("user", "nomination")
        .order_by("version", "created_at")
    )


def _check(report, content, *, open_only):
    """Length limits (ValidationError by field key) and the questions the content answers: text for a question
    that is no longer on the form is refused (QuestionsRemoved); a blank answer to one is dropped."""
    errors = content.errors()
    if errors:
        raise ValidationError(errors)
    questions = Question.objects.filter(breakout_id=report.breakout_id)
    allowed = set((questions.open() if open_only else questions).values_list("pk", flat=True))
    gone = {key: text for key, text in content.items() if question_id_of(key) not in (None, *allowed)}
    lost = {key: text for key, text in gone.items() if text.strip()}
    if lost:
        raise QuestionsRemoved(RapporteurReport.objects.with_content().get(pk=report.pk), lost)
    if gone:
        content = ReportContent({key: text for key, text in content.items() if key not in gone})
    return content


def save_report(*, report, content, base_version, by, submit=False, field_versions=None, keep_theirs=()):
    """Save a writer's content, based on the version they started from; returns a SaveResult.

    `content` is a ReportContent holding every field of the writer's form (answers to its questions, the sections);
    fields it does not hold keep their current text. When the report was saved by someone else since `base_version`,
    the writer's text is merged into the current one field by field: a field only one side changed takes that side's
    text; a field both changed differently is a conflict, and then nothing is written (ReportConflict). No save ever
    writes a field its writer did not change over a newer text. `field_versions` ({field key: version}) names a
    different starting version for some fields (the page's script sends it for a field typed into while a merged
    save was under way). `keep_theirs` names fields whose writer chose, after a conflict, the text saved at
    `base_version` over their own.

    Each write is one `UPDATE … WHERE version = <the version merged against>`, which the database runs atomically: a
    save that meets a newer version merges again against it. `by` is the rapporteur's nomination or an organiser (a
    user). A rapporteur's save makes the report a draft, or submits it (`submit=True`), and is refused with
    ReportLocked once it is published. An organiser's edit keeps the status.
    """
    if isinstance(by, RapporteurNomination):
        action = RevisionAction.SUBMITTED if submit else RevisionAction.SAVED
    else:
        action = RevisionAction.EDITED
    content = _check(report, content, open_only=True)
    if keep_theirs:
        chosen = contents_at(report, {base_version}).get(base_version)
        if chosen is not None:
            content = content.replace({key: chosen[key] for key in keep_theirs if key in content})
    return _write(
        report=report,
        content=content,
        base_version=base_version,
        field_versions=field_versions or {},
        by=by,
        action=action,
    )


def restore_revision(*, revision, by):
    """Make an earlier revision's content the report's current content, as a new version and revision.

    Answers are matched to questions by question, whatever their order now: an answer to a question retired since
    comes back with it; questions the revision does not answer get a blank answer.
    """
    report = RapporteurReport.objects.with_content().get(pk=revision.report_id)
    old = revision.report_content
    questions = report.breakout.questions.all()
    content = ReportContent(
        {answer_key(question.pk): old.answer(question.pk) for question in questions},
        **{key: old[key] for key in SECTION_KEYS},
    )
    content = _check(report, content, open_only=False)
    return _write(
        report=report,
        content=content,
        base_version=report.version,
        field_versions={},
        by=by,
        action=RevisionAction.RESTORED,
    )


def _write(*, report, content, base_version, field_versions, by, action):
    is_rapporteur = isinstance(by, RapporteurNomination)
    keys = list(content)
    for _try in range(MERGE_TRIES):
        current = RapporteurReport.objects.with_content().get(pk=report.pk)
        if is_rapporteur and current.is_published:
            raise ReportLocked(current)
        theirs = current.content
        taken, others = (), []
        if current.version == base_version and not field_versions:
            new = theirs.replace({key: content[key] for key in keys})
        else:
            starts = {key: field_versions.get(key, base_version) for key in keys}
            known = contents_at(current, set(starts.values()))
            bases = {key: known[version][key] if version in known else None for key, version in starts.items()}
            result = merge(base=bases, mine=content, theirs=theirs, keys=keys)
            others = saved_since(current, min(starts.values()))
            if result.conflicts:
                raise ReportConflict(current, result, others)
            new, taken = result.content, result.theirs
        if new == theirs and action in (RevisionAction.SAVED, RevisionAction.EDITED):
            return SaveResult(current, changed=False, theirs=taken, others=others)
        saved = _update(current=current, new=new, by=by, action=action, is_rapporteur=is_rapporteur)
        if saved is not None:
            return SaveResult(saved, changed=True, theirs=taken, others=others)
    # Saved over and over by others while merging: show the writer every field that differs, and let them choose.
    current = RapporteurReport.objects.with_content().get(pk=report.pk)
    result = merge(base={}, mine=content, theirs=current.content, keys=keys)
    raise ReportConflict(current, result, saved_since(current, base_version))


def _update(*, current, new, by, action, is_rapporteur):
    """Write `new` as the version after `current`'s, or return None if another save came first."""
    now = timezone.now()
    changes = {key: new[key] for key in SECTION_KEYS}
    changes.update(version=F("version") + 1, updated_at=now)
    if action == RevisionAction.SUBMITTED:
        changes.update(status=ReportStatus.SUBMITTED, submitted_at=now)
    elif action == RevisionAction.SAVED:
        changes["status"] = ReportStatus.DRAFT
    with transaction.atomic():
        rows = RapporteurReport.objects.filter(pk=current.pk, version=current.version)
        if is_rapporteur:
            rows = rows.exclude(status=ReportStatus.PUBLISHED)
        if rows.update(**changes) == 0:
            return None
        # This transaction now holds the report's row lock: the answers below cannot interleave with another save.
        stored = {answer.question_id: answer for answer in RapporteurAnswer.objects.filter(report_id=current.pk)}
        created = []
        for question_id, text in new.answers.items():
            answer = stored.get(question_id)
            if answer is None and text:
                created.append(RapporteurAnswer(report_id=current.pk, question_id=question_id, text=text))
            elif answer is not None and answer.text != text:
                answer.text = text
                answer.save(update_fields=["text"])
        RapporteurAnswer.objects.bulk_create(created)
        saved = RapporteurReport.objects.with_content().get(pk=current.pk)
        record_revision(report=saved, action=action, by=by)
        if saved.is_published:
            ContentVersion.bump()  # an organiser corrected a published report
    return saved


def record_revision(*, report, action, by):
    """Keep a full copy of the report as it now stands (load it with `with_content()`)."""
    saved_by, user, nomination = author_of(by)
    return RapporteurReportRevision.objects.create(
        report=report,
        version=report.version,
        action=action,
        status=report.status,
        saved_by=saved_by,
        user=user,
        nomination=nomination,
        content=report.content.to_json(),
    )


def _status_change(*, reports, frm, changes, action, by):
    with transaction.atomic():
        locked = RapporteurReport.objects.filter(pk__in=reports.values("pk"), status__in=frm).select_for_update()
        pks = list(locked.values_list("pk", flat=True))
        if not pks:
            return 0
        RapporteurReport.objects.filter(pk__in=pks).update(**changes)
        for report in RapporteurReport.objects.with_content().filter(pk__in=pks):
            record_revision(report=report, action=action, by=by)
        ContentVersion.bump()
    return len(pks)


def publish_reports(*, reports, by=None):
    """Publish the given reports; returns how many changed. Already published ones keep their time."""
    now = timezone.now()
    return _status_change(
        reports=reports,
        frm=[ReportStatus.DRAFT, ReportStatus.SUBMITTED],
        changes={"status": ReportStatus.PUBLISHED, "published_at": now, "updated_at": now},
        action=RevisionAction.PUBLISHED,
        by=by,
    )


def unpublish_reports(*, reports, by=None):
    """Take published reports off the public pages; they go back to submitted, and their rapporteur can amend them."""
    now = timezone.now()
    return _status_change(
        reports=reports,
        frm=[ReportStatus.PUBLISHED],
        changes={"status": ReportStatus.SUBMITTED, "published_at": None, "updated_at": now},
        action=RevisionAction.UNPUBLISHED,
        by=by,
    )


def add_delegate(*, conference, full_name, country, email=""):
    """A new delegate of the conference, checked as the admin would check them (one email address per person)."""
    if email and Participant.objects.filter(conference=conference, email__iexact=email).exists():
        raise ValidationError({"email": _("Someone with this email address is already registered.")})
    participant = Participant(conference=conference, full_name=full_name, country=country, email=email)
    participant.full_clean()
    participant.save()
    return participant


@transaction.atomic
def nominate_for_sessions(*, group, sessions, participant=None, new_delegate=None, replace=False):
    """Name one delegate the group's rapporteur in each of the given sessions (one, or all the breakout sessions);
    returns the nominations, existing ones kept where the delegate already holds them.

    `new_delegate` ({full_name, country, email}) adds the delegate first, when `participant` is None. Nothing is
    saved unless every nomination can be made: a session whose breakout has another rapporteur is refused in plain
    words, unless `replace` revokes that rapporteur's link first.
    """
    if participant is None:
        participant = add_delegate(conference=group.conference, **new_delegate)
    breakouts = list(
        Breakout.objects.filter(group=group, session__in=sessions)
        .select_related("session__conference", "group")
        .prefetch_related(active_nominations())
        .order_by("session__number")
    )
    if not breakouts:
        raise ValidationError(_("%(group)s has no breakout in the chosen sessions.") % {"group": group})
    taken = [
        breakout
        for breakout in breakouts
        if nomination_of(breakout) is not None and nomination_of(breakout).participant_id != participant.pk
    ]
    if taken and not replace:
        raise ValidationError(
            ngettext(
                "%(group)s already has a rapporteur in session %(sessions)s (%(names)s). Tick “Replace” to name "
                "%(name)s instead, or choose only the sessions without one.",
                "%(group)s already has a rapporteur in sessions %(sessions)s (%(names)s). Tick “Replace” to name "
                "%(name)s instead, or choose only the sessions without one.",
                len(taken),
            )
            % {
                "group": group,
                "sessions": ", ".join(str(breakout.session.number) for breakout in taken),
                "names": ", ".join(nomination_of(breakout).participant.full_name for breakout in taken),
                "name": participant.full_name,
            }
        )
    nominations = []
    for breakout in breakouts:
        current = nomination_of(breakout)
        if current is not None and current.participant_id == participant.pk:
            nominations.append(current)
        else:
            nominations.append(nominate_rapporteur(breakout=breakout, participant=participant, replace=replace))
    return nominations


# A second mail of the same kind to the same person within this time asks the organiser first: a button pressed twice
# (or five times) must not send the same links again and again.
RESEND_AFTER = datetime.timedelta(minutes=10)


def recently_emailed(*, participants, kind=EmailKind.LINKS):
    """Those of `participants` whom a mail of this kind reached less than RESEND_AFTER ago: {participant's pk: when
    the newest was sent}."""
    since = timezone.now() - RESEND_AFTER
    emailed = {}
    for participant_id, sent_at in (
        LinkEmail.objects.sent()
        .filter(participant__in=participants, kind=kind, sent_at__gte=since)
        .order_by("sent_at")
        .values_list("participant_id", "sent_at")
    ):
        emailed[participant_id] = sent_at
    return emailed


class EmailNotConfigured(Exception):
    """This server has no mail server to send through (EMAIL_URL is not set): nothing was sent."""


@dataclass
class EmailResult:
    """What became of one rapporteur's mail: `email` is the record (sent or failed, with the reason); `skipped` says
    why no mail was attempted (no address, no link to send)."""

    participant: Participant
    email: LinkEmail | None = None
    skipped: str = ""

    @property
    def sent(self):
        return self.email is not None and self.email.was_sent


def link_url(base_url, nomination):
    """The nomination's private link, absolute, on the site at `base_url` (scheme and host)."""
    return base_url.rstrip("/") + reverse("reports:report", kwargs={"token": nomination.token})


def _link_mail(*, participant, nominations, base_url, kind, connection):
    conference = participant.conference
    context = {
        "participant": participant,
        "conference": conference,
        "links": [(nomination, link_url(base_url, nomination)) for nomination in nominations],
        "reminder": kind == EmailKind.REMINDER,
        "expires_at": nominations[0].expires_at,
        "time_zone": nominations[0].time_zone,
        "zone_label": nominations[0].zone_label,
    }
    if kind == EmailKind.REMINDER:
        subject = _("Reminder: your group’s summary – %(conference)s")
    else:
        subject = ngettext(
            "Your rapporteur link – %(conference)s", "Your rapporteur links – %(conference)s", len(nominations)
        )
    return EmailMessage(
        subject=" ".join((subject % {"conference": conference.display_name}).split()),
        body=render_to_string("reports/email/links.txt", context),
        to=[participant.email],
        connection=connection,
    )


def send_link_emails(*, participants, base_url, by, kind=EmailKind.LINKS):
    """Email each rapporteur all their working links in one mail, through Django's email (settings from EMAIL_URL);
    a reminder carries only the links of reports not submitted yet. Returns an EmailResult per rapporteur.

    Each mail is recorded as sent only once the mail server accepted it; a refused or failed mail is recorded with
    the reason, and the next ones are still tried. Raises EmailNotConfigured, sending nothing, when this server has
    no mail server.
    """
    if not settings.EMAIL_CONFIGURED:
        raise EmailNotConfigured
    nominations = RapporteurNomination.objects.active().filter(participant__in=participants).with_context()
    if kind == EmailKind.REMINDER:
        nominations = nominations.not_submitted()
    by_person = {}
    for nomination in nominations.order_by("breakout__session__number", "breakout__group__number"):
        if nomination.link_state() == LinkState.ACTIVE:
            by_person.setdefault(nomination.participant_id, []).append(nomination)
    connection = get_connection(fail_silently=False)
    results = []
    for participant in participants:
        links = by_person.get(participant.pk, [])
        if not participant.email:
            results.append(EmailResult(participant, skipped=_("no email address")))
            continue
        if not links:
            reason = _("every report submitted") if kind == EmailKind.REMINDER else _("no working link")
            results.append(EmailResult(participant, skipped=reason))
            continue
        with translation.override(participant.mail_language):  # in their language, links and all
            mail = _link_mail(
                participant=participant, nominations=links, base_url=base_url, kind=kind, connection=connection
            )
        record = LinkEmail(participant=participant, kind=kind, address=participant.email, sent_by=author_of(by)[1])
        try:
            if connection.send_messages([mail]) != 1:
                raise smtplib.SMTPException(_("the mail server took no mail"))
        except (smtplib.SMTPException, OSError) as error:
            record.error = str(error) or type(error).__name__
        else:
            record.sent_at = timezone.now()
        record.save()
        record.nominations.set(links)
        results.append(EmailResult(participant, email=record))
    connection.close()
    return results


def publish_outcome(*, conference, by):
    """Publish the conference's outcome: its page, PDF and Word document become public, and the programme links
    them. Publishing again keeps the first time. Noted in the admin's history of the conference, as `by`'s."""
    if conference.outcome_published_at is not None:
        return False
    conference.outcome_published_at = timezone.now()
    conference.save(update_fields=["outcome_published_at"])
    _log_outcome(conference, by, _("Published the outcome."))
    return True


def unpublish_outcome(*, conference, by):
    """Take the outcome off the public pages; organisers still preview it."""
    if conference.outcome_published_at is None:
        return False
    conference.outcome_published_at = None
    conference.save(update_fields=["outcome_published_at"])
    _log_outcome(conference, by, _("Withdrew the outcome."))
    return True


def _log_outcome(conference, by, message):
    if by is not None and by.pk is not None:
        LogEntry.objects.log_actions(
            user_id=by.pk, queryset=[conference], action_flag=CHANGE, change_message=message, single_object=True
        )
