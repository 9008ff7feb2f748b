from django.db import migrations

from conference.roles import sync_organisers_group


def sync_organisers(apps, schema_editor):
    sync_organisers_group(apps)


class Migration(migrations.Migration):
    """Give the Organisers group the permissions on the venue's rooms."""

    dependencies = [
        ("agenda_sessions", "0007_english_texts"),
        ("groups", "0004_organisers_report_permissions"),
    ]

    operations = [migrations.RunPython(sync_organisers, migrations.RunPython.noop)]
