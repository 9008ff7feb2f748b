from django.db import migrations

from conference.roles import sync_organisers_group


def sync_organisers(apps, schema_editor):
    sync_organisers_group(apps)


class Migration(migrations.Migration):
    """Give the Organisers group the permissions on answers and report revisions."""

    dependencies = [
        ("groups", "0003_rapporteur_links_and_report_content"),
    ]

    operations = [migrations.RunPython(sync_organisers, migrations.RunPython.noop)]
