"""The texts entered before the site had languages become their English version (the fallback of every other)."""

from django.db import migrations
from django.db.models import F

TRANSLATED = [
    ("breakoutgroup", ('name',)),
    ("breakout", ('topic', 'thematic_label')),
    ("question", ('text',)),
]


def english_from_original(apps, schema_editor):
    for model_name, fields in TRANSLATED:
        model = apps.get_model("groups", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("groups", "0010_translated_texts")]

    operations = [migrations.RunPython(english_from_original, migrations.RunPython.noop)]
