"""The programme: sessions and their timed segments."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.formats import time_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from conference.languages import shown
from conference.models import (
    EARLIEST_DAY,
    LATEST_DAY,
    Conference,
    ConferenceKeyedManager,
    Participant,
    ThematicArea,
    plausible_day,
    validate_plausible_day,
)


class RoomManager(ConferenceKeyedManager):
    key_field = "code"


class Room(models.Model):
    """A room of the venue: where a session's plenary meets, or a group's breakout.

    Rooms are entered by the organisers once the venue is known; until a session or a breakout has one, the pages
    say "to be announced".
    """

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("conference")
    )
    code = models.SlugField(
        _("short name"),
        max_length=40,
        help_text=_(
            "Letters, digits and hyphens, unique in the conference, e.g. “salon-a”. Identifies the room in "
            "calendars and conference apps, so keep it when the room’s name changes."
        ),
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("As the signs at the venue show it, e.g. “Salon A (ground floor)”.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Order in lists."))

    objects = RoomManager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["conference_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "code"],
                name="room_code_unique_in_conference",
                violation_error_message=_("This conference already has a room with this short name."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.conference.natural_key(), self.code)

    natural_key.dependencies = ["conference.conference"]


@dataclass(frozen=True)
class MinuteRange:
    """A duration known to lie between `low` and `high` minutes (equal when it is exact)."""

    low: int
    high: int

    def __add__(self, other):
        return MinuteRange(self.low + other.low, self.high + other.high)

    def __str__(self):
        if self.low == self.high:
            return ngettext("%(low)d minute", "%(low)d minutes", self.high) % {"low": self.low}
        return _("%(low)d–%(high)d minutes") % {"low": self.low, "high": self.high}

    @property
    def is_exact(self):
        return self.low == self.high


@dataclass(frozen=True)
class ClockRange:
    """A clock time known to lie between `earliest` and `latest` (equal when it is exact)."""

    earliest: datetime.datetime
    latest: datetime.datetime

    def shifted(self, minutes):
        return ClockRange(
            self.earliest + datetime.timedelta(minutes=minutes.low),
            self.latest + datetime.timedelta(minutes=minutes.high),
        )

    def __str__(self):
        earliest, latest = time_format(self.earliest, "TIME_FORMAT"), time_format(self.latest, "TIME_FORMAT")
        return earliest if earliest == latest else f"{earliest}–{latest}"

    @property
    def is_exact(self):
        return self.earliest == self.latest


def clock_span(starts, ends):
    """When something runs, honest about ranges: "09:00–09:15" when both ends are exact, else each end on its own
    ("Starts 09:45–09:55, ends 10:30–10:40"): a window of start times must not read like a duration. None while the
    start is not known."""
    if starts is None:
        return None
    if ends is None:
        return gettext("Starts %(start)s") % {"start": starts}
    if starts.is_exact and ends.is_exact:
        return f"{starts}–{ends}"
    return gettext("Starts %(start)s, ends %(end)s") % {"start": starts, "end": ends}


class SessionKind(models.TextChoices):
    BREAKOUT = "breakout", _("Session with breakout groups")
    CONCLUDING = "concluding", _("Concluding session")


class SessionQuerySet(models.QuerySet):
    def breakouts(self):
        """Sessions in which the groups meet (sessions 1–4 of the Caribbean conference)."""
        return self.filter(kind=SessionKind.BREAKOUT)

    def with_timeline(self):
        """What the programme page shows of a session, in a fixed number of queries: its plenary room, facilitator,
        thematic areas and timed segments. Read through `conference.sessions`, each session's conference is the
        conference itself, with no join."""
        return self.select_related("room", "facilitator__country", "facilitator__organisation").prefetch_related(
            "thematic_areas",
            models.Prefetch(
                "segments",
                # report_back_of is the groups app's reverse link: which group reports back in the segment.
                queryset=Segment.objects.select_related("report_back_of__group").with_contributors(),
            ),
        )

    def with_panellists(self):
        """The concluding panel's panellists, each with their country or organisation."""
        return self.prefetch_related(
            models.Prefetch("panellists", queryset=Participant.objects.select_related("country", "organisation"))
        )

    def with_programme(self):
        """Everything the exports show of a session, in a fixed number of queries: the timeline, the conference and
        the panellists."""
        return self.with_timeline().with_panellists().select_related("conference")


