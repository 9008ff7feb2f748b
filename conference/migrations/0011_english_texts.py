"""The texts entered before the site had languages become their English version (the fallback of every other)."""

from django.db import migrations
from django.db.models import F

TRANSLATED = [
    ("conference", ('name', 'region', 'aim', 'modalities')),
    ("thematicarea", ('title',)),
]


def english_from_original(apps, schema_editor):
    for model_name, fields in TRANSLATED:
        model = apps.get_model("conference", model_name)
        model.objects.update(**{f"{field}_en": F(field) for field in fields})


class Migration(migrations.Migration):
    dependencies = [("conference", "0010_translated_texts")]

    operations = [migrations.RunPython(english_from_original, migrations.RunPython.noop)]
