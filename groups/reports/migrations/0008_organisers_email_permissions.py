from django.db import migrations

from conference.roles import sync_organisers_group


def sync(apps, schema_editor):
    sync_organisers_group(apps)


class Migration(migrations.Migration):
    """Organisers may record and see the emails of rapporteurs' links."""

    dependencies = [
        ("reports", "0007_link_emails"),
    ]

    operations = [
        migrations.RunPython(sync, migrations.RunPython.noop),
    ]
