from django.db import migrations


class Migration(migrations.Migration):
    """The tables taken over from the groups app get the reports app's names; their rows stay."""

    dependencies = [
        ("reports", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="rapporteurnomination", table=None),
        migrations.AlterModelTable(name="rapporteurreport", table=None),
        migrations.AlterModelTable(name="rapporteuranswer", table=None),
        migrations.AlterModelTable(name="rapporteurreportrevision", table=None),
    ]
