"""Operations on the breakout work that touch several records or must stay consistent.

Views, admin actions and management commands call these functions, so that each rule lives in one place.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from conference.models import ContentVersion, Organisation, Participant

from .models import (
    ACTIONS_MAX_LENGTH,
    ANSWER_MAX_LENGTH,
    CONCLUSIONS_MAX_LENGTH,
    GroupPartner,
    LengthLimit,
    RapporteurAnswer,
    RapporteurNomination,
    RapporteurReport,
    RapporteurReportRevision,
    ReportStatus,
    RevisionAction,
)


class ReportConflict(Exception):
    """Another save came first: the report is no longer at the version this save was based on.

    `current` is the report as it now stands in the database (with its questions and answers), so that the
    caller can show both versions to merge.
    """

    def __init__(self, current):
        super().__init__(f"Report {current.pk} is at version {current.version}.")
        self.current = current


class ReportLocked(Exception):
    """The report is published: its rapporteur can no longer change it (an organiser can unpublish it)."""

    def __init__(self, current):
        super().__init__(f"Report {current.pk} is published.")
        self.current = current


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


def validate_report_data(data):
    """Check the length limits on data for `save_report`; raises ValidationError naming the field."""
    errors = {}
    for field, value, limit in [
        ("text", data["text"], CONCLUSIONS_MAX_LENGTH),
        ("actions", data["actions"], ACTIONS_MAX_LENGTH),
        *((f"answer_{pk}", text, ANSWER_MAX_LENGTH) for pk, text in data["answers"].items()),
    ]:
        try:
            LengthLimit(limit)(value)
        except ValidationError as error:
            errors[field] = error.messages
    if errors:
        raise ValidationError(errors)


def save_report(*, report, data, base_version, by, submit=False):
    """Save new content of a report as a new version and a revision; returns the report as saved.

    `data` is {"answers": {question id: text}, "text": main conclusions, "actions": recommended actions}.
    `base_version` is the version the writer started from: when another save came first, nothing is written and
    ReportConflict is raised. The check and the write are one `UPDATE … WHERE version = base_version`, which the
    database runs atomically, so two concurrent saves from the same version cannot both succeed (on PostgreSQL the
    second UPDATE waits for the first's row lock, then finds the version changed and updates no row).

    `by` is the rapporteur's nomination or an organiser (a user). A rapporteur's save makes the report a draft, or
    submits it (`submit=True`), and is refused with ReportLocked once it is published. An organiser's edit keeps the
    status.
    """
    is_rapporteur = isinstance(by, RapporteurNomination)
    action = RevisionAction.EDITED
    if is_rapporteur:
        action = RevisionAction.SUBMITTED if submit else RevisionAction.SAVED
    return _write(report=report, data=data, base_version=base_version, by=by, action=action)


def same_content(report, data):
    """Whether `data` holds exactly the report's content (load the report with `with_content()`)."""
    return (
        report.text == data["text"]
        and report.actions == data["actions"]
        and all(data["answers"].get(question.pk, text) == text for question, text in report.answered_questions())
    )


def _write(*, report, data, base_version, by, action, retry=True):
    validate_report_data(data)
    is_rapporteur = isinstance(by, RapporteurNomination)
    if action == RevisionAction.SAVED and report.version == base_version and same_content(report, data):
        return report  # Saving a draft that changes nothing writes nothing (and leaves a submitted report submitted).
    now = timezone.now()
    changes = {"text": data["text"], "actions": data["actions"], "version": F("version") + 1, "updated_at": now}
    if action == RevisionAction.SUBMITTED:
        changes.update(status=ReportStatus.SUBMITTED, submitted_at=now)
    elif action == RevisionAction.SAVED:
        changes["status"] = ReportStatus.DRAFT
    with transaction.atomic():
        rows = RapporteurReport.objects.filter(pk=report.pk, version=base_version)
        if is_rapporteur:
            rows = rows.exclude(status=ReportStatus.PUBLISHED)
        if rows.update(**changes) == 0:
            current = RapporteurReport.objects.with_content().get(pk=report.pk)
            if is_rapporteur and current.is_published:
                raise ReportLocked(current)
            if retry and same_content(current, data):
                # The stored text is already exactly this one (e.g. an autosave raced the Submit button): nothing
                # of anyone's can be lost, so apply the save to the current version instead of refusing it.
                return _write(
                    report=current, data=data, base_version=current.version, by=by, action=action, retry=False
                )
            raise ReportConflict(current)
        # This transaction now holds the report's row lock: the answers below cannot interleave with another save.
        existing = {answer.question_id: answer for answer in RapporteurAnswer.objects.filter(report_id=report.pk)}
        new_answers = []
        for question in report.breakout.questions.all():
            if question.pk not in data["answers"]:
                continue
            text = data["answers"][question.pk]
            answer = existing.get(question.pk)
            if answer is None:
                new_answers.append(RapporteurAnswer(report_id=report.pk, question=question, text=text))
            elif answer.text != text:
                answer.text = text
                answer.save(update_fields=["text"])
        RapporteurAnswer.objects.bulk_create(new_answers)
        saved = RapporteurReport.objects.with_content().get(pk=report.pk)
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
        **report.snapshot(),
    )


def data_from_snapshot(report, snapshot):
    """Turn a revision's copy back into `save_report` data, matching answers to the questions by position.

    An answer whose question no longer exists is left out; a question the copy has no answer for gets a blank one.
    """
    by_position = {answer["position"]: answer["text"] for answer in snapshot["answers"]}
    questions = report.breakout.questions.all()
    return {
        "answers": {question.pk: by_position.get(question.position, "") for question in questions},
        "text": snapshot["text"],
        "actions": snapshot["actions"],
    }


def restore_revision(*, revision, by):
    """Make an earlier revision's content the report's current content, as a new version and revision.

    Raises ReportConflict if the report is saved by someone else at the same moment.
    """
    report = RapporteurReport.objects.with_content().get(pk=revision.report_id)
    data = data_from_snapshot(report, revision.snapshot())
    return _write(report=report, data=data, base_version=report.version, by=by, action=RevisionAction.RESTORED)


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


class AlreadyRegistered(Exception):
    """The email address is already used by a participant of the conference."""


def join_group(*, conference, full_name, organisation_name, email, group):
    """A partner participant joins a group: finds or records their organisation, records them, places them."""
    try:
        with transaction.atomic():
            organisation = Organisation.objects.filter(conference=conference, name__iexact=organisation_name).first()
            if organisation is None:
                organisation = Organisation.objects.create(conference=conference, name=organisation_name)
            participant = Participant.objects.create(
                conference=conference, full_name=full_name, organisation=organisation, email=email
            )
            return GroupPartner.objects.create(group=group, participant=participant)
    except IntegrityError as error:
        raise AlreadyRegistered(email) from error
