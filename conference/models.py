"""The core of the app: a conference and the people, places and themes it is made of."""

import datetime
import functools
import weakref
import zoneinfo

from django.conf import global_settings, settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator, URLValidator
from django.db import connections, models, router, transaction
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, override
from django_countries import countries
from django_countries.fields import CountryField

from . import clock
from .languages import current_language, mark_fallback, text_and_language

TO_BE_ANNOUNCED = _("to be announced")

# Dates a conference or session may have: a plausible range keeps every date calculation (the day after the last
# day, a session's end) within what Python's dates can hold.
EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)
# At most four weeks from the first to the last day: the exports list every day.
MAX_CONFERENCE_DAYS = 28

# The first segment of the site's own addresses (conference/urls.py: the admin, rapporteurs' and facilitators'
# links, the groups' notes links, the offline page, static files, the benchmark page) and every language code Django
# knows (the site's languages are prefixes: /fr/…): a conference with one of these as its short name could not be
# reached.
SITE_ROUTES = ("admin", "benchmark", "moderate", "notes", "offline", "organisers", "report", "static")
RESERVED_SLUGS = tuple(
    sorted(
        {
            *SITE_ROUTES,
            *(code for code, _name in global_settings.LANGUAGES),
            *(code for code, _name in settings.LANGUAGES),
        }
    )
)

# Thematic area codes appear in addresses (/…/groups/themes/5a/): letters, digits and hyphens only.
AREA_CODE_PATTERN = r"\A[A-Za-z0-9-]+\Z"


def validate_time_zone(value):
    if value and value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("“%(value)s” is not a time zone name. Use an IANA name such as America/Port_of_Spain."),
            params={"value": value},
        )


def validate_plausible_day(value):
    if value and not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ValidationError(
            _("Give a date between the years %(first)s and %(last)s."),
            params={"first": EARLIEST_DAY.year, "last": LATEST_DAY.year},
            code="implausible_day",
        )


def plausible_day(value):
    """Whether a stored date is within the range every date calculation can handle."""
    return value is not None and EARLIEST_DAY <= value <= LATEST_DAY


def validate_conference_slug(value):
    if value in RESERVED_SLUGS:
        raise ValidationError(
            _("“%(value)s” is taken by the site’s own addresses or a language code: choose another short name."),
            params={"value": value},
            code="reserved_slug",
        )


validate_area_code = RegexValidator(
    AREA_CODE_PATTERN, _("Use only letters, digits and hyphens, e.g. 5a."), code="invalid_area_code"
)


class ConferenceManager(models.Manager):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def sole(self):
        """The site's conference when it holds exactly one (the usual case), else None."""
        conferences = list(self.all()[:2])
        return conferences[0] if len(conferences) == 1 else None


