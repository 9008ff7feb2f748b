"""Times as the venue lives them: the conference's time zone, named wherever a time is shown.

Session times are stored as the venue's local times (a date and a start time); moments such as "published at" are
stored in UTC. Pages activate the conference's zone (`venue_time`) and show every moment in it with the zone named
(`moment`): "Tuesday 9 June 2026, 20:36 (Port of Spain time)". While the conference has no zone, moments are in UTC
and say so.
"""

import contextlib
import datetime
import zoneinfo

from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

# The cities of the region's time zones whose names other languages spell their own way; any other zone's city is
# named as the zone database names it ("America/Barbados": "Barbados").
ZONE_CITIES = {
    "America/Havana": pgettext_lazy("time zone city", "Havana"),
    "America/Mexico_City": pgettext_lazy("time zone city", "Mexico City"),
    "America/Port_of_Spain": pgettext_lazy("time zone city", "Port of Spain"),
    "America/Puerto_Rico": pgettext_lazy("time zone city", "Puerto Rico"),
    "America/St_Kitts": pgettext_lazy("time zone city", "St Kitts"),
    "America/St_Lucia": pgettext_lazy("time zone city", "St Lucia"),
    "America/St_Vincent": pgettext_lazy("time zone city", "St Vincent"),
}


def now():
    """The current moment (a function of its own, so that tests can set the clock)."""
    return timezone.now()


def zone_of(conference):
    """The conference's ZoneInfo, or None while its time zone is not set (or not a zone this server knows)."""
    if not conference.time_zone:
        return None
    try:
        return zoneinfo.ZoneInfo(conference.time_zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def zone_label(zone):
    """How every page, card and screen names a zone, by its city in the active language: "Port of Spain time" for
    America/Port_of_Spain ("heure de Port-d’Espagne" in French), "UTC" for UTC. Takes a ZoneInfo or a zone's name."""
    key = getattr(zone, "key", None) or str(zone)
    if key in ("UTC", "Etc/UTC", "Z"):
        return "UTC"
    place = ZONE_CITIES.get(key) or key.rsplit("/", 1)[-1].replace("_", " ")
    return _("%(place)s time") % {"place": place}


def utc_offset(zone, day):
    """The zone's offset from UTC at noon on `day`, as "UTC−04:00"."""
    offset = datetime.datetime.combine(day, datetime.time(12), zone).utcoffset()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


@contextlib.contextmanager
def venue_time(conference):
    """Show moments in the conference's zone (UTC while it has none) for the duration of the block."""
    with timezone.override(zone_of(conference) or datetime.UTC):
        yield


def moment(value, *, with_date=True):
    """A stored moment in the active zone, with the zone named: "Tuesday 9 June 2026, 20:36 (Port of Spain time)",
    or only "20:36 (Port of Spain time)"."""
    if value is None:
        return ""
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    shown = date_format(local, "DATETIME_FORMAT") if with_date else time_format(local, "TIME_FORMAT")
    return _("%(time)s (%(zone)s)") % {"time": shown, "zone": zone_label(timezone.get_current_timezone())}
