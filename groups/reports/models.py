"""The rapporteur workflow's records: who reports for a breakout (with a private link), the report, its answers and
its revisions. What the pages show of a breakout's rapporteur and report is read with groups/reports/queries.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conference.links import PrivateLink, PrivateLinkQuerySet, link_key_field
from conference.models import Participant
from groups.models import Breakout, Question

from .content import ANSWER_LIMIT, SECTIONS_BY_KEY, LengthLimit, ReportContent


class RapporteurNominationQuerySet(PrivateLinkQuerySet):
    def not_submitted(self):
        """Nominations whose report is still a draft (or not started)."""
        return self.filter(Q(breakout__report__isnull=True) | Q(breakout__report__status=ReportStatus.DRAFT))

    def not_emailed(self):
        """Nominations whose link no mail server has accepted in a mail yet."""
        return self.exclude(emails__sent_at__isnull=False)

    def with_context(self):
        """What a link's pages and cards show: the person, the breakout, its session and conference."""
        return self.select_related(
            "participant__country", "participant__organisation", "breakout__session__conference", "breakout__group"
        )


class RapporteurNomination(PrivateLink):
    """A group's rapporteur for one breakout: a participant from one of the group's countries.

    The nomination carries the rapporteur's private link: no account, no password, only the key in the link.
    The link works until it is revoked or the conference has ended (the day after its last day, at the venue).
    """

    breakout = models.ForeignKey(
        Breakout, on_delete=models.CASCADE, related_name="nominations", verbose_name=_("breakout")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("rapporteur")
    )
    token = link_key_field(_("The secret part of the rapporteur’s private link."))

    objects = RapporteurNominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapporteur nomination")
        verbose_name_plural = _("rapporteur nominations")
        ordering = ["breakout_id", "-nominated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["breakout"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_rapporteur_per_breakout",
                violation_error_message=_(
                    "This breakout already has a rapporteur. Revoke that nomination before naming another."
                ),
            ),
        ]

    def __str__(self):
        return _("%(participant)s, rapporteur of %(breakout)s") % {
            "participant": self.participant,
            "breakout": self.breakout,
        }

    def clean(self):
        if not (self.participant_id and self.breakout_id):
            return
        participant, group = self.participant, self.breakout.group
        if participant.organisation_id:
            raise ValidationError(
                {
                    "participant": _(
                        "%(name)s is from an organisation. The rapporteur must be from a country of %(group)s."
                    )
                    % {"name": participant.full_name, "group": group}
                }
            )
        if not group.country_places.filter(country_id=participant.country_id).exists():
            raise ValidationError(
                {
                    "participant": _(
                        "%(name)s is from %(country)s, which is not in %(group)s. "
                        "The rapporteur must be from one of the group’s countries."
                    )
                    % {"name": participant.full_name, "country": participant.country, "group": group}
                }
            )

    def warnings(self):
        """Advice that does not block: the document prefers a rapporteur from a country with no other role."""
        if not (self.participant_id and self.breakout_id and self.participant.country_id):
            return []
        session = self.breakout.session
        holders = Participant.objects.filter(country_id=self.participant.country_id).filter(
            Q(facilitated_sessions=session) | Q(presented_segments__session=session) | Q(panels=session)
        )
        if holders.exists():
            return [
                _(
                    "%(country)s already has another role in session %(session)s. The document prefers a "
                    "rapporteur from a country with no other role; the nomination is kept."
                )
                % {"country": self.participant.country, "session": session.number}
            ]
        return []

    @property
    def expires_at(self):
        """When the link stops working: midnight after the conference's last day, in the venue's time zone.

        None while the conference has no last day: the link then works until it is revoked.
        Uses `breakout.session.conference` (select_related it, see `with_context()`).
        """
        return self.breakout.session.conference.ends_at

    @property
    def time_zone(self):
        """The zone the link's expiry is given in: the conference's, or UTC while it has none."""
        return self.breakout.session.conference.time_zone or "UTC"

    @property
    def zone_label(self):
        """The zone of the link's expiry as pages name it: "Port of Spain time", or "UTC" while it has none."""
        return self.breakout.session.conference.zone_label

    @property
    def last_email(self):
        """The newest email that carried this link, or None (prefetched by `active_nominations(with_emails=True)`,
        else one query)."""
        emails = getattr(self, "emails_newest_first", None)
        if emails is None:
            emails = list(self.emails.order_by("-created_at", "-pk")[:1])
        return emails[0] if emails else None


