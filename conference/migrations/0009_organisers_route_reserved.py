"""The organisers' console took the site route /organisers/: a conference already called "organisers" gets
"-conference" appended (as 0006 did for the routes of its time), then the constraint names the new route."""

from importlib import import_module

from django.db import migrations, models

# The site's routes and Django's language codes, as the constraint below lists them.
RESERVED_SLUGS = (
    "admin", "af", "ar", "ar-dz", "ast", "az", "be", "benchmark", "bg", "bn", "br", "bs", "ca", "ckb", "cs", "cy",
    "da", "de", "dsb", "el", "en", "en-au", "en-gb", "eo", "es", "es-ar", "es-co", "es-mx", "es-ni", "es-ve", "et",
    "eu", "fa", "fi", "fr", "fy", "ga", "gd", "gl", "he", "hi", "hr", "hsb", "hu", "hy", "ia", "id", "ig", "io",
    "is", "it", "ja", "ka", "kab", "kk", "km", "kn", "ko", "ky", "lb", "lt", "lv", "mk", "ml", "mn", "moderate",
    "mr", "ms", "my", "nb", "ne", "nl", "nn", "organisers", "os", "pa", "pl", "pt", "pt-br", "report", "ro", "ru",
    "sk", "sl", "sq", "sr", "sr-latn", "static", "sv", "sw", "ta", "te", "tg", "th", "tk", "tr", "tt", "udm", "ug",
    "uk", "ur", "uz", "vi", "zh-hans", "zh-hant"
)

free_slug = import_module("conference.migrations.0006_fit_existing_values_to_the_new_bounds").free_slug


def rename_reserved(apps, schema_editor):
    Conference = apps.get_model("conference", "Conference")
    for conference in Conference.objects.filter(slug__in=RESERVED_SLUGS):
        conference.slug = free_slug(Conference, f"{conference.slug}-conference")
        conference.save(update_fields=["slug"])


class Migration(migrations.Migration):

    dependencies = [
        ('conference', '0008_orderings_without_joins'),
    ]

    operations = [
        migrations.RunPython(rename_reserved, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='conference',
            name='conference_slug_not_reserved',
        ),
        migrations.AddConstraint(
            model_name='conference',
            constraint=models.CheckConstraint(condition=models.Q(('slug__in', ('admin', 'af', 'ar', 'ar-dz', 'ast', 'az', 'be', 'benchmark', 'bg', 'bn', 'br', 'bs', 'ca', 'ckb', 'cs', 'cy', 'da', 'de', 'dsb', 'el', 'en', 'en-au', 'en-gb', 'eo', 'es', 'es-ar', 'es-co', 'es-mx', 'es-ni', 'es-ve', 'et', 'eu', 'fa', 'fi', 'fr', 'fy', 'ga', 'gd', 'gl', 'he', 'hi', 'hr', 'hsb', 'hu', 'hy', 'ia', 'id', 'ig', 'io', 'is', 'it', 'ja', 'ka', 'kab', 'kk', 'km', 'kn', 'ko', 'ky', 'lb', 'lt', 'lv', 'mk', 'ml', 'mn', 'moderate', 'mr', 'ms', 'my', 'nb', 'ne', 'nl', 'nn', 'organisers', 'os', 'pa', 'pl', 'pt', 'pt-br', 'report', 'ro', 'ru', 'sk', 'sl', 'sq', 'sr', 'sr-latn', 'static', 'sv', 'sw', 'ta', 'te', 'tg', 'th', 'tk', 'tr', 'tt', 'udm', 'ug', 'uk', 'ur', 'uz', 'vi', 'zh-hans', 'zh-hant')), _negated=True), name='conference_slug_not_reserved', violation_error_message='This short name is taken by the site’s own addresses or a language code.'),
        ),
    ]
