import django.db.models.deletion
from django.db import migrations, models

import groups.reports.content


class Migration(migrations.Migration):
    """The report's main conclusions get their name (`conclusions`, was `text`); answers protect their question
    (RESTRICT); revisions get one JSON document for the content (filled from the old fields in the next migration)."""

    dependencies = [
        ("groups", "0006_reports_move_to_their_own_app"),
        ("reports", "0002_own_tables"),
    ]

    operations = [
        migrations.RenameField(model_name="rapporteurreport", old_name="text", new_name="conclusions"),
        migrations.AlterField(
            model_name="rapporteurreport",
            name="conclusions",
            field=models.TextField(blank=True, help_text="Markdown.", validators=[groups.reports.content.LengthLimit(6000)], verbose_name="main conclusions"),
        ),
        migrations.AlterField(
            model_name="rapporteurreport",
            name="actions",
            field=models.TextField(blank=True, help_text="Markdown. One action per list item (“- ” at the start of a line).", validators=[groups.reports.content.LengthLimit(4000)], verbose_name="recommended actions"),
        ),
        migrations.AlterField(
            model_name="rapporteuranswer",
            name="question",
            field=models.ForeignKey(on_delete=django.db.models.deletion.RESTRICT, related_name="answers", to="groups.question", verbose_name="question"),
        ),
        migrations.AlterField(
            model_name="rapporteuranswer",
            name="text",
            field=models.TextField(blank=True, help_text="Markdown.", validators=[groups.reports.content.LengthLimit(6000)], verbose_name="answer"),
        ),
        migrations.AddField(
            model_name="rapporteurreportrevision",
            name="content",
            field=models.JSONField(default=dict, help_text="The answers by question id, the main conclusions and the recommended actions.", verbose_name="content"),
        ),
    ]