class EmailKind(models.TextChoices):
    LINKS = "links", _("Links")
    REMINDER = "reminder", _("Reminder")


class LinkEmailQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(sent_at__isnull=False)


class LinkEmail(models.Model):
    """One email to a rapporteur with their private links (or a reminder to submit), as the mail server took it or
    as it failed: a mail counts as sent only once the server accepted it, and a failure keeps its reason."""

    affects_public_pages = False

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="link_emails", verbose_name=_("rapporteur")
    )
    nominations = models.ManyToManyField(
        RapporteurNomination, related_name="emails", verbose_name=_("links"), help_text=_("The links the mail carried.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=EmailKind.choices, default=EmailKind.LINKS)
    address = models.EmailField(_("address"))
    created_at = models.DateTimeField(_("when"), default=timezone.now)
    sent_at = models.DateTimeField(
        _("sent"), null=True, blank=True, help_text=_("When the mail server accepted the mail. Blank if it failed.")
    )
    error = models.TextField(_("why it failed"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organiser account"),
    )

    objects = LinkEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("email of rapporteur links")
        verbose_name_plural = _("emails of rapporteur links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=False, error="") | (Q(sent_at__isnull=True) & ~Q(error="")),
                name="link_email_sent_or_failed_with_reason",
                violation_error_message=_("An email is either sent (with its time) or failed (with the reason)."),
            ),
        ]

    def __str__(self):
        return _("%(kind)s to %(address)s") % {"kind": self.get_kind_display(), "address": self.address}

    def clean(self):
        if self.sent_at is not None and self.error:
            raise ValidationError(_("A sent email has no failure reason: clear one of the two."))
        if self.sent_at is None and not self.error:
            raise ValidationError({"error": _("Say why the email failed, or give the time it was sent.")})

    @property
    def was_sent(self):
        return self.sent_at is not None


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")


def active_nominations(*, with_emails=False):
    """The prefetch of a breakout's current rapporteur, read by `rapporteur` properties; `with_emails` adds the
    emails that carried the link, newest first (read them as `nomination.last_email`)."""
    queryset = RapporteurNomination.objects.active().select_related("participant__country", "participant__organisation")
    if with_emails:
        queryset = queryset.prefetch_related(
            Prefetch("emails", queryset=LinkEmail.objects.order_by("-created_at", "-pk"), to_attr="emails_newest_first")
        )
    return Prefetch("nominations", queryset=queryset, to_attr="active_nominations")


def nomination_of(breakout):
    """The breakout's current nomination, or None; from the prefetch when there is one, else one query."""
    nominations = getattr(breakout, "active_nominations", None)
    if nominations is None:
        nominations = list(active_nominations().queryset.filter(breakout=breakout)[:1])
    return nominations[0] if nominations else None


def rapporteur_of(breakout):
    """The breakout's nominated rapporteur (a Participant), or None."""
    nomination = nomination_of(breakout)
    return nomination.participant if nomination else None


class RapporteurReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def with_content(self):
        """Reports with their breakout, its questions and their answers, in a fixed number of queries."""
        return self.select_related("breakout__session__conference", "breakout__group").prefetch_related(
            "breakout__questions", "answers"
        )

    def with_rapporteur(self):
        """Each report's breakout with its current rapporteur (see RapporteurReport.rapporteur)."""
        return self.prefetch_related(
            Prefetch(
                "breakout__nominations",
                queryset=active_nominations().queryset,
                to_attr="active_nominations",
            )
        )


class RapporteurReport(models.Model):
    """The summary of one breakout that its rapporteur writes, and organisers review and publish.

    Its content (see content.ReportContent) is an answer to each question (RapporteurAnswer rows), the main
    conclusions and the recommended actions. `version` counts content saves: a save names the version it was based
    on, and a save based on an older one is merged field by field (see services.save_report).
    """

    breakout = models.OneToOneField(
        Breakout, on_delete=models.CASCADE, related_name="report", verbose_name=_("breakout")
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    conclusions = models.TextField(
        _("main conclusions"),
        blank=True,
        validators=[LengthLimit(SECTIONS_BY_KEY["conclusions"].limit)],
        help_text=_("Markdown."),
    )
    actions = models.TextField(
        _("recommended actions"),
        blank=True,
        validators=[LengthLimit(SECTIONS_BY_KEY["actions"].limit)],
        help_text=_("Markdown. One action per list item (“- ” at the start of a line)."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=0, editable=False, help_text=_("How many times the content has been saved.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)

    objects = RapporteurReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapporteur report")
        verbose_name_plural = _("rapporteur reports")
        ordering = ["breakout_id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="published_report_has_publication_time",
                violation_error_message=_("A published report needs its publication time."),
            ),
        ]

    def __str__(self):
        return _("Report of %(breakout)s") % {"breakout": self.breakout}

    def affects_public_pages(self, created=False):
        """Only a published report shows on public pages; its publishing services raise the content version, and so
        does its deletion (post_delete sees the status it had)."""
        return self.status == ReportStatus.PUBLISHED

    @property
    def is_published(self):
        return self.status == ReportStatus.PUBLISHED

    @property
    def content(self):
        """The report's content (uses the prefetched answers)."""
        return ReportContent.from_answers(
            {answer.question_id: answer.text for answer in self.answers.all()},
            **{key: getattr(self, key) for key in SECTIONS_BY_KEY},
        )

    @property
    def is_empty(self):
        return self.content.is_empty()

    @property
    def is_started(self):
        """False until someone saves text in it: nominating creates the report empty, at version 0."""
        return self.version > 0 or self.status != ReportStatus.DRAFT

    @property
    def rapporteur(self):
        return rapporteur_of(self.breakout)

    def answered_questions(self):
        """(question, answer text) for each open question of the breakout in order, and each retired one that has an
        answer (uses prefetched questions and answers)."""
        return answered_questions(self.breakout.questions.all(), self.content)


def answered_questions(questions, content):
    """(question, text) for the open questions and the retired ones the content answers."""
    return [
        (question, content.answer(question.pk))
        for question in questions
        if not question.retired or content.answer(question.pk).strip()
    ]


class RapporteurAnswer(models.Model):
    """The group's answer to one of the breakout's questions, part of its rapporteur's report.

    A question that has an answer cannot be deleted (RESTRICT): it is retired instead, and keeps its answers in the
    revisions and the outcome. Deleting the whole breakout still takes its report and answers with it.
    """

    affects_public_pages = False  # drafts are private; the publishing services raise the content version

    report = models.ForeignKey(
        RapporteurReport, on_delete=models.CASCADE, related_name="answers", verbose_name=_("report")
    )
    question = models.ForeignKey(
        Question, on_delete=models.RESTRICT, related_name="answers", verbose_name=_("question")
    )
    text = models.TextField(_("answer"), blank=True, validators=[LengthLimit(ANSWER_LIMIT)], help_text=_("Markdown."))

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        ordering = ["report_id", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "question"],
                name="one_answer_per_question_in_report",
                violation_error_message=_("This report already answers this question."),
            ),
        ]

    def __str__(self):
        # Django's protection message reads "answer to a question <this>": the words at stake, and whose they are.
        words = self.text.split()
        start = " ".join(words[:8]) + ("…" if len(words) > 8 else "")
        return _("“%(start)s” (%(report)s)") % {"start": start, "report": self.report}

    def clean(self):
        if self.report_id and self.question_id and self.question.breakout_id != self.report.breakout_id:
            raise ValidationError({"question": _("Choose a question of this report’s breakout.")})


class RevisionAction(models.TextChoices):
    SAVED = "saved", _("Draft saved")
    SUBMITTED = "submitted", _("Submitted")
    EDITED = "edited", _("Edited by an organiser")
    RESTORED = "restored", _("Earlier revision restored")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class RapporteurReportRevision(models.Model):
    """A full copy of a report as one save, restore, publication or withdrawal left it: who, when, what."""

    affects_public_pages = False  # drafts are private; the publishing services raise the content version

    report = models.ForeignKey(
        RapporteurReport, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("report")
    )
    version = models.PositiveIntegerField(_("version"), help_text=_("The report’s content version after this change."))
    action = models.CharField(_("change"), max_length=20, choices=RevisionAction.choices)
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices)
    content = models.JSONField(
        _("content"),
        default=dict,
        help_text=_("The answers by question id, the main conclusions and the recommended actions."),
    )
    saved_by = models.CharField(_("by"), max_length=250, help_text=_("The rapporteur’s or the organiser’s name."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_revisions",
        verbose_name=_("organiser account"),
    )
    nomination = models.ForeignKey(
        RapporteurNomination,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("rapporteur nomination"),
    )
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("report revision")
        verbose_name_plural = _("report revisions")
        ordering = ["report_id", "-created_at", "-pk"]

    def __str__(self):
        return _("%(report)s, version %(version)s (%(action)s)") % {
            "report": self.report,
            "version": self.version,
            "action": self.get_action_display(),
        }

    @property
    def report_content(self):
        return ReportContent.from_json(self.content)
