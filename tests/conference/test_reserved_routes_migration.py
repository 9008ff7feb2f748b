"""The site routes /notes/ and /offline/ became reserved short names (conference 0013 and 0015): a conference
already called so, on a database made by the schema before them, is renamed rather than refused, and nothing else
changes."""

import pytest

from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)


def test_conferences_named_like_the_new_routes_are_renamed_and_kept():
    newest = latest()
    old_apps = migrate([("conference", "0012_organisation_from_signup")])
    conference_model = old_apps.get_model("conference", "Conference")
    for slug in ("notes", "offline", "caribbean"):
        conference_model.objects.create(slug=slug, region=slug.title())
    try:
        new_apps = migrate(newest)
        slugs = new_apps.get_model("conference", "Conference").objects.order_by("region").values_list("region", "slug")
        assert list(slugs) == [
            ("Caribbean", "caribbean"),
            ("Notes", "notes-conference"),
            ("Offline", "offline-conference"),
        ]
    finally:
        migrate(newest)
