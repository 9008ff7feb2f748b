from django.db import migrations, models


class Migration(migrations.Migration):
    """Questions can be retired (kept with their answers, gone from forms and pages) instead of deleted; positions are
    unique among the open questions of a breakout only."""

    dependencies = [
        ("groups", "0004_organisers_report_permissions"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="question",
            options={"ordering": ["breakout", "position", "pk"], "verbose_name": "question", "verbose_name_plural": "questions"},
        ),
        migrations.RemoveConstraint(
            model_name="question",
            name="question_position_unique_in_breakout",
        ),
        migrations.AddField(
            model_name="question",
            name="retired",
            field=models.BooleanField(
                default=False,
                help_text="A retired question leaves the public pages and the rapporteur’s form, and keeps the answers already written to it in the report’s history and the conference outcome. Retire a question that has answers instead of deleting it.",
                verbose_name="retired",
            ),
        ),
        migrations.AddConstraint(
            model_name="question",
            constraint=models.UniqueConstraint(
                condition=models.Q(("retired", False)),
                fields=("breakout", "position"),
                name="open_question_position_unique_in_breakout",
                violation_error_message="Two questions of this breakout have the same position.",
            ),
        ),
    ]
