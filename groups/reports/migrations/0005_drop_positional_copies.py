from django.db import migrations

from conference.roles import sync_organisers_group


def sync_organisers(apps, schema_editor):
    sync_organisers_group(apps)


class Migration(migrations.Migration):
    """Revisions now keep their content in one document only; the report pages' view of a breakout (a proxy);
    the Organisers keep every permission on the reports app."""

    dependencies = [
        ("reports", "0004_revision_content"),
    ]

    operations = [
        migrations.RemoveField(model_name="rapporteurreportrevision", name="answers"),
        migrations.RemoveField(model_name="rapporteurreportrevision", name="text"),
        migrations.RemoveField(model_name="rapporteurreportrevision", name="actions"),
        migrations.CreateModel(
            name="ReportedBreakout",
            fields=[],
            options={
                "verbose_name": "breakout with its report",
                "verbose_name_plural": "breakouts with their reports",
                "proxy": True,
                "indexes": [],
                "constraints": [],
            },
            bases=("groups.breakout",),
        ),
        migrations.RunPython(sync_organisers, migrations.RunPython.noop),
    ]
