"""A session date outside the plausible years becomes unknown ("to be announced") before the next migration's
constraint, without deleting a row. The bounds are the next migration's, written out here: a migration imports no
app code."""

import datetime

from django.db import migrations

EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)


def fit(apps, schema_editor):
    Session = apps.get_model("agenda_sessions", "Session")
    Session.objects.exclude(date__isnull=True).exclude(date__range=(EARLIEST_DAY, LATEST_DAY)).update(date=None)


class Migration(migrations.Migration):
    dependencies = [("agenda_sessions", "0001_initial")]

    operations = [migrations.RunPython(fit, migrations.RunPython.noop)]