class SessionManager(models.Manager.from_queryset(SessionQuerySet)):
    def get_by_natural_key(self, conference_slug, number):
        return self.get(conference__slug=conference_slug, number=number)


class Session(models.Model):
    """A session of the programme: a plenary with breakout groups, or the concluding session."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("conference")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=20, choices=SessionKind.choices, default=SessionKind.BREAKOUT)
    title = models.CharField(_("title"), max_length=300)
    thematic_areas = models.ManyToManyField(
        ThematicArea, blank=True, related_name="sessions", verbose_name=_("thematic areas")
    )
    description = models.TextField(_("description"), blank=True)
    aim = models.TextField(_("aim"), blank=True)
    date = models.DateField(_("date"), null=True, blank=True, validators=[validate_plausible_day])
    start_time = models.TimeField(
        _("start time"), null=True, blank=True, help_text=_("Local time at the venue. Segment times follow from it.")
    )
    room = models.ForeignKey(
        Room,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="plenary_sessions",
        verbose_name=_("plenary room"),
        help_text=_("Where the session meets in plenary. Blank shows “to be announced”."),
    )
    facilitator = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_sessions",
        verbose_name=_("facilitator"),
        help_text=_("Moderates the questions, the report-backs and the general discussion."),
    )
    panellists = models.ManyToManyField(Participant, blank=True, related_name="panels", verbose_name=_("panellists"))

    objects = SessionManager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["conference_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "number"],
                name="session_number_unique_in_conference",
                violation_error_message=_("This conference already has a session with this number."),
            ),
            models.CheckConstraint(
                condition=Q(number__gte=1),
                name="session_number_positive",
                violation_error_message=_("Session numbers start at 1."),
            ),
            models.CheckConstraint(
                condition=Q(date__isnull=True) | Q(date__range=(EARLIEST_DAY, LATEST_DAY)),
                name="session_date_in_plausible_years",
                violation_error_message=_("A session’s date must fall between 2000 and 2100."),
            ),
        ]

    def __str__(self):
        return _("Session %(number)s: %(title)s") % {"number": self.number, "title": self.title}

    @property
    def heading(self):
        """ "Session 1: <title>" as HTML, the title in the page's language or marked as English."""
        pattern = escape(gettext("Session %(number)s: %(title)s"))
        return mark_safe(pattern % {"number": self.number, "title": shown(self, "title")})  # noqa: S308 (escaped)

    def natural_key(self):
        return (*self.conference.natural_key(), self.number)

    natural_key.dependencies = ["conference.conference"]

    def clean(self):
        conference = self.conference if self.conference_id else None
        if conference and plausible_day(self.date) and not self._within(conference):
            raise ValidationError({"date": _("The date must fall within the conference’s days.")})
        if conference and self.facilitator_id and self.facilitator.conference_id != conference.pk:
            raise ValidationError({"facilitator": _("Choose a participant of this session’s conference.")})
        if conference and self.room_id and self.room.conference_id != conference.pk:
            raise ValidationError({"room": _("Choose a room of this session’s conference.")})

    def _within(self, conference):
        return not (
            (conference.start_date and self.date < conference.start_date)
            or (conference.end_date and self.date > conference.end_date)
        )

    @property
    def is_breakout(self):
        return self.kind == SessionKind.BREAKOUT

    @property
    def starts_at(self):
        """The local start as a naive datetime, or None while the date or time is not set."""
        if self.date and self.start_time:
            return datetime.datetime.combine(self.date, self.start_time)
        return None

    def timeline(self):
        """The segments in order, each with `.duration`, and, when known, `.starts` and `.ends` clock ranges and
        `.clock`, their clock times as a page shows them (see `clock_span`).

        A segment's clock time is known once the session's date and start time are set and every segment before
        it has a duration. Uses the prefetched segments; computed once per session object.
        """
        if getattr(self, "_timeline", None) is None:
            segments = list(self.segments.all())
            clock = ClockRange(self.starts_at, self.starts_at) if self.starts_at else None
            for segment in segments:
                segment.starts = clock
                duration = segment.duration
                clock = clock.shifted(duration) if clock and duration else None
                segment.ends = clock
                segment.clock = clock_span(segment.starts, segment.ends) if segment.starts else None
            self._timeline = segments
        return self._timeline

    def segment_of_kind(self, kind):
        """The first segment of this kind in the timeline (with its clock times), or None."""
        return next((segment for segment in self.timeline() if segment.kind == kind), None)

    @property
    def ends(self):
        """The session's end as a ClockRange (its planned length after its start), or None while not known."""
        length = self.planned_length
        if self.starts_at is None or length is None:
            return None
        return ClockRange(self.starts_at, self.starts_at).shifted(length)

    @property
    def hours(self):
        """The session's clock times: "09:00–11:50", "09:00 (ends 11:20–11:50)", "09:00" while its length is not
        known; None while its start time is not set."""
        if self.starts_at is None:
            return None
        start, ends = time_format(self.starts_at, "TIME_FORMAT"), self.ends
        if ends is None:
            return start
        if ends.is_exact:
            return f"{start}–{ends}"
        return gettext("%(start)s (ends %(end)s)") % {"start": start, "end": ends}

    @property
    def planned_length(self):
        """The session's length as a MinuteRange, or None while a segment has no duration."""
        total = MinuteRange(0, 0)
        for segment in self.segments.all():
            if segment.duration is None:
                return None
            total += segment.duration
        return total if self.segments.all() else None


