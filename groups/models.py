"""The breakout structure: the fixed groups of countries, their discussion in each session, and its questions.

The rapporteurs' work on it lives in the nested app groups/reports/, which imports this one (never the reverse).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from conference.languages import shown
from conference.models import Conference, Country, Participant, ThematicArea
from sessions.models import Room, Segment, SegmentKind, Session


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
    default_room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="default_for_groups",
        verbose_name=_("default room"),
        help_text=_("Where the group meets in every breakout session, unless a breakout names another room."),
    )

    objects = BreakoutGroupManager()

    class Meta:
        verbose_name = _("breakout group")
        verbose_name_plural = _("breakout groups")
        ordering = ["conference_id", "number"]
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

    def clean(self):
        if self.default_room_id and self.conference_id and self.default_room.conference_id != self.conference_id:
            raise ValidationError({"default_room": _("Choose a room of this group’s conference.")})

    @property
    def display_name(self):
        """The group's name in the page's language (English while not translated), else "Group 2"."""
        return self.name or _("Group %(number)s") % {"number": self.number}

    @property
    def display_name_html(self):
        """The same as HTML, an English name marked lang="en" on a page in another language."""
        return shown(self, "name") or _("Group %(number)s") % {"number": self.number}


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
        ordering = ["group_id", "country__name"]
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


class GroupPartnerQuerySet(models.QuerySet):
    def confirmed(self):
        """The places the organisers confirmed: only these show the partner's name publicly."""
        return self.filter(confirmed_at__isnull=False)


class GroupPartner(models.Model):
    """A participant from a partner organisation who chose to join a group.

    Anyone can sign up on the public form, so a place shows the partner's name on public pages only once the
    organisers have confirmed it.
    """

    group = models.ForeignKey(
        BreakoutGroup, on_delete=models.CASCADE, related_name="partner_places", verbose_name=_("group")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="group_places", verbose_name=_("participant")
    )
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    confirmed_at = models.DateTimeField(
        _("confirmed"),
        null=True,
        blank=True,
        help_text=_("When the organisers confirmed the place. Until then the name does not show on public pages."),
    )

    objects = GroupPartnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("partner in a group")
        verbose_name_plural = _("partners in groups")
        ordering = ["group_id", "participant__full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                name="partner_in_one_group",
                violation_error_message=_("This participant has already chosen a group."),
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.group}"

    def affects_public_pages(self, created=False):
        """Only a confirmed place shows on public pages (a new sign-up changes none of them)."""
        return self.confirmed_at is not None

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
        """What the public pages show of breakouts, in a fixed number of queries whatever their number: group,
        room, thematic areas and questions (retired ones too: see `open_questions`). Pages that have not loaded the
        breakouts' sessions themselves add them (`with_session()`)."""
        return self.with_room().prefetch_related("thematic_areas", "questions")

    def with_room(self):
        """Each breakout's group and what `Breakout.effective_room` reads: its own room and the group's default."""
        return self.select_related("group__default_room", "room")

    def with_session(self):
        """Each breakout's session with its plenary room and thematic areas. Pages that show a breakout's clock times
        add the session's segments (`session__segments`)."""
        return self.select_related("session__room").prefetch_related("session__thematic_areas")

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
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="breakouts",
        verbose_name=_("breakout room"),
        help_text=_(
            "Where the group meets for this breakout, if not in its group’s default room. Blank: the group’s default "
            "room, or “to be announced” while the group has none."
        ),
    )

    objects = BreakoutManager()

    class Meta:
        verbose_name = _("breakout")
        verbose_name_plural = _("breakouts")
        ordering = ["session__conference_id", "session__number", "group__number"]
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
        if self.room_id and self.session_id and self.room.conference_id != self.session.conference_id:
            errors["room"] = _("Choose a room of this session’s conference.")
        if self.report_back_id and self.session_id:
            if self.report_back.session_id != self.session_id:
                errors["report_back"] = _("Choose a segment of this breakout’s session.")
            elif self.report_back.kind != SegmentKind.REPORT_BACK:
                errors["report_back"] = _("Choose a segment of the kind “Report-back”.")
        if errors:
            raise ValidationError(errors)

    @property
    def effective_room(self):
        """Where the group meets in this breakout: its own room, else the group's default room, else None ("to be
        announced"). Every page and export shows this one (select `with_room()` to read it without a query)."""
        return self.room if self.room_id else self.group.default_room

    @property
    def open_questions(self):
        """The questions participants and rapporteurs see now: all but the retired ones (uses the prefetch)."""
        return [question for question in self.questions.all() if not question.retired]

    @property
    def breakout_segment(self):
        """The session's breakout segment, with its clock times (from the session's prefetched segments)."""
        return self.session.segment_of_kind(SegmentKind.BREAKOUT)

    @property
    def report_back_slot(self):
        """The report-back segment, with its clock times (from the session's prefetched segments), or None."""
        if self.report_back_id is None:
            return None
        return next((segment for segment in self.session.timeline() if segment.pk == self.report_back_id), None)

    @property
    def covered_areas(self):
        """The thematic areas this breakout covers: its own, or else its session's. Uses prefetched data."""
        return list(self.thematic_areas.all()) or list(self.session.thematic_areas.all())


class QuestionQuerySet(models.QuerySet):
    def open(self):
        """The questions that forms and public pages show: not retired."""
        return self.filter(retired=False)


class QuestionManager(models.Manager.from_queryset(QuestionQuerySet)):
    def get_by_natural_key(self, conference_slug, session_number, group_number, position):
        return self.get(
            breakout__session__conference__slug=conference_slug,
            breakout__session__number=session_number,
            breakout__group__number=group_number,
            position=position,
            retired=False,
        )


class Question(models.Model):
    """A question prepared for a breakout, kept word for word as the organisers wrote it.

    A question that has answers is retired rather than deleted: it leaves the public pages and the rapporteur's form
    and keeps its answers in the report's history and the outcome.
    """

    breakout = models.ForeignKey(
        Breakout, on_delete=models.CASCADE, related_name="questions", verbose_name=_("breakout")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.TextField(_("text"))
    retired = models.BooleanField(
        _("retired"),
        default=False,
        help_text=_(
            "A retired question leaves the public pages and the rapporteur’s form, and keeps the answers already "
            "written to it in the report’s history and the conference outcome. Retire a question that has answers "
            "instead of deleting it."
        ),
    )

    objects = QuestionManager()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["breakout_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["breakout", "position"],
                condition=Q(retired=False),
                name="open_question_position_unique_in_breakout",
                violation_error_message=_("Two questions of this breakout have the same position."),
            ),
        ]

    def __str__(self):
        return self.text if len(self.text) <= 80 else f"{self.text[:79]}…"

    def natural_key(self):
        return (*self.breakout.natural_key(), self.position)

    natural_key.dependencies = ["groups.breakout"]
