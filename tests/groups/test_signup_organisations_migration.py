"""Organisations recorded by sign-ups before the join page told them apart are marked as typed in by the migration;
those the organisers entered, or confirmed a partner of, or that have other people, stay suggested."""

import pytest

from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("conference", "0011_english_texts"), ("groups", "0011_english_texts")]


def test_organisations_of_pending_sign_ups_only_are_marked_as_typed_in():
    newest = latest()
    apps = migrate(BEFORE)
    conference = apps.get_model("conference", "Conference").objects.create(slug="old", region="Old")
    group = apps.get_model("groups", "BreakoutGroup").objects.create(conference=conference, number=1)
    organisation_model = apps.get_model("conference", "Organisation")
    participant_model = apps.get_model("conference", "Participant")
    place_model = apps.get_model("groups", "GroupPartner")

    def organisation(name, *people, kind=""):
        made = organisation_model.objects.create(conference=conference, name=name, kind=kind)
        for number, place in enumerate(people):
            person = participant_model.objects.create(
                conference=conference, full_name=f"{name} {number}", organisation=made
            )
            if place != "no place":
                place_model.objects.create(group=group, participant=person, confirmed_at=place)
        return made

    organisation("Made up", None, None)
    organisation("Entered, nobody yet")
    organisation("Entered with a kind", None, kind="bilateral")
    organisation("One confirmed", None, "2026-01-01T00:00:00Z")
    organisation("A delegate too", None, "no place")
    try:
        apps = migrate(newest)
        marked = apps.get_model("conference", "Organisation").objects.filter(from_signup=True)
        assert list(marked.values_list("name", flat=True)) == ["Made up"]
    finally:
        migrate(newest)