class Conference(models.Model):
    """One regional conference of the programme; every other record belongs to one."""

    slug = models.SlugField(
        _("short name for web addresses"),
        unique=True,
        validators=[validate_conference_slug],
        help_text=_("Lower-case letters, digits and hyphens, e.g. “caribbean”. Used in links."),
    )
    region = models.CharField(_("region"), max_length=100, blank=True)
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Leave blank until the official name is known.")
    )
    aim = models.TextField(_("aim"), blank=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    start_date = models.DateField(_("first day"), null=True, blank=True, validators=[validate_plausible_day])
    end_date = models.DateField(
        _("last day"),
        null=True,
        blank=True,
        validators=[validate_plausible_day],
        help_text=_("At most four weeks after the first day."),
    )
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        blank=True,
        validators=[validate_time_zone],
        help_text=_("IANA name of the venue’s time zone, e.g. America/Port_of_Spain. Session times are local to it."),
    )
    modalities = models.TextField(
        _("how the sessions work"),
        blank=True,
        help_text=_(
            "The modalities of the sessions, groups and rapporteurs. "
            "Markdown: blank lines between paragraphs, “- ” for list items."
        ),
    )

    # Each new column has a database default too: a server still running the previous release during an upgrade,
    # which does not know the column, can still add conferences and participants.
    conclusions = models.TextField(
        _("conclusions"),
        blank=True,
        default="",
        db_default="",
        help_text=_(
            "The conference’s conclusions, at the head of its public outcome. "
            "Markdown: blank lines between paragraphs, “- ” for list items, “## ” for a heading."
        ),
    )
    outcome_published_at = models.DateTimeField(
        _("outcome published"),
        null=True,
        blank=True,
        help_text=_("When the organisers published the outcome. Until then only organisers can read it."),
    )
    participants_public = models.BooleanField(
        _("list of participants public"),
        default=False,
        db_default=False,
        help_text=_("The list of participants also shows as a public page (it is always in the outcome’s annex)."),
    )

    objects = ConferenceManager()

    class Meta:
        verbose_name = _("conference")
        verbose_name_plural = _("conferences")
        ordering = [F("start_date").asc(nulls_last=True), "slug"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="conference_ends_after_it_starts",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__lte=F("start_date") + datetime.timedelta(days=MAX_CONFERENCE_DAYS - 1)),
                name="conference_lasts_at_most_four_weeks",
                violation_error_message=_("A conference lasts at most four weeks."),
            ),
            models.CheckConstraint(
                condition=(Q(start_date__isnull=True) | Q(start_date__range=(EARLIEST_DAY, LATEST_DAY)))
                & (Q(end_date__isnull=True) | Q(end_date__range=(EARLIEST_DAY, LATEST_DAY))),
                name="conference_days_in_plausible_years",
                violation_error_message=_("The conference’s days must fall between 2000 and 2100."),
            ),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="conference_slug_not_reserved",
                violation_error_message=_("This short name is taken by the site’s own addresses or a language code."),
            ),
        ]

    def __str__(self):
        return str(self.display_name)  # the name in the current language, not its lazy translation

    def natural_key(self):
        return (self.slug,)

    @property
    def display_name(self):
        """The official name in the page's language (English while not translated), or a plain description while
        the name is not known: plain text, for titles and feeds."""
        if self.name:
            return self.name
        if self.region:
            return _("%(region)s regional conference") % {"region": self.region}
        return _("Regional conference")

    @property
    def display_name_html(self):
        """The same as HTML, with an English name or region marked lang="en" on a page in another language."""
        name, language = text_and_language(self, "name")
        if name:
            return mark_fallback(name, language)
        region, language = text_and_language(self, "region")
        if region:
            pattern = escape(_("%(region)s regional conference"))
            return mark_safe(pattern % {"region": mark_fallback(region, language)})  # noqa: S308 (both escaped)
        return _("Regional conference")

    @functools.cached_property
    def shown_logos(self):
        """The conference's logos as its pages show them (conference.logos.ConferenceLogos), read once per page."""
        from .logos import ConferenceLogos  # it reads this module's models

        return ConferenceLogos(self)

    @property
    def zone(self):
        """The venue's ZoneInfo, or None while the time zone is not set."""
        return clock.zone_of(self)

    @property
    def zone_label(self):
        """How pages name the zone moments are shown in: "Port of Spain time", or "UTC" while none is set."""
        return clock.zone_label(self.zone or datetime.UTC)

    @property
    def time_note(self):
        """What the pages say about the clock times they show: "Times are Port of Spain time (UTC−04:00)."."""
        zone = self.zone
        if zone is None:
            return _("Times are local times at the venue.")
        day = self.start_date if plausible_day(self.start_date) else None
        if day is None:
            return _("Times are %(zone)s.") % {"zone": clock.zone_label(zone)}
        return _("Times are %(zone)s (%(offset)s).") % {
            "zone": clock.zone_label(zone),
            "offset": clock.utc_offset(zone, day),
        }

    def clean(self):
        start, end = self.start_date, self.end_date
        if not (plausible_day(start) and plausible_day(end)):
            self.check_sessions_within_days()
            return  # the field's own check explains the rest
        if end < start:
            raise ValidationError({"end_date": _("The last day cannot be before the first day.")})
        if (end - start).days >= MAX_CONFERENCE_DAYS:
            latest = start + datetime.timedelta(days=MAX_CONFERENCE_DAYS - 1)
            raise ValidationError(
                {
                    "end_date": _(
                        "A conference lasts at most %(days)d days: with this first day, the last day can be "
                        "%(latest)s at the latest."
                    )
                    % {"days": MAX_CONFERENCE_DAYS, "latest": date_format(latest, "DATE_FORMAT")}
                }
            )
        self.check_sessions_within_days()

    def check_sessions_within_days(self):
        """Refuse days that would leave a dated session outside them (the session's own form refuses such a date),
        naming the sessions under the first or the last day."""
        if self.pk is None:
            return
        errors = {}
        for field, outside in (("start_date", "date__lt"), ("end_date", "date__gt")):
            day = getattr(self, field)
            if not plausible_day(day):
                continue
            sessions = list(self.sessions.filter(**{outside: day}).order_by("date", "number"))
            if sessions:
                errors[field] = ngettext(
                    "Session %(sessions)s is on %(dates)s, outside these days: change its date first, or choose "
                    "days that include it.",
                    "Sessions %(sessions)s are on %(dates)s, outside these days: change their dates first, or "
                    "choose days that include them.",
                    len(sessions),
                ) % {
                    "sessions": ", ".join(str(session.number) for session in sessions),
                    "dates": ", ".join(dict.fromkeys(date_format(session.date, "DATE_FORMAT") for session in sessions)),
                }
        if errors:
            raise ValidationError(errors)

    def days(self):
        """The conference's days, as far as its first and last day are known: at most MAX_CONFERENCE_DAYS days
        within the plausible years, whatever is stored."""
        start, end = self.start_date, self.end_date
        if plausible_day(start) and plausible_day(end):
            return [start + datetime.timedelta(days=n) for n in range(min((end - start).days + 1, MAX_CONFERENCE_DAYS))]
        return [day for day in (start, end) if plausible_day(day)]

    @property
    def ends_at(self):
        """Midnight after the last day, in the venue's time zone (UTC while it is not set); None while the last day
        is not known. Safe whatever is stored: a date past LATEST_DAY counts as LATEST_DAY."""
        if self.end_date is None:
            return None
        zone = zoneinfo.ZoneInfo(self.time_zone) if self.time_zone else datetime.UTC
        last_day = min(self.end_date, LATEST_DAY)
        return datetime.datetime.combine(last_day + datetime.timedelta(days=1), datetime.time(), zone)


