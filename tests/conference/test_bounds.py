"""Values that would break pages are refused where they enter: in forms and the admin, in plain words, and by the
database itself; the exports stay bounded whatever is stored."""

import datetime

import pytest
from django.contrib import admin
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conference.models import (
    MAX_CONFERENCE_DAYS,
    RESERVED_SLUGS,
    SITE_ROUTES,
    Conference,
    Participant,
    ThematicArea,
)
from sessions import exports
from sessions.models import Session
from tests.admin_site import OUR_MODELS
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def refused_by_database(model, **fields):
    try:
        with transaction.atomic():
            model.objects.filter(pk=fields.pop("pk")).update(**fields)
    except IntegrityError:
        return True
    return False


def post_change(client, obj, **changes):
    """Posts the object's admin form with `changes`; the field errors when refused, None when saved."""
    url = admin_url(type(obj), "change", obj.pk)
    data = form_data(client.get(url)) | {name: str(value) for name, value in changes.items()}
    response = client.post(url, data)
    if response.status_code == 302:
        return None
    form = response.context["adminform"].form
    return {name: list(messages) for name, messages in form.errors.items()}


def test_a_thematic_area_code_with_a_slash_is_refused(organiser_client, caribbean):
    area = ThematicArea.objects.get(conference=caribbean, code="1")
    assert post_change(organiser_client, area, code="1/a") == {
        "code": ["Use only letters, digits and hyphens, e.g. 5a."]
    }
    assert post_change(organiser_client, area, code="1 a") == {
        "code": ["Use only letters, digits and hyphens, e.g. 5a."]
    }
    assert refused_by_database(ThematicArea, pk=area.pk, code="1/a") is True
    assert refused_by_database(ThematicArea, pk=area.pk, code="1a\n") is True
    assert post_change(organiser_client, area, code="1-A") is None
    # The pages that linked to the area's page were a server error (NoReverseMatch) with "1/a".
    assert organiser_client.get(reverse("pages:programme", kwargs={"conference": "caribbean"})).status_code == 200


def test_conference_days_far_in_the_future_are_refused(organiser_client, caribbean):
    years = "Give a date between the years 2000 and 2100."
    assert post_change(organiser_client, caribbean, start_date="2027-05-03", end_date="9999-12-31") == {
        "end_date": [years]
    }
    assert post_change(organiser_client, caribbean, start_date="9999-12-30", end_date="9999-12-31") == {
        "start_date": [years],
        "end_date": [years],
    }
    assert post_change(organiser_client, caribbean, start_date="1999-12-31", end_date="") == {"start_date": [years]}
    assert refused_by_database(Conference, pk=caribbean.pk, end_date=datetime.date(9999, 12, 31)) is True
    assert refused_by_database(Conference, pk=caribbean.pk, start_date=datetime.date(1999, 12, 31)) is True


def test_a_conference_lasts_at_most_four_weeks(organiser_client, caribbean):
    assert post_change(organiser_client, caribbean, start_date="2027-05-03", end_date="2027-05-31") == {
        "end_date": [
            "A conference lasts at most 28 days: with this first day, the last day can be Sunday 30 May 2027 at the "
            "latest."
        ]
    }
    assert (
        refused_by_database(
            Conference, pk=caribbean.pk, start_date=datetime.date(2027, 5, 3), end_date=datetime.date(2027, 5, 31)
        )
        is True
    )
    assert post_change(organiser_client, caribbean, start_date="2027-05-03", end_date="2027-05-30") is None
    assert post_change(organiser_client, caribbean, start_date="2027-05-03", end_date="2027-05-02") == {
        "end_date": ["The last day cannot be before the first day."]
    }


def test_session_dates_far_in_the_future_are_refused(organiser_client, caribbean):
    session = Session.objects.get(conference=caribbean, number=1)
    assert refused_by_database(Session, pk=session.pk, date=datetime.date(9999, 12, 31)) is True
    url = admin_url(Session, "change", session.pk)
    data = form_data(organiser_client.get(url)) | {"date": "9999-12-31"}
    form = organiser_client.post(url, data).context["adminform"].form
    assert form.errors == {"date": ["Give a date between the years 2000 and 2100."]}


def test_the_exports_are_bounded_whatever_is_stored(caribbean):
    # Such values cannot be saved any more; the exports are pure functions of what they are given.
    sessions = Session.objects.with_programme().filter(conference=caribbean)
    caribbean.start_date, caribbean.end_date = datetime.date(2027, 1, 1), datetime.date(2027, 12, 31)
    days = exports.schedule(caribbean, sessions, base_url="https://x")["conference"]["days"]
    assert [day["date"] for day in days] == [
        (datetime.date(2027, 1, 1) + datetime.timedelta(days=n)).isoformat() for n in range(MAX_CONFERENCE_DAYS)
    ]
    # The day after 9999-12-31 (a day's end, the links' expiry) was an OverflowError.
    caribbean.start_date = caribbean.end_date = datetime.date(9999, 12, 31)
    session = sessions[0]
    session.date, session.start_time = datetime.date(9999, 12, 31), datetime.time(23, 0)
    assert exports.schedule(caribbean, [session], base_url="https://x")["conference"]["days"] == []
    assert b"BEGIN:VEVENT" not in exports.calendar(caribbean, [session], base_url="https://x")
    assert caribbean.ends_at == datetime.datetime(2101, 1, 1, tzinfo=datetime.UTC)