def overlaps(sessions):
    """{session: [the sessions it overlaps]} among sessions of one conference with a date and a start time: two
    overlap when one starts before the other ends, at its planned maximum length (a session whose length is not
    known yet counts as a moment: it clashes with a session under way then, or starting at the same time). Uses the
    prefetched segments."""
    timed = []
    for session in sessions:
        if session.starts_at is None:
            continue
        length = session.planned_length
        ends_at = session.starts_at + datetime.timedelta(minutes=length.high if length else 0)
        timed.append((session, session.starts_at, ends_at))
    found = {}
    for index, (one, one_start, one_end) in enumerate(timed):
        for other, other_start, other_end in timed[index + 1 :]:
            if one.conference_id != other.conference_id:
                continue
            if one_start == other_start or (one_start < other_end and other_start < one_end):
                found.setdefault(one, []).append(other)
                found.setdefault(other, []).append(one)
    return found


class SegmentKind(models.TextChoices):
    PRESENTATION = "presentation", _("Presentation")
    QUESTIONS = "questions", _("Questions for clarification")
    BREAKOUT = "breakout", _("Breakout in groups")
    REPORT_BACK = "report_back", _("Report-back")
    DISCUSSION = "discussion", _("General discussion")
    PANEL = "panel", _("Panel discussion")


MODERATED_KINDS = {SegmentKind.QUESTIONS, SegmentKind.REPORT_BACK, SegmentKind.DISCUSSION}


class SegmentQuerySet(models.QuerySet):
    def with_contributors(self):
        """Each segment's contributions in order, each with its participant's country or organisation (one query
        more, whatever the number of segments): what `Segment.contributor_list` reads."""
        return self.prefetch_related(
            models.Prefetch(
                "contributions",
                queryset=Contribution.objects.select_related("participant__country", "participant__organisation"),
            )
        )


class SegmentManager(models.Manager.from_queryset(SegmentQuerySet)):
    def get_by_natural_key(self, conference_slug, session_number, position):
        return self.get(session__conference__slug=conference_slug, session__number=session_number, position=position)


