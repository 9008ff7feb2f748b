"""A session date outside the plausible years becomes unknown ("to be announced") before the next migration's
constraint, without deleting a row. The bounds are read from conference.models (see conference's migration 0006)."""

from django.db import migrations

from conference.models import EARLIEST_DAY, LATEST_DAY


def fit(apps, schema_editor):
    Session = apps.get_model("agenda_sessions", "Session")
    Session.objects.exclude(date__isnull=True).exclude(date__range=(EARLIEST_DAY, LATEST_DAY)).update(date=None)


class Migration(migrations.Migration):
    dependencies = [("agenda_sessions", "0001_initial")]

    operations = [migrations.RunPython(fit, migrations.RunPython.noop)]
