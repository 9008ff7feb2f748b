"""Makes stored values fit the constraints of the next migration, without deleting a row.

- A conference day outside the plausible years becomes unknown (blank, "to be announced"), and so does a last day
  more than four weeks after the first: organisers see the blank and fill it in again.
- A conference short name that is a site route or a language code gets "-conference" appended (and a number if
  that is taken too).
- A thematic area code with other characters than letters, digits and hyphens has them replaced by hyphens (and a
  number appended if that code is taken in its conference).

The bounds are those of the next migration's constraints, written out here: a migration imports no app code.
"""

import datetime
import re

from django.db import migrations

EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)
MAX_CONFERENCE_DAYS = 28
# The site's routes and Django's language codes, as conference_slug_not_reserved lists them in the next migration.
RESERVED_SLUGS = (
    "admin", "af", "ar", "ar-dz", "ast", "az", "be", "benchmark", "bg", "bn", "br", "bs", "ca", "ckb", "cs", "cy",
    "da", "de", "dsb", "el", "en", "en-au", "en-gb", "eo", "es", "es-ar", "es-co", "es-mx", "es-ni", "es-ve", "et",
    "eu", "fa", "fi", "fr", "fy", "ga", "gd", "gl", "he", "hi", "hr", "hsb", "hu", "hy", "ia", "id", "ig", "io",
    "is", "it", "ja", "ka", "kab", "kk", "km", "kn", "ko", "ky", "lb", "lt", "lv", "mk", "ml", "mn", "moderate",
    "mr", "ms", "my", "nb", "ne", "nl", "nn", "os", "pa", "pl", "pt", "pt-br", "report", "ro", "ru", "sk", "sl",
    "sq", "sr", "sr-latn", "static", "sv", "sw", "ta", "te", "tg", "th", "tk", "tr", "tt", "udm", "ug", "uk", "ur",
    "uz", "vi", "zh-hans", "zh-hant"
)

AREA_CODE_LENGTH = 8


def free_slug(Conference, base):
    candidate, number = base, 2
    while candidate in RESERVED_SLUGS or Conference.objects.filter(slug=candidate).exists():
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def area_code(code, taken):
    base = re.sub(r"[^A-Za-z0-9]+", "-", code).strip("-")[:AREA_CODE_LENGTH].strip("-") or "area"
    candidate, number = base, 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate, number = base[: AREA_CODE_LENGTH - len(suffix)] + suffix, number + 1
    return candidate


def fit(apps, schema_editor):
    Conference = apps.get_model("conference", "Conference")
    ThematicArea = apps.get_model("conference", "ThematicArea")
    for conference in Conference.objects.order_by("pk"):
        before = (conference.start_date, conference.end_date, conference.slug)
        for field in ("start_date", "end_date"):
            day = getattr(conference, field)
            if day is not None and not EARLIEST_DAY <= day <= LATEST_DAY:
                setattr(conference, field, None)
        start, end = conference.start_date, conference.end_date
        if start and end and (end - start).days >= MAX_CONFERENCE_DAYS:
            conference.end_date = None
        if conference.slug in RESERVED_SLUGS:
            conference.slug = free_slug(Conference, f"{conference.slug}-conference")
        if (conference.start_date, conference.end_date, conference.slug) != before:
            conference.save(update_fields=["start_date", "end_date", "slug"])

        areas = list(ThematicArea.objects.filter(conference=conference).order_by("pk"))
        taken = {area.code for area in areas}
        for area in areas:
            if not re.fullmatch(r"[A-Za-z0-9-]+", area.code):
                area.code = area_code(area.code, taken)
                taken.add(area.code)
                area.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [("conference", "0005_attempt_counts")]

    operations = [migrations.RunPython(fit, migrations.RunPython.noop)]
