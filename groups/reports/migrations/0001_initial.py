import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

import conference.links

MOVED = ("rapporteurnomination", "rapporteurreport", "rapporteuranswer", "rapporteurreportrevision")


def move_content_types(apps, schema_editor):
    """The moved models keep their content types, and so the Organisers' permissions and the admin's history."""
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if content_type.objects.filter(app_label="reports", model=model).exists():
            content_type.objects.filter(app_label="groups", model=model).delete()
        else:
            content_type.objects.filter(app_label="groups", model=model).update(app_label="reports")


def move_content_types_back(apps, schema_editor):
    content_type = apps.get_model("contenttypes", "ContentType")
    content_type.objects.filter(app_label="reports", model__in=MOVED).update(app_label="groups")


class Migration(migrations.Migration):
    """The report workflow's models, taken over from the groups app as they were (groups 0001–0004): same tables,
    same rows. The next migrations rename the tables and reshape the content."""

    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("conference", "0001_initial"),
        ("groups", "0006_reports_move_to_their_own_app"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(move_content_types, move_content_types_back),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="RapporteurNomination",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("token", models.CharField(default=conference.links.new_link_token, editable=False, help_text="The secret part of the rapporteur’s private link.", max_length=64, unique=True, verbose_name="link key")),
                        ("nominated_at", models.DateTimeField(auto_now_add=True, verbose_name="nominated")),
                        ("revoked_at", models.DateTimeField(blank=True, null=True, verbose_name="revoked")),
                        ("breakout", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="nominations", to="groups.breakout", verbose_name="breakout")),
                        ("participant", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="nominations", to="conference.participant", verbose_name="rapporteur")),
                    ],
                    options={
                        "verbose_name": "rapporteur nomination",
                        "verbose_name_plural": "rapporteur nominations",
                        "ordering": ["breakout", "-nominated_at"],
                        "db_table": "groups_rapporteurnomination",
                        "constraints": [
                            models.UniqueConstraint(condition=models.Q(("revoked_at__isnull", True)), fields=("breakout",), name="one_active_rapporteur_per_breakout", violation_error_message="This breakout already has a rapporteur. Revoke that nomination before naming another."),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="RapporteurReport",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("status", models.CharField(choices=[("draft", "Draft"), ("submitted", "Submitted"), ("published", "Published")], default="draft", max_length=20, verbose_name="status")),
                        ("text", models.TextField(blank=True, help_text="Markdown.", verbose_name="main conclusions")),
                        ("actions", models.TextField(blank=True, help_text="Markdown. One action per list item (“- ” at the start of a line).", verbose_name="recommended actions")),
                        ("version", models.PositiveIntegerField(default=0, editable=False, help_text="How many times the content has been saved.", verbose_name="version")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="created")),
                        ("updated_at", models.DateTimeField(auto_now=True, verbose_name="last changed")),
                        ("submitted_at", models.DateTimeField(blank=True, null=True, verbose_name="submitted")),
                        ("published_at", models.DateTimeField(blank=True, null=True, verbose_name="published")),
                        ("breakout", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="report", to="groups.breakout", verbose_name="breakout")),
                    ],
                    options={
                        "verbose_name": "rapporteur report",
                        "verbose_name_plural": "rapporteur reports",
                        "ordering": ["breakout"],
                        "db_table": "groups_rapporteurreport",
                        "constraints": [
                            models.CheckConstraint(condition=models.Q(models.Q(("status", "published"), _negated=True), ("published_at__isnull", False), _connector="OR"), name="published_report_has_publication_time", violation_error_message="A published report needs its publication time."),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="RapporteurAnswer",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("text", models.TextField(blank=True, help_text="Markdown.", verbose_name="answer")),
                        ("question", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="answers", to="groups.question", verbose_name="question")),
                        ("report", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="answers", to="reports.rapporteurreport", verbose_name="report")),
                    ],
                    options={
                        "verbose_name": "answer to a question",
                        "verbose_name_plural": "answers to questions",
                        "ordering": ["report", "question__position"],
                        "db_table": "groups_rapporteuranswer",
                        "constraints": [
                            models.UniqueConstraint(fields=("report", "question"), name="one_answer_per_question_in_report", violation_error_message="This report already answers this question."),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="RapporteurReportRevision",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("version", models.PositiveIntegerField(help_text="The report’s content version after this change.", verbose_name="version")),
                        ("action", models.CharField(choices=[("saved", "Draft saved"), ("submitted", "Submitted"), ("edited", "Edited by an organiser"), ("restored", "Earlier revision restored"), ("published", "Published"), ("unpublished", "Unpublished")], max_length=20, verbose_name="change")),
                        ("status", models.CharField(choices=[("draft", "Draft"), ("submitted", "Submitted"), ("published", "Published")], max_length=20, verbose_name="status")),
                        ("answers", models.JSONField(default=list, help_text="One {position, question, text} per question of the breakout.", verbose_name="answers")),
                        ("text", models.TextField(blank=True, verbose_name="main conclusions")),
                        ("actions", models.TextField(blank=True, verbose_name="recommended actions")),
                        ("saved_by", models.CharField(help_text="The rapporteur’s or the organiser’s name.", max_length=250, verbose_name="by")),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now, verbose_name="when")),
                        ("nomination", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="revisions", to="reports.rapporteurnomination", verbose_name="rapporteur nomination")),
                        ("report", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="revisions", to="reports.rapporteurreport", verbose_name="report")),
                        ("user", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="report_revisions", to=settings.AUTH_USER_MODEL, verbose_name="organiser account")),
                    ],
                    options={
                        "verbose_name": "report revision",
                        "verbose_name_plural": "report revisions",
                        "ordering": ["report", "-created_at", "-pk"],
                        "db_table": "groups_rapporteurreportrevision",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
