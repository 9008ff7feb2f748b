"""The organisations that sign-ups recorded before the join page told them apart: no kind, and every participant of
theirs a partner whose place still waits for the organisers. They stop being suggested on the join page until then."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def mark_signup_organisations(apps, schema_editor):
    Organisation = apps.get_model("conference", "Organisation")
    Participant = apps.get_model("conference", "Participant")
    GroupPartner = apps.get_model("groups", "GroupPartner")
    people = Participant.objects.filter(organisation=OuterRef("pk"))
    pending = GroupPartner.objects.filter(confirmed_at__isnull=True)
    known_people = people.exclude(pk__in=pending.values("participant"))
    Organisation.objects.filter(kind="").filter(Exists(people)).exclude(Exists(known_people)).update(from_signup=True)


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0012_organisation_from_signup"),
        ("groups", "0011_english_texts"),
    ]

    operations = [migrations.RunPython(mark_signup_organisations, migrations.RunPython.noop)]
