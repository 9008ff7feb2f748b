"""The migration that gives participants a language and marks the partners of pending sign-ups, on a database of
today's schema with data in it."""

import pytest

from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("conference", "0012_organisation_from_signup"), ("groups", "0012_signup_organisations")]


def test_people_keep_the_site_language_and_pending_sign_ups_are_marked():
    newest = latest()
    apps = migrate(BEFORE)
    conference = apps.get_model("conference", "Conference").objects.create(slug="old", region="Old")
    group = apps.get_model("groups", "BreakoutGroup").objects.create(conference=conference, number=1)
    country = apps.get_model("conference", "Country").objects.create(conference=conference, code="JM", name="Jamaica")
    organisation = apps.get_model("conference", "Organisation").objects.create(conference=conference, name="Org")
    participant_model = apps.get_model("conference", "Participant")
    place_model = apps.get_model("groups", "GroupPartner")

    def person(name, place="no place", **affiliation):
        made = participant_model.objects.create(conference=conference, full_name=name, **affiliation)
        if place != "no place":
            place_model.objects.create(group=group, participant=made, confirmed_at=place)

    person("Signed up", None, organisation=organisation)
    person("Confirmed", "2026-01-01T00:00:00Z", organisation=organisation)
    person("Imported", organisation=organisation)
    person("Delegate", country=country)
    try:
        apps = migrate(newest)
        people = apps.get_model("conference", "Participant").objects.order_by("full_name")
        assert list(people.values_list("full_name", "language", "from_signup")) == [
            ("Confirmed", "", False),
            ("Delegate", "", False),
            ("Imported", "", False),
            ("Signed up", "", True),
        ]
    finally:
        migrate(newest)
