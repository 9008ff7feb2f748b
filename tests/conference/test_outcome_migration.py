"""The outcome's fields and the list of participants' (conference 0016) on a database made by the schema before
them: every conference and participant is kept, nothing is published, everyone is in the list without a function;
and a server still running the previous release, which knows none of the new columns, can still add conferences and
participants (each new column has a database default)."""

import pytest

from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)


def test_existing_conferences_and_people_are_kept_unpublished_and_listed():
    newest = latest()
    old_apps = migrate([("conference", "0015_offline_is_a_reserved_short_name")])
    conference_model = old_apps.get_model("conference", "Conference")
    conference = conference_model.objects.create(slug="caribbean", region="Caribbean", aim="The aim")
    country = old_apps.get_model("conference", "Country").objects.create(
        conference=conference, code="JM", name="Jamaica"
    )
    organisation = old_apps.get_model("conference", "Organisation").objects.create(conference=conference, name="UNFPA")
    participant_model = old_apps.get_model("conference", "Participant")
    participant_model.objects.create(conference=conference, full_name="Ann", country=country, email="ann@example.org")
    participant_model.objects.create(
        conference=conference, full_name="Pat", organisation=organisation, from_signup=True
    )
    try:
        new_apps = migrate(newest)
        conferences = new_apps.get_model("conference", "Conference").objects.values_list(
            "slug", "aim", "conclusions", "conclusions_en", "outcome_published_at", "participants_public"
        )
        assert list(conferences) == [("caribbean", "The aim", "", "", None, False)]
        people = new_apps.get_model("conference", "Participant").objects.order_by("full_name")
        assert list(people.values_list("full_name", "email", "from_signup", "function", "listed")) == [
            ("Ann", "ann@example.org", False, "", True),
            ("Pat", "", True, "", True),
        ]
        # What the previous release's code writes, on the new schema.
        conference_model.objects.create(slug="next", region="Next")
        participant_model.objects.create(conference=conference, full_name="Cy", country=country)
        assert list(
            new_apps.get_model("conference", "Participant")
            .objects.filter(full_name="Cy")
            .values_list("function", "listed")
        ) == [("", True)]
        assert list(
            new_apps.get_model("conference", "Conference")
            .objects.filter(slug="next")
            .values_list("conclusions", "participants_public", "outcome_published_at")
        ) == [("", False, None)]
    finally:
        migrate(newest)