class Segment(models.Model):
    """One timed part of a session: a presentation, the questions, the breakout, a report-back, a discussion."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="segments", verbose_name=_("session"))
    position = models.PositiveSmallIntegerField(_("position"), help_text=_("Order within the session: 1, 2, 3…"))
    kind = models.CharField(_("kind"), max_length=20, choices=SegmentKind.choices)
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("Leave blank to show the kind, e.g. “Presentation”.")
    )
    description = models.TextField(_("description"), blank=True)
    min_minutes = models.PositiveSmallIntegerField(
        _("minimum minutes"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Blank while not known. For an exact duration, give the same minimum and maximum."),
    )
    max_minutes = models.PositiveSmallIntegerField(
        _("maximum minutes"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    contributors = models.ManyToManyField(
        Participant,
        through="Contribution",
        blank=True,
        related_name="presented_segments",
        verbose_name=_("contributors"),
        help_text=_("Who presents, for a presentation, in the order the programme names them."),
    )

    objects = SegmentManager()

    class Meta:
        verbose_name = _("segment")
        verbose_name_plural = _("segments")
        ordering = ["session_id", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "position"],
                name="segment_position_unique_in_session",
                violation_error_message=_("Two segments of this session have the same position."),
            ),
            models.CheckConstraint(
                condition=Q(min_minutes__isnull=True) | Q(min_minutes__gte=1),
                name="segment_min_minutes_positive",
                violation_error_message=_("A segment lasts at least one minute."),
            ),
            models.CheckConstraint(
                condition=Q(max_minutes__isnull=True) | Q(min_minutes__isnull=False, max_minutes__gte=F("min_minutes")),
                name="segment_max_minutes_not_below_min",
                violation_error_message=_("The maximum minutes cannot be below the minimum, or set without it."),
            ),
        ]

    def __str__(self):
        return _("Session %(session)s, %(position)s. %(title)s") % {
            "session": self.session.number,
            "position": self.position,
            "title": self.display_title,
        }

    def natural_key(self):
        return (*self.session.natural_key(), self.position)

    natural_key.dependencies = ["agenda_sessions.session"]

    def clean(self):
        errors = {}
        if self.max_minutes is not None and self.min_minutes is None:
            errors["min_minutes"] = _("Give the minimum minutes too (the same as the maximum for an exact duration).")
        elif self.max_minutes is not None and self.max_minutes < self.min_minutes:
            errors["max_minutes"] = _(
                "The maximum (%(max)s minutes) cannot be below the minimum (%(min)s minutes)."
            ) % {"max": self.max_minutes, "min": self.min_minutes}
        if errors:
            raise ValidationError(errors)

    @property
    def display_title(self):
        return self.title or self.kind_label

    @property
    def kind_label(self):
        """The kind as the pages name it, "Presentation": what get_kind_display() gives, without building the
        field's choices anew on every call (a timeline shows it for most of its segments)."""
        try:
            return str(SegmentKind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def contributor_list(self):
        """The contributors in order, from the contributions `with_contributors()` prefetched (a query without)."""
        return [contribution.participant for contribution in self.contributions.all()]

    @property
    def reporting_group(self):
        """The breakout group that reports back in this segment, or None (from `report_back_of__group`, which
        `Session.objects.with_timeline()` selects)."""
        try:
            return self.report_back_of.group
        except ObjectDoesNotExist:
            return None

    @property
    def duration(self):
        """A MinuteRange, or None while not known. Only a minimum means an exact duration."""
        if self.min_minutes is None:
            return None
        return MinuteRange(self.min_minutes, self.max_minutes or self.min_minutes)

    @property
    def is_moderated(self):
        """Moderated by the session's facilitator, as the modalities say."""
        return self.kind in MODERATED_KINDS


class Contribution(models.Model):
    """A participant named as a contributor of a presentation, in the programme's order (`position`)."""

    segment = models.ForeignKey(
        Segment, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("presentation")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="contributions", verbose_name=_("contributor")
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=1, help_text=_("Order among the presentation’s contributors: 1, 2, 3…")
    )

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["segment_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["segment", "participant"],
                name="contribution_participant_once_per_segment",
                violation_error_message=_("This participant is already a contributor of this presentation."),
            ),
        ]

    def __str__(self):
        return _("%(participant)s in %(segment)s") % {"participant": self.participant, "segment": self.segment}

    def clean(self):
        if (
            self.participant_id
            and self.segment_id
            and self.participant.conference_id != self.segment.session.conference_id
        ):
            raise ValidationError({"participant": _("Choose a participant of this session’s conference.")})
        if self.segment_id and self.segment.kind != SegmentKind.PRESENTATION:
            raise ValidationError(_("Only a presentation has contributors."))
