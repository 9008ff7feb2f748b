from django.db import migrations


class Migration(migrations.Migration):
    """The rapporteur workflow's models move to the reports app (groups/reports/). Only Django's idea of the models
    changes here: the tables and every row stay; reports' first migrations take them over and rename them."""

    dependencies = [
        ("groups", "0005_question_retired"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="RapporteurReportRevision"),
                migrations.DeleteModel(name="RapporteurAnswer"),
                migrations.DeleteModel(name="RapporteurReport"),
                migrations.DeleteModel(name="RapporteurNomination"),
            ],
            database_operations=[],
        ),
    ]