class ConferenceKeyedManager(models.Manager):
    """Looks records up by their conference's slug and a key unique within the conference."""

    key_field = "code"

    def get_by_natural_key(self, conference_slug, key):
        return self.get(conference__slug=conference_slug, **{self.key_field: key})


class ThematicArea(models.Model):
    """A thematic area of the Transformative Agenda (1–5, with 5a and 5b under 5)."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="thematic_areas", verbose_name=_("conference")
    )
    code = models.CharField(
        _("number"),
        max_length=8,
        validators=[validate_area_code],
        help_text=_("As the documents write it: 1, 2, 5a, 5b… Letters, digits and hyphens only."),
    )
    title = models.CharField(_("title"), max_length=300)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sub_areas",
        verbose_name=_("part of"),
        help_text=_("For a sub-area such as 5a: the area it belongs to."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Order in lists."))

    objects = ConferenceKeyedManager()

    class Meta:
        verbose_name = _("thematic area")
        verbose_name_plural = _("thematic areas")
        ordering = ["conference_id", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "code"],
                name="thematic_area_code_unique_in_conference",
                violation_error_message=_("This conference already has a thematic area with this number."),
            ),
            models.CheckConstraint(
                condition=Q(code__regex=AREA_CODE_PATTERN),
                name="thematic_area_code_is_a_slug",
                violation_error_message=_("A thematic area’s number has only letters, digits and hyphens."),
            ),
        ]

    def __str__(self):
        return _("Thematic area %(code)s: %(title)s") % {"code": self.code, "title": self.title}

    def natural_key(self):
        return (*self.conference.natural_key(), self.code)

    natural_key.dependencies = ["conference.conference"]

    def clean(self):
        if self.parent_id and self.conference_id and self.parent.conference_id != self.conference_id:
            raise ValidationError({"parent": _("The parent area must belong to the same conference.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An area cannot be part of itself.")})


class Country(models.Model):
    """A country or territory taking part, by ISO 3166-1 code, named as the conference documents name it."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="countries", verbose_name=_("conference")
    )
    code = CountryField(_("ISO 3166-1 code"))
    name = models.CharField(
        _("name"), max_length=100, help_text=_("As the conference documents write it, e.g. “St. Kitts and Nevis”.")
    )

    objects = ConferenceKeyedManager()

    class Meta:
        verbose_name = _("country or territory")
        verbose_name_plural = _("countries and territories")
        ordering = ["conference_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "code"],
                name="country_code_unique_in_conference",
                violation_error_message=_("This country or territory is already listed for this conference."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (*self.conference.natural_key(), self.code.code)

    natural_key.dependencies = ["conference.conference"]

    @property
    def display_name(self):
        """The name in the page's language: the conference documents' spelling in English, django-countries' name
        in the other languages ("Sainte-Lucie" in French)."""
        language = current_language()
        if language == "en":
            return self.name
        return country_name(self.code.code, language) or self.name

    @property
    def flag_path(self):
        """The country's flag, a small SVG (country-flag-icons, vendored with its licence), as a static file path."""
        return f"vendor/country-flag-icons/3x2/{self.code.code.upper()}.svg"


@functools.lru_cache(maxsize=4096)
def country_name(code, language):
    """django-countries' name of the country `code` in `language`. It comes from the installed catalogues, not from
    the database, so each process looks it up once per language (pages show and sort every country's name)."""
    with override(language):
        return countries.name(code)


class OrganisationKind(models.TextChoices):
    CO_ORGANISER = "co_organiser", _("Co-organising institution")
    BILATERAL = "bilateral", _("Bilateral partner")
    MULTILATERAL = "multilateral", _("Multilateral partner")
    STAKEHOLDER = "stakeholder", _("Other stakeholder")


class OrganisationManager(ConferenceKeyedManager):
    key_field = "name"


class Organisation(models.Model):
    """A partner organisation or co-organising institution taking part in a conference."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("conference")
    )
    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OrganisationKind.choices,
        blank=True,
        help_text=_("Blank while not known, e.g. for an organisation a partner typed in when choosing a group."),
    )
    from_signup = models.BooleanField(
        _("typed in on the join page"),
        default=False,
        help_text=_(
            "A partner typed this name in when choosing a group. The join page suggests it to others only once the "
            "organisers have confirmed a partner of it, or unticked this."
        ),
    )

    objects = OrganisationManager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["conference_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference", "name"],
                name="organisation_name_unique_in_conference",
                violation_error_message=_("This conference already has an organisation with this name."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    def affects_public_pages(self, created=False):
        """A new organisation shows on no public page until a participant of it does."""
        return not created

    def natural_key(self):
        return (*self.conference.natural_key(), self.name)

    natural_key.dependencies = ["conference.conference"]


class Participant(models.Model):
    """A person at the conference, from a country (a delegate) or from an organisation (a partner).

    Their roles in the programme (contributor, facilitator, panellist, rapporteur) come from the sessions and
    breakouts they are named in; `is_organiser` marks the organising team.
    """

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="participants", verbose_name=_("conference")
    )
    full_name = models.CharField(_("full name"), max_length=200)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("country or territory"),
        help_text=_("For a delegate of a national statistical system. Leave blank for a partner."),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participants",
        verbose_name=_("organisation"),
        help_text=_("For a participant from a partner or co-organising organisation. Leave blank for a delegate."),
    )
    email = models.EmailField(_("email"), blank=True)
    is_organiser = models.BooleanField(_("organiser"), default=False, help_text=_("Member of the organising team."))
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of the mails the site sends them. Blank: the site’s default language."),
    )
    function = models.CharField(
        _("function"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=_("Their job title, as the list of participants shows it."),
    )
    listed = models.BooleanField(
        _("in the list of participants"),
        default=True,
        db_default=True,
        help_text=_("Untick to leave this person out of the list of participants."),
    )
    from_signup = models.BooleanField(
        _("signed up on the join page"),
        default=False,
        help_text=_(
            "The partner added themselves by confirming a place in a group. Find my group shows them only once the "
            "organisers have confirmed the place, or unticked this."
        ),
    )

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["conference_id", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(country__isnull=False, organisation__isnull=True)
                | Q(country__isnull=True, organisation__isnull=False),
                name="participant_from_country_or_organisation",
                violation_error_message=_("A participant is from a country or from an organisation: choose one."),
            ),
            models.UniqueConstraint(
                F("conference"),
                Lower("email"),
                condition=~Q(email=""),
                name="participant_email_unique_in_conference",
                violation_error_message=_("Someone with this email address is already registered."),
            ),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.affiliation})" if self.affiliation else self.full_name

    def affects_public_pages(self, created=False):
        """A partner who signed up shows on no public page until a confirmed group place or a programme role names them
        (those saves raise the content version); a new delegate can be found by name at once, and a partner the
        organisers added is in the list of participants; any change can show."""
        return not created or self.country_id is not None or not self.from_signup

    @property
    def mail_language(self):
        """The language of the mails to them: theirs, or the site's default."""
        return self.language or settings.LANGUAGE_CODE

    @property
    def affiliation(self):
        """The country or organisation the participant comes from (loaded with select_related)."""
        return self.country or self.organisation or ""

    def clean(self):
        if self.country_id and self.organisation_id:
            raise ValidationError(
                _("A participant is from a country or from an organisation, not both: clear one of the two.")
            )
        if not self.country_id and not self.organisation_id:
            raise ValidationError(_("Choose the participant’s country or territory, or their organisation."))
        for field in ("country", "organisation"):
            related = getattr(self, field) if getattr(self, f"{field}_id") else None
            if related is not None and self.conference_id and related.conference_id != self.conference_id:
                raise ValidationError({field: _("Choose one from this participant’s conference.")})


class ContentVersion(models.Model):
    """One counter, raised by every change to the conference's records: the key of the public page cache.

    It lives in the database, so a change and its new version commit together and every app server sees it.
    """

    value = models.BigIntegerField(_("version"), default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content versions")
        ordering = ["pk"]

    def __str__(self):
        return str(self.value)

    @classmethod
    def current(cls):
        """The current version. Every cached page reads it, so it is one plain statement: building the equivalent
        ORM query costs several times more than running it (see the README's performance section)."""
        connection = connections[router.db_for_read(cls)]
        with connection.cursor() as cursor:
            cursor.execute(cls._current_sql(connection), [1])
            row = cursor.fetchone()
        return row[0] if row else 0

    @classmethod
    def _current_sql(cls, connection):
        quote = connection.ops.quote_name
        table, value, pk = (
            quote(cls._meta.db_table),
            quote(cls._meta.get_field("value").column),
            quote(cls._meta.pk.column),
        )
        return f"SELECT {value} FROM {table} WHERE {pk} = %s"  # noqa: S608 (names from the model, not from input)

    @classmethod
    def bump(cls):
        """Raise the version, inside the transaction that makes the change, and once per transaction.

        Inside: the new version commits with the new data, so a page rendered after the commit never pairs the old
        version with new data. (Raised from an on-commit callback, it would leave a moment, or after a crash for
        good, in which the old version is current while the new data is there.) Once: a transaction that saves
        several records (a partner sign-up saves three, an admin page with inlines many) empties the page cache once.

        The raise registers a callback with `transaction.on_commit`, and the connection keeps only a weak reference
        to it: Django holds the callback while the raise stands and drops it when it cannot any more (after the
        commit, or with a rollback of the transaction or of the savepoint it was raised in; CPython frees it then).
        So while the reference lives, this transaction has raised the version; once it is gone, the next change
        raises it again, and a rolled-back raise never stops the rest of the transaction from raising it. Public
        API only: no look into Django's list of callbacks or its savepoints. Outside a transaction each call raises
        it. (A test runs inside pytest-django's transaction: its changes raise the version once.)
        """
        using = router.db_for_write(cls)
        connection = transaction.get_connection(using)
        raised = _raised_in.get(connection)
        if connection.in_atomic_block and raised is not None and raised() is not None:
            return
        if not cls.objects.using(using).filter(pk=1).update(value=F("value") + 1):
            cls.objects.using(using).get_or_create(pk=1, defaults={"value": 1})
        if connection.in_atomic_block:

            def version_raised():
                if _raised_in.get(connection) is mark:
                    del _raised_in[connection]

            mark = weakref.ref(version_raised)
            _raised_in[connection] = mark
            transaction.on_commit(version_raised, using=using)


# Per database connection, a weak reference to the on-commit callback of the transaction that raised the content
# version (see ContentVersion.bump).
_raised_in = weakref.WeakKeyDictionary()


class AttemptCount(models.Model):
    """How many attempts one client made at one thing (a report link, a sign-up…) in one time window.

    Written only through conference.throttle, which counts with one atomic upsert.
    """

    affects_public_pages = False

    key = models.CharField(_("what and who"), max_length=120)
    window_start = models.BigIntegerField(_("window start"), help_text=_("Seconds since 1970, UTC."))
    count = models.PositiveIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("attempt count")
        verbose_name_plural = _("attempt counts")
        ordering = ["-window_start", "key"]
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="one_attempt_count_per_key_and_window"),
        ]

    def __str__(self):
        return f"{self.key} @ {self.window_start}: {self.count}"


class LogoKind(models.TextChoices):
    CONFERENCE = "conference", _("the conference’s own logo")
    CO_ORGANISER = "co-organiser", _("a co-organiser’s logo")


validate_https_url = URLValidator(
    schemes=["https"], message=_("Give an address that starts with https://."), code="not_https"
)


def logo_upload_name(logo, filename):
    """The original's name in the storage: the upload's key and the format found in its bytes (not its name)."""
    return f"logos/{logo.file_key}-original.{logo.file_format}"


class ConferenceLogo(models.Model):
    """A logo the conference's pages show: the conference's own (in the header, at most one) or a co-organising
    institution's (in the footer). The original is kept; the pages show resized copies (`renditions`, made by
    conference.logos when the image is saved), named by `file_key`, which changes with every new image."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="logos", verbose_name=_("conference")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LogoKind.choices, default=LogoKind.CO_ORGANISER)
    name = models.CharField(
        _("organisation name (text in place of the logo)"),
        max_length=200,
        help_text=_(
            "What the logo says, e.g. the institution’s name: screen readers read it, and it shows when the image "
            "cannot."
        ),
    )
    link = models.URLField(
        _("link"),
        max_length=500,
        blank=True,
        validators=[validate_https_url],
        help_text=_("The institution’s website (https://…), or blank for no link."),
    )
    image = models.FileField(
        _("image"),
        upload_to=logo_upload_name,
        max_length=200,
        help_text=_("PNG, JPEG or WebP, at least 240 pixels high."),
    )
    file_key = models.CharField(_("file key"), max_length=32, unique=True, editable=False)
    file_format = models.CharField(_("format of the original"), max_length=8, editable=False)
    width = models.PositiveIntegerField(_("width in pixels"), editable=False)
    height = models.PositiveIntegerField(_("height in pixels"), editable=False)
    renditions = models.JSONField(_("resized copies"), default=list, editable=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Order in lists."))

    class Meta:
        verbose_name = _("logo")
        verbose_name_plural = _("logos")
        ordering = ["conference", "kind", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conference"],
                condition=Q(kind=LogoKind.CONFERENCE),
                name="at_most_one_own_logo_per_conference",
                violation_error_message=_("The conference already has its own logo: replace or remove that one."),
            ),
            models.CheckConstraint(
                condition=Q(link="") | Q(link__startswith="https://"),
                name="logo_link_is_https_or_blank",
                violation_error_message=_("Give an address that starts with https://."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_kind_display()})"

    def clean(self):
        if self.kind == LogoKind.CONFERENCE and self.conference_id is not None:
            others = ConferenceLogo.objects.filter(conference_id=self.conference_id, kind=LogoKind.CONFERENCE)
            if others.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"kind": _("The conference already has its own logo: replace or remove that one.")}
                )
