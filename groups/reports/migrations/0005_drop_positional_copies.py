from django.db import migrations


class Migration(migrations.Migration):
    """Revisions now keep their content in one document only; the report pages' view of a breakout (a proxy). (It
    also gave the Organisers the proxy's permissions; a post_migrate receiver in conference.roles keeps the group up
    to date since.)
    """

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
    ]
