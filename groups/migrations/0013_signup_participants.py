"""The partners that sign-ups recorded before the join page told them apart: the old join page recorded only new
addresses, each with a place waiting for the organisers (a place organisers add is confirmed at once). Find my group
leaves them out until the organisers confirm the place."""

from django.db import migrations


def mark_signup_participants(apps, schema_editor):
    Participant = apps.get_model("conference", "Participant")
    GroupPartner = apps.get_model("groups", "GroupPartner")
    pending = GroupPartner.objects.filter(confirmed_at__isnull=True).values("participant")
    Participant.objects.filter(pk__in=pending, country__isnull=True).update(from_signup=True)


class Migration(migrations.Migration):
    dependencies = [
        ("conference", "0014_participant_language_and_signup"),
        ("groups", "0012_signup_organisations"),
    ]

    operations = [migrations.RunPython(mark_signup_participants, migrations.RunPython.noop)]