@pytest.mark.parametrize("slug", ["fr", "admin", "es", "nl", "report", "moderate", "notes", "static", "zh-hans"])
def test_conference_slugs_that_are_routes_or_languages_are_refused(organiser_client, caribbean, slug):
    assert post_change(organiser_client, caribbean, slug=slug) == {
        "slug": [f"“{slug}” is taken by the site’s own addresses or a language code: choose another short name."]
    }
    assert refused_by_database(Conference, pk=caribbean.pk, slug=slug) is True


def test_every_route_of_the_site_is_reserved():
    def first_segments(patterns):
        for pattern in patterns:
            route = str(pattern.pattern)
            if isinstance(pattern, URLResolver) and route in ("", "en/"):  # the language prefix of i18n_patterns
                yield from first_segments(pattern.url_patterns)
            # A conference's address starts with its short name: "<slug:conference>/", or in a regular expression
            # (the logos' copies) "^(?P<conference>…)/".
            elif isinstance(pattern, URLResolver | URLPattern) and route and not route.startswith(("<", "^(?P<")):
                yield route.split("/")[0]

    # A new top-level route (the facilitators' /moderate/…) must be added to SITE_ROUTES, and a migration made.
    assert {"admin", "report"} <= set(first_segments(get_resolver().url_patterns)) <= set(SITE_ROUTES)
    assert {"fr", "es", "nl", "de", "pt-br"} <= set(RESERVED_SLUGS)


def nul_filters(model):
    """A filter with a NUL on each text field of the model's list, exact and partial."""
    fields = [
        field.name
        for field in model._meta.get_fields()
        if getattr(field, "concrete", False) and field.get_internal_type() in ("CharField", "TextField", "SlugField")
    ]
    return [{name: "\x00"} for field in fields for name in (field, f"{field}__contains")]


def test_admin_filters_with_a_nul_list_nothing(client, superuser, caribbean):
    client.force_login(superuser)
    Participant.objects.create(
        conference=caribbean, full_name="Ann", country=caribbean.countries.first(), email="ann@example.org"
    )

    def answers(model):
        found = set()
        for query in nul_filters(model):
            response = client.get(admin_url(model, "changelist"), query)
            found.add((response.status_code, response.context["cl"].result_count if response.status_code == 200 else 0))
        return found

    # PostgreSQL refused each query (a server error); SQLite listed every row for `__contains`.
    models = [model for model in OUR_MODELS if nul_filters(model) and model in admin.site._registry]
    assert {model._meta.label: answers(model) for model in models} == {
        model._meta.label: {(200, 0)} for model in models
    }


BEFORE_BOUNDS = [("conference", "0005_attempt_counts"), ("agenda_sessions", "0001_initial")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_fits_stored_values_to_the_bounds_without_losing_a_row():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE_BOUNDS)
    old = executor.loader.project_state(BEFORE_BOUNDS).apps
    OldConference, OldArea = old.get_model("conference", "Conference"), old.get_model("conference", "ThematicArea")
    OldSession = old.get_model("agenda_sessions", "Session")
    day = datetime.date
    fr = OldConference.objects.create(slug="fr", start_date=day(2027, 5, 3), end_date=day(9999, 12, 31))
    OldConference.objects.create(slug="fr-conference")
    OldConference.objects.create(slug="admin", start_date=day(2027, 5, 3), end_date=day(2027, 7, 3))
    far = OldConference.objects.create(slug="far", start_date=day(9999, 12, 30), end_date=day(9999, 12, 31))
    for code in ("1", "1/a", "1-a", "1 a", "//", "5.b.lon!"):
        OldArea.objects.create(conference=fr, code=code, title=code)
    OldSession.objects.create(conference=far, number=1, title="Far", date=day(9999, 12, 31))

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    # Every row is kept, in the same order: an impossible day becomes unknown, a taken slug gets a suffix.
    assert list(Conference.objects.order_by("pk").values_list("slug", "start_date", "end_date")) == [
        ("fr-conference-2", day(2027, 5, 3), None),
        ("fr-conference", None, None),
        ("admin-conference", day(2027, 5, 3), None),
        ("far", None, None),
    ]
    assert [area.code for area in ThematicArea.objects.order_by("pk")] == [
        "1",
        "1-a-2",
        "1-a",
        "1-a-3",
        "area",
        "5-b-lon",
    ]
    assert list(Session.objects.values_list("title", "date")) == [("Far", None)]


@pytest.mark.django_db(transaction=True)
def test_a_conference_named_after_the_console_route_is_renamed_not_lost():
    """The console took /organisers/ after 0006 had run: 0009 renames such a conference and keeps its rows."""
    before = [("conference", "0008_orderings_without_joins")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    OldConference = executor.loader.project_state(before).apps.get_model("conference", "Conference")
    OldConference.objects.create(slug="organisers", name="Organisers' meeting")
    OldConference.objects.create(slug="organisers-conference")

    executor = MigrationExecutor(connection)
    executor.migrate(latest)

    assert list(Conference.objects.order_by("pk").values_list("slug", "name")) == [
        ("organisers-conference-2", "Organisers' meeting"),
        ("organisers-conference", ""),
    ]
