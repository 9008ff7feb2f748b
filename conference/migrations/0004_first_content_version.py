from django.db import migrations


def create(apps, schema_editor):
    apps.get_model("conference", "ContentVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("conference", "0003_content_version")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
