"""The live moments of a session: questions sent from phones and voted on, the facilitator's private link, and the
short points a group's members note under their breakout questions.

None of these records shows on the cached public pages (the programme, session and group pages), so none of them
raises the page cache's content version: every model says so with `affects_public_pages = False`.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from conference.links import PrivateLink, link_key_field
from conference.models import Participant
from groups.models import Breakout, Question
from sessions.models import Segment, SegmentKind, Session

QUESTION_MAX_LENGTH = 300
NAME_MAX_LENGTH = 80
AFFILIATION_MAX_LENGTH = 100
POINT_MAX_LENGTH = 400
DEVICE_ID_LENGTH = 32
ADDRESS_HASH_LENGTH = 32
# The limits per network address, as each session starts with (organisers change them per session in the admin).
# A room of 300 behind the venue's one address votes ten times a second and asks twice a second at most: the vote and
# question limits stop a machine, never a room. New phones are what stuffing needs (each new device id is one more
# vote), and a real phone joins once for the whole conference: one a second lets all of a room of 300 that arrives at
# once join within five minutes (each refused phone is told to reload a minute later), while one laptop dropping its
# cookie gets at most 60 votes a minute on a question, which the facilitator sees and can discount.
DEFAULT_NEW_PHONES_PER_MINUTE = 60
DEFAULT_VOTES_PER_ADDRESS = 3000
DEFAULT_QUESTIONS_PER_ADDRESS = 600
# The facilitator is warned when one address casts more than half of a question's votes, from 20 votes on (below
# that, a few neighbours on one network would do it).
SUSPICIOUS_VOTES = 20
SUSPICIOUS_SHARE = 0.5
# The segments in which participants send questions: the questions for clarification and the general discussion.
ASKING_KINDS = (SegmentKind.QUESTIONS, SegmentKind.DISCUSSION)


def length_limit(limit):
    """A maximum length with a message that says the limit and how long the text is. Form fields made with it get no
    HTML maxlength attribute, which would make phones silently cut a pasted question."""
    return MaxLengthValidator(
        limit,
        message=_("Keep it to %(limit_value)d characters: this has %(show_value)d."),
    )


class LiveSession(models.Model):
    """The live side of one session: whether participants can send questions now (and in which segment), whether
    their questions wait for the facilitator's approval, and whether the groups' breakout notes take points.

    Its three counters go up with every change that phones, screens or the facilitator see; they are the ETags that
    let a phone's refresh be answered "nothing new" (304) with one query.
    """

    affects_public_pages = False

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="live", verbose_name=_("session"))
    needs_approval = models.BooleanField(
        _("questions need approval"),
        default=True,
        help_text=_(
            "When on, a question shows on the phones and the screen only once the facilitator approves it. When "
            "off, every question shows at once (the facilitator can still hide it)."
        ),
    )
    asking_segment = models.ForeignKey(
        Segment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("open for questions during"),
        help_text=_(
            "The questions-for-clarification or general-discussion segment in which participants can send questions "
            "now. Empty: asking is closed. The facilitator opens and closes it from their link."
        ),
    )
    asking_opened_at = models.DateTimeField(_("asking opened"), null=True, blank=True)
    notes_open = models.BooleanField(
        _("breakout notes open"),
        default=True,
        help_text=_("Whether the groups’ members can add points under their breakout questions."),
    )
    questions_version = models.PositiveBigIntegerField(
        _("questions version"), default=0, editable=False, help_text=_("Counts the changes the phones see.")
    )
    moderation_version = models.PositiveBigIntegerField(
        _("moderation version"), default=0, editable=False, help_text=_("Counts the changes the facilitator sees.")
    )
    notes_version = models.PositiveBigIntegerField(
        _("notes version"), default=0, editable=False, help_text=_("Counts the changes to the breakout notes.")
    )
    new_phones_per_minute = models.PositiveIntegerField(
        _("new phones per network and minute"),
        default=DEFAULT_NEW_PHONES_PER_MINUTE,
        validators=[MinValueValidator(1)],
        help_text=_(
            "How many phones seen for the first time one network address (the venue’s Wi-Fi) may join in a minute "
            "on this session’s pages; the others are asked to reload a minute later. A phone joins once for the "
            "whole conference. Raise it for an opening session where the whole room scans the code at once; each "
            "new phone is one more vote, so it also bounds how fast one laptop that drops its cookie adds votes."
        ),
    )
    votes_per_address = models.PositiveIntegerField(
        _("votes per network in five minutes"),
        default=DEFAULT_VOTES_PER_ADDRESS,
        validators=[MinValueValidator(1)],
        help_text=_("How many votes one network address (the venue’s Wi-Fi: the whole room) may cast in five minutes."),
    )
    questions_per_address = models.PositiveIntegerField(
        _("questions per network in five minutes"),
        default=DEFAULT_QUESTIONS_PER_ADDRESS,
        validators=[MinValueValidator(1)],
        help_text=_("How many questions one network address (the whole room) may send in five minutes."),
    )

    class Meta:
        verbose_name = _("live session settings")
        verbose_name_plural = _("live session settings")
        ordering = ["session"]
        constraints = [
            models.CheckConstraint(
                condition=Q(asking_segment__isnull=True) | Q(asking_opened_at__isnull=False),
                name="open_asking_has_opening_time",
                violation_error_message=_("Asking that is open needs the time it was opened."),
            ),
        ]

    def __str__(self):
        return _("Live settings of %(session)s") % {"session": self.session}

    def clean(self):
        if self.asking_segment_id and self.session_id:
            if self.asking_segment.session_id != self.session_id:
                raise ValidationError({"asking_segment": _("Choose a segment of this session.")})
            if self.asking_segment.kind not in ASKING_KINDS:
                raise ValidationError(
                    {"asking_segment": _("Choose a questions-for-clarification or general-discussion segment.")}
                )
        if self.asking_segment_id and self.asking_opened_at is None:
            self.asking_opened_at = timezone.now()

    @property
    def asking_is_open(self):
        return self.asking_segment_id is not None


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Shown")
    ANSWERED = "answered", _("Answered")
    HIDDEN = "hidden", _("Hidden")


# What phones and the screen show: the questions still to answer, then the answered ones.
VISIBLE_STATUSES = (QuestionStatus.APPROVED, QuestionStatus.ANSWERED)


class AudienceQuestionQuerySet(models.QuerySet):
    def visible(self):
        """What participants see: shown and answered questions (never pending or hidden ones)."""
        return self.filter(status__in=VISIBLE_STATUSES)

    def answered(self):
        """Questions the facilitator marked answered: the ones an outcome's appendix lists."""
        return self.filter(status=QuestionStatus.ANSWERED)

    def with_votes(self):
        """Each question with `vote_count` (the votes that count: discounted ones do not) and its addressee, in one
        query."""
        return self.select_related("addressee").annotate(vote_count=Count("votes", filter=Q(votes__discounted=False)))

    def with_vote_origins(self):
        """Each question also with `discounted_count` and `top_address_count`, the most votes that count from one
        network address (a subquery in the same query): what the facilitator's page needs to say whether one
        address casts a suspicious share of a question's votes. The address itself is not loaded."""
        by_address = (
            Vote.objects.filter(question=OuterRef("pk"), discounted=False)
            .order_by()
            .values("address")
            .annotate(count=Count("pk"))
            .order_by("-count")
            .values("count")[:1]
        )
        return self.annotate(
            discounted_count=Count("votes", filter=Q(votes__discounted=True)),
            top_address_count=Coalesce(Subquery(by_address), 0),
        )

    def by_votes(self):
        """The one being answered first, then the most voted, then the earliest; answered ones after the rest."""
        answered_last = Case(When(status=QuestionStatus.ANSWERED, then=Value(1)), default=Value(0))
        return self.order_by(F("pinned").desc(), answered_last, F("vote_count").desc(), "created_at", "pk")

    def for_appendix(self, sessions):
        """The answered questions of these sessions for an outcome's appendix, in the order they were asked, with their
        session, segment, addressee and votes, in one query. Use `AudienceQuestion.objects.for_appendix(...)`."""
        return (
            self.answered()
            .filter(session__in=sessions)
            .with_votes()
            .select_related("session", "segment")
            .order_by("session__number", "segment__position", "created_at", "pk")
        )


