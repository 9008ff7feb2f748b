"""The texts entered before the site had languages become their English version (the fallback of every other)."""

from django.db import migrations
from django.db.models import F

TRANSLATED = [
    ("session", ('title', 'description', 'aim')),
    ("segment", ('title', 'description')),
    ("room", ('name',)),
]


def english_from_original(apps, schema_editor):
    for model_name, fields in TRANSLATED:
        model = apps.get_model("agenda_sessions", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("agenda_sessions", "0006_translated_texts")]

    operations = [migrations.RunPython(english_from_original, migrations.RunPython.noop)]
