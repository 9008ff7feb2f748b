"""The breakout work: the four fixed groups, their discussions in each session, questions, rapporteurs, reports."""

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import BaseValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from conference.models import Conference, Country, Participant, ThematicArea
from sessions.models import Segment, SegmentKind, Session


class BreakoutGroupManager(models.Manager):
    def get_by_natural_key(self, conference_slug, number):
        return self.get(conference__slug=conference_slug, number=number)


class BreakoutGroup(models.Model):
    """One of a conference's fixed breakout groups of countries, the same in every breakout session."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="breakout_groups", verbose_name=_("conference")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("Leave blank to call it “Group” and its number.")
    )
    countries = models.ManyToManyField(
        Country, through="GroupCountry", related_name="breakout_groups", verbose_name=_("countries and territories")
    )

    objects = BreakoutGroupManager()

    class Meta:
        verbose_name = _("breakout group")
        verbose_name_plural = _("breakout groups")
        ordering = ["conference", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"],
                name="group_number_unique_in_conference",
                violation_error_message=_("This conference already has a group with this number."),
            ),
        ]

    def __str__(self):
        return self.display_name

    def natural_key(self):
        return (*self.conference.natural_key(), self.number)

    natural_key.dependencies = ["conference.conference"]

    @property
    def display_name(self):
        return self.name or _("Group %(number)s") % {"number": self.number}


class GroupCountryManager(models.Manager):
    def get_by_natural_key(self, conference_slug, country_code):
        return self.get(country__conference__slug=conference_slug, country__code=country_code)


class GroupCountry(models.Model):
    """A country's place in a group. The database holds each country to one group of its conference."""

    group = models.ForeignKey(
        BreakoutGroup, on_delete=models.CASCADE, related_name="country_places", verbose_name=_("group")
    )
    country = models.ForeignKey(
        Country, on_delete=models.CASCADE, related_name="group_places", verbose_name=_("country or territory")
    )

    objects = GroupCountryManager()

    class Meta:
        verbose_name = _("country in a group")
        verbose_name_plural = _("countries in groups")
        ordering = ["group", "country__name"]
        constraints = [
            # A Country row belongs to one conference, so one row per country means one group per conference.
            models.UniqueConstraint(
                fields=["country"],
                name="country_in_one_group",
                violation_error_message=_(
                    "This country or territory is already in another group of this conference. "
                    "A country belongs to exactly one group: remove it from the other group first."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.country} – {self.group}"

    def natural_key(self):
        return self.country.natural_key()

    natural_key.dependencies = ["conference.country", "groups.breakoutgroup"]

    def clean(self):
        if self.group_id and self.country_id and self.group.conference_id != self.country.conference_id:
            raise ValidationError({"country": _("Choose a country or territory of this group’s conference.")})


class GroupPartner(models.Model):
    """A participant from a partner organisation who chose to join a group."""

    group = models.ForeignKey(
        BreakoutGroup, on_delete=models.CASCADE, related_name="partner_places", verbose_name=_("group")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="group_places", verbose_name=_("participant")
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("partner in a group")
        verbose_name_plural = _("partners in groups")
        ordering = ["group", "participant__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                name="partner_in_one_group",
                violation_error_message=_("This participant has already chosen a group."),
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.group}"

    def clean(self):
        if not self.participant_id:
            return
        if not self.participant.organisation_id:
            raise ValidationError(
                {"participant": _("Delegates are in their country’s group; only partner participants choose one.")}
            )
        if self.group_id and self.group.conference_id != self.participant.conference_id:
            raise ValidationError({"participant": _("Choose a participant of this group’s conference.")})


class BreakoutQuerySet(models.QuerySet):
    def for_display(self):
        """What the public pages show of breakouts, in a fixed number of queries whatever their number:
        session, group, report-back slot, thematic areas, questions, the active rapporteur and the report."""
        return self.select_related("session", "group", "report_back", "report").prefetch_related(
            "thematic_areas",
            "session__thematic_areas",
            "questions",
            models.Prefetch(
                "nominations",
                queryset=RapporteurNomination.objects.active().select_related("participant__country"),
                to_attr="active_nominations",
            ),
            # Only published reports' answers are read: drafts never reach a public page.
            models.Prefetch(
                "report__answers",
                queryset=RapporteurAnswer.objects.filter(report__status=ReportStatus.PUBLISHED).select_related(
                    "question"
                ),
            ),
        )

    def covering(self, areas):
        """Breakouts under any of these thematic areas: their own areas, or their session's when they name none."""
        return self.filter(
            Q(thematic_areas__in=areas) | Q(thematic_areas__isnull=True, session__thematic_areas__in=areas)
        ).distinct()


class BreakoutManager(models.Manager.from_queryset(BreakoutQuerySet)):
    def get_by_natural_key(self, conference_slug, session_number, group_number):
        return self.get(
            session__conference__slug=conference_slug, session__number=session_number, group__number=group_number
        )


class Breakout(models.Model):
    """One group's discussion in one session: its topic, thematic areas and prepared questions."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="breakouts", verbose_name=_("session"))
    group = models.ForeignKey(
        BreakoutGroup, on_delete=models.CASCADE, related_name="breakouts", verbose_name=_("group")
    )
    topic = models.CharField(_("topic"), max_length=200)
    thematic_label = models.CharField(
        _("thematic areas as written"),
        max_length=100,
        blank=True,
        help_text=_("As the document states them, e.g. “Thematic 1 and 2”. Blank where it states none."),
    )
    thematic_areas = models.ManyToManyField(
        ThematicArea,
        blank=True,
        related_name="breakouts",
        verbose_name=_("thematic areas"),
        help_text=_("Leave empty where the document names none: the session’s areas then apply."),
    )
    report_back = models.OneToOneField(
        Segment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="report_back_of",
        verbose_name=_("report-back slot"),
        help_text=_("The session’s segment in which this group’s rapporteur reports back."),
    )

    objects = BreakoutManager()

    class Meta:
        verbose_name = _("breakout")
        verbose_name_plural = _("breakouts")
        ordering = ["session", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "group"],
                name="one_breakout_per_group_and_session",
                violation_error_message=_("This group already has a breakout in this session."),
            ),
        ]

    def __str__(self):
        return _("Session %(session)s, %(group)s: %(topic)s") % {
            "session": self.session.number,
            "group": self.group,
            "topic": self.topic,
        }

    def natural_key(self):
        return (*self.session.natural_key(), self.group.number)

    natural_key.dependencies = ["agenda_sessions.session", "groups.breakoutgroup"]

    def clean(self):
        errors = {}
        if self.session_id and self.group_id:
            if self.session.conference_id != self.group.conference_id:
                errors["group"] = _("Choose a group of this session’s conference.")
            if not self.session.is_breakout:
                errors["session"] = _("Groups do not meet in the concluding session: choose a breakout session.")
        if self.report_back_id and self.session_id:
            if self.report_back.session_id != self.session_id:
                errors["report_back"] = _("Choose a segment of this breakout’s session.")
            elif self.report_back.kind != SegmentKind.REPORT_BACK:
                errors["report_back"] = _("Choose a segment of the kind “Report-back”.")
        if errors:
            raise ValidationError(errors)

    @property
    def rapporteur(self):
        """The nominated rapporteur, or None. Needs `for_display()`."""
        return self.active_nominations[0].participant if self.active_nominations else None

    @property
    def published_report(self):
        """The report if it is published, else None: drafts never reach public pages. Needs `for_display()`."""
        try:
            report = self.report
        except RapporteurReport.DoesNotExist:
            return None
        return report if report.status == ReportStatus.PUBLISHED else None

    @property
    def covered_areas(self):
        """The thematic areas this breakout covers: its own, or else its session's. Uses prefetched data."""
        return list(self.thematic_areas.all()) or list(self.session.thematic_areas.all())


class QuestionManager(models.Manager):
    def get_by_natural_key(self, conference_slug, session_number, group_number, position):
        return self.get(
            breakout__session__conference__slug=conference_slug,
            breakout__session__number=session_number,
            breakout__group__number=group_number,
            position=position,
        )


class Question(models.Model):
    """A question prepared for a breakout, kept word for word as the organisers wrote it."""

    breakout = models.ForeignKey(
        Breakout, on_delete=models.CASCADE, related_name="questions", verbose_name=_("breakout")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))

    objects = QuestionManager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["breakout", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["breakout", "position"],
                name="question_position_unique_in_breakout",
                violation_error_message=_("Two questions of this breakout have the same position."),
            ),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def natural_key(self):
        return (*self.breakout.natural_key(), self.position)

    natural_key.dependencies = ["groups.breakout"]


def new_link_token():
    """An unguessable key for a rapporteur's private link (256 random bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class LinkState(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class RapporteurNominationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class RapporteurNomination(models.Model):
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
    token = models.CharField(
        _("link key"),
        max_length=64,
        unique=True,
        default=new_link_token,
        editable=False,
        help_text=_("The secret part of the rapporteur’s private link."),
    )
    nominated_at = models.DateTimeField(_("nominated"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = RapporteurNominationQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapporteur nomination")
        verbose_name_plural = _("rapporteur nominations")
        ordering = ["breakout", "-nominated_at"]
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
        Uses `breakout.session.conference` (select_related it).
        """
        conference = self.breakout.session.conference
        if conference.end_date is None:
            return None
        zone = zoneinfo.ZoneInfo(conference.time_zone) if conference.time_zone else datetime.UTC
        return datetime.datetime.combine(conference.end_date + datetime.timedelta(days=1), datetime.time(), zone)

    def link_state(self, now=None):
        """Whether the private link works now: active, revoked or expired."""
        if self.revoked_at is not None:
            return LinkState.REVOKED
        expires_at = self.expires_at
        if expires_at is not None and (now or timezone.now()) >= expires_at:
            return LinkState.EXPIRED
        return LinkState.ACTIVE


ANSWER_MAX_LENGTH = 6000
CONCLUSIONS_MAX_LENGTH = 6000
ACTIONS_MAX_LENGTH = 4000


@deconstructible
class LengthLimit(BaseValidator):
    """A maximum length whose message says how much to cut. Unlike a form field's max_length it adds no HTML
    maxlength attribute, which would make browsers silently cut pasted text."""

    message = ngettext_lazy(
        "This is limited to %(limit_value)d characters and has %(show_value)d: shorten it by %(over)d character.",
        "This is limited to %(limit_value)d characters and has %(show_value)d: shorten it by %(over)d characters.",
        "over",
    )
    code = "max_length"

    def compare(self, a, b):
        return a > b

    def clean(self, x):
        return len(x)

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            params = {"limit_value": self.limit_value, "show_value": length, "over": length - self.limit_value}
            raise ValidationError(self.message, code=self.code, params=params)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    PUBLISHED = "published", _("Published")


class RapporteurReportQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ReportStatus.PUBLISHED)

    def with_content(self):
        """Reports with their breakout, questions and answers, in a fixed number of queries."""
        return self.select_related("breakout__session__conference", "breakout__group").prefetch_related(
            "breakout__questions", "answers__question"
        )


class RapporteurReport(models.Model):
    """The summary of one breakout that its rapporteur writes, and organisers review and publish.

    Its content is an answer to each question (RapporteurAnswer), the main conclusions (`text`) and the recommended
    actions. `version` counts content saves: a save names the version it was based on and is refused when another
    save came first (see services.save_report).
    """

    affects_public_pages = False  # drafts are private; the publishing services raise the content version

    breakout = models.OneToOneField(
        Breakout, on_delete=models.CASCADE, related_name="report", verbose_name=_("breakout")
    )
    status = models.CharField(_("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    text = models.TextField(
        _("main conclusions"),
        blank=True,
        validators=[LengthLimit(CONCLUSIONS_MAX_LENGTH)],
        help_text=_("Markdown."),
    )
    actions = models.TextField(
        _("recommended actions"),
        blank=True,
        validators=[LengthLimit(ACTIONS_MAX_LENGTH)],
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
        ordering = ["breakout"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="published_report_has_publication_time",
                violation_error_message=_("A published report needs its publication time."),
            ),
        ]

    def __str__(self):
        return _("Report of %(breakout)s") % {"breakout": self.breakout}

    @property
    def is_published(self):
        return self.status == ReportStatus.PUBLISHED

    @property
    def is_empty(self):
        """True while nothing has been written. Uses the prefetched answers."""
        return not (self.text.strip() or self.actions.strip() or any(a.text.strip() for a in self.answers.all()))

    def answered_questions(self):
        """(question, answer text) for each of the breakout's questions, in order (uses prefetched data)."""
        answers = {answer.question_id: answer.text for answer in self.answers.all()}
        return [(question, answers.get(question.pk, "")) for question in self.breakout.questions.all()]

    def snapshot(self):
        """The content as plain data, as a revision keeps it. Uses prefetched questions and answers."""
        return {
            "answers": [
                {"position": question.position, "question": question.text, "text": text}
                for question, text in self.answered_questions()
            ],
            "text": self.text,
            "actions": self.actions,
        }


class RapporteurAnswer(models.Model):
    """The group's answer to one of the breakout's questions, part of its rapporteur's report."""

    affects_public_pages = False  # drafts are private; the publishing services raise the content version

    report = models.ForeignKey(
        RapporteurReport, on_delete=models.CASCADE, related_name="answers", verbose_name=_("report")
    )
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers", verbose_name=_("question"))
    text = models.TextField(
        _("answer"), blank=True, validators=[LengthLimit(ANSWER_MAX_LENGTH)], help_text=_("Markdown.")
    )

    class Meta:
        verbose_name = _("answer to a question")
        verbose_name_plural = _("answers to questions")
        ordering = ["report", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "question"],
                name="one_answer_per_question_in_report",
                violation_error_message=_("This report already answers this question."),
            ),
        ]

    def __str__(self):
        return _("Answer to %(question)s") % {"question": self.question}

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
    answers = models.JSONField(
        _("answers"), default=list, help_text=_("One {position, question, text} per question of the breakout.")
    )
    text = models.TextField(_("main conclusions"), blank=True)
    actions = models.TextField(_("recommended actions"), blank=True)
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
        ordering = ["report", "-created_at", "-pk"]

    def __str__(self):
        return _("%(report)s, version %(version)s (%(action)s)") % {
            "report": self.report,
            "version": self.version,
            "action": self.get_action_display(),
        }

    def snapshot(self):
        return {"answers": self.answers, "text": self.text, "actions": self.actions}