class AudienceQuestion(models.Model):
    """A question a participant sent from a phone during a session, to a contributor or to the floor.

    Nothing is erased: the facilitator hides a question instead, and organisers still see it in the admin.
    """

    affects_public_pages = False

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="audience_questions", verbose_name=_("session")
    )
    segment = models.ForeignKey(
        Segment,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audience_questions",
        verbose_name=_("asked during"),
    )
    addressee = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questions_received",
        verbose_name=_("addressed to"),
        help_text=_("A contributor of the session; empty for a question to the floor."),
    )
    text = models.TextField(_("question"), validators=[length_limit(QUESTION_MAX_LENGTH)])
    asked_by = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True, help_text=_("Optional."))
    affiliation = models.CharField(
        _("country or organisation"), max_length=AFFILIATION_MAX_LENGTH, blank=True, help_text=_("Optional.")
    )
    device = models.CharField(
        _("device"),
        max_length=DEVICE_ID_LENGTH,
        blank=True,
        editable=False,
        help_text=_("The anonymous id of the phone that sent it, for the limits and to show the sender their own."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    pinned = models.BooleanField(_("being answered"), default=False, help_text=_("Shown large on the screen."))
    created_at = models.DateTimeField(pgettext_lazy("a question", "sent"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    hidden_at = models.DateTimeField(_("hidden"), null=True, blank=True)

    objects = AudienceQuestionQuerySet.as_manager()

    class Meta:
        verbose_name = _("question from the audience")
        verbose_name_plural = _("questions from the audience")
        ordering = ["session", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(pinned=True),
                name="one_question_being_answered_per_session",
                violation_error_message=_("Another question of this session is already being answered."),
            ),
            models.CheckConstraint(
                condition=Q(pinned=False) | Q(status=QuestionStatus.APPROVED),
                name="only_shown_questions_are_being_answered",
                violation_error_message=_("Only a shown question can be the one being answered."),
            ),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def clean(self):
        errors = {}
        if self.pinned and self.status != QuestionStatus.APPROVED:
            errors["pinned"] = _("Only a shown question can be the one being answered.")
        if self.session_id and self.segment_id and self.segment.session_id != self.session_id:
            errors["segment"] = _("Choose a segment of this session.")
        if (
            self.pinned
            and self.session_id
            and AudienceQuestion.objects.filter(session_id=self.session_id, pinned=True).exclude(pk=self.pk).exists()
        ):
            errors["pinned"] = _("Another question of this session is already being answered.")
        if errors:
            raise ValidationError(errors)

    @property
    def sender(self):
        """Who sent it as the screen shows it: “Name, Country”, one of the two, or "" when anonymous."""
        return ", ".join(part for part in (self.asked_by, self.affiliation) if part)

    @property
    def addressed_to(self):
        """“To <contributor>” or “To the floor” (select_related the addressee)."""
        if self.addressee_id:
            return _("To %(name)s") % {"name": self.addressee.full_name}
        return _("To the floor")

    @property
    def is_open(self):
        """Shown and not answered yet: the only state in which it takes votes."""
        return self.status == QuestionStatus.APPROVED

    @property
    def one_address_dominates(self):
        """Whether one network address casts a suspicious share of the votes that count (`with_vote_origins()`):
        at least SUSPICIOUS_VOTES votes, and more than SUSPICIOUS_SHARE of them from one address."""
        return self.vote_count >= SUSPICIOUS_VOTES and self.top_address_count > SUSPICIOUS_SHARE * self.vote_count


class Vote(models.Model):
    """One phone's vote for a question it wants answered. The database keeps it to one per phone and question.

    It keeps a keyed hash of the network address it came from, so that the facilitator sees when one address casts
    a suspicious share of a question's votes and can discount them: discounted votes stay, but count nowhere.
    """

    affects_public_pages = False

    question = models.ForeignKey(
        AudienceQuestion, on_delete=models.CASCADE, related_name="votes", verbose_name=_("question")
    )
    device = models.CharField(_("device"), max_length=DEVICE_ID_LENGTH)
    address = models.CharField(
        _("network"),
        max_length=ADDRESS_HASH_LENGTH,
        blank=True,
        editable=False,
        help_text=_(
            "A keyed hash of the network address the vote came from (never the address itself): equal for votes "
            "from the same address, so that their share of a question's votes can be counted."
        ),
    )
    discounted = models.BooleanField(
        _("discounted"),
        default=False,
        help_text=_("The facilitator discounted it: it stays here but no longer counts anywhere."),
    )
    created_at = models.DateTimeField(_("voted"), default=timezone.now)

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        ordering = ["question", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "device"],
                name="one_vote_per_device_and_question",
                violation_error_message=_("This phone has already voted for this question."),
            ),
        ]

    def __str__(self):
        return _("Vote for “%(question)s”") % {"question": self.question}


class BreakoutPointQuerySet(models.QuerySet):
    def visible(self):
        """Points not withdrawn or hidden."""
        return self.filter(hidden_at__isnull=True)

    def of_breakout(self, breakout):
        return self.filter(question__breakout=breakout)

    def by_question(self, breakout):
        """{question id: [visible points, oldest first]} for each of the breakout's questions that has any, in one
        query: what the rapporteur's form shows beside each answer."""
        points = {}
        for point in self.visible().of_breakout(breakout).order_by("created_at", "pk"):
            points.setdefault(point.question_id, []).append(point)
        return points

    def for_appendix(self, sessions):
        """The visible points of these sessions' breakouts for an outcome's appendix, by session, group and question,
        with their question, breakout and group, in one query."""
        return (
            self.visible()
            .filter(question__breakout__session__in=sessions)
            .select_related("question__breakout__session", "question__breakout__group")
            .order_by(
                "question__breakout__session__number",
                "question__breakout__group__number",
                "question__position",
                "created_at",
                "pk",
            )
        )


class BreakoutPoint(models.Model):
    """A short point a group's member notes under one of the group's breakout questions during the breakout.

    It stays with the breakout's question; withdrawing or hiding it keeps it for the organisers.
    """

    affects_public_pages = False

    question = models.ForeignKey(
        Question, on_delete=models.CASCADE, related_name="live_points", verbose_name=_("breakout question")
    )
    text = models.TextField(_("point"), validators=[length_limit(POINT_MAX_LENGTH)])
    author = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True, help_text=_("Optional."))
    device = models.CharField(
        _("device"),
        max_length=DEVICE_ID_LENGTH,
        blank=True,
        editable=False,
        help_text=_("The anonymous id of the phone that added it: only that phone can withdraw it."),
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    hidden_at = models.DateTimeField(
        _("withdrawn or hidden"), null=True, blank=True, help_text=_("Hidden points stay here, for the organisers.")
    )

    objects = BreakoutPointQuerySet.as_manager()

    class Meta:
        verbose_name = _("breakout point")
        verbose_name_plural = _("breakout points")
        ordering = ["question", "created_at", "pk"]

    def __str__(self):
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    @property
    def markdown_item(self):
        """The point as a Markdown list item, ready to bring into a rapporteur's answer: “- text (name)”."""
        text = " ".join(self.text.split())
        return f"- {text} ({self.author})" if self.author else f"- {text}"


class FacilitatorNomination(PrivateLink):
    """The facilitator of a session and their private link to moderate its questions: no account, only the key.

    The link works until it is revoked or the conference has ended (midnight after its last day, at the venue).
    """

    affects_public_pages = False

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="facilitator_nominations", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="facilitator_nominations", verbose_name=_("facilitator")
    )
    token = link_key_field(_("The secret part of the facilitator’s private link."))
    emailed_at = models.DateTimeField(
        _("link emailed"),
        null=True,
        blank=True,
        help_text=_("When a mail server last accepted a mail with this link. Blank while none has."),
    )

    class Meta:
        verbose_name = _("facilitator’s link")
        verbose_name_plural = _("facilitators’ links")
        ordering = ["session", "-nominated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_facilitator_link_per_session",
                violation_error_message=_(
                    "This session already has a facilitator’s link. Revoke it before nominating another."
                ),
            ),
        ]

    def __str__(self):
        return _("%(participant)s, facilitator of %(session)s") % {
            "participant": self.participant,
            "session": self.session,
        }

    def clean(self):
        if self.participant_id and self.session_id and self.participant.conference_id != self.session.conference_id:
            raise ValidationError({"participant": _("Choose a participant of this session’s conference.")})
        if (
            self.session_id
            and self.revoked_at is None
            and FacilitatorNomination.objects.active().filter(session_id=self.session_id).exclude(pk=self.pk).exists()
        ):
            raise ValidationError(
                _("This session already has a facilitator’s link. Revoke it before nominating another.")
            )

    @property
    def expires_at(self):
        """Midnight after the conference's last day in the venue's time zone; None while there is no last day.
        Uses `session.conference` (select_related it)."""
        return self.session.conference.ends_at


class NotesLink(PrivateLink):
    """The private link to a group's breakout notes, for the people in the room: shown as a QR code on the group's
    room card and on the breakout screen, never on the public pages. Made the first time it is shown; it works until
    the organisers revoke it (a new one is made the next time it is shown) or the conference has ended."""

    affects_public_pages = False

    nominated_at = models.DateTimeField(_("made"), auto_now_add=True)
    breakout = models.ForeignKey(
        Breakout, on_delete=models.CASCADE, related_name="notes_links", verbose_name=_("breakout")
    )
    token = link_key_field(_("The secret part of the link to the group’s breakout notes."))

    class Meta:
        verbose_name = _("breakout notes link")
        verbose_name_plural = _("breakout notes links")
        ordering = ["breakout", "-nominated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["breakout"],
                condition=Q(revoked_at__isnull=True),
                name="one_active_notes_link_per_breakout",
                violation_error_message=_("This breakout already has a notes link. Revoke it before making another."),
            ),
        ]

    def __str__(self):
        return _("Notes link of %(breakout)s") % {"breakout": self.breakout}

    @property
    def expires_at(self):
        """Midnight after the conference's last day (select_related `breakout__session__conference`)."""
        return self.breakout.session.conference.ends_at
