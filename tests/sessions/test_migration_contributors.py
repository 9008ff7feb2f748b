"""Presenters become contributors (agenda_sessions 0009 and 0010), tested on a database made by the schema before,
holding presentations with and without a presenter: every presenter becomes the first contributor of their
presentation, nothing else changes, and the way back restores the presenters."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)

CONTRIBUTIONS = ("agenda_sessions", "0009_contributions")
PRESENTER_REMOVED = ("agenda_sessions", "0010_segment_contributors")


def before():
    """Every app at its latest migration, the programme just before the contributions."""
    previous = MigrationExecutor(connection).loader.graph.node_map[CONTRIBUTIONS].parents
    [(app, name)] = [(parent.key[0], parent.key[1]) for parent in previous if parent.key[0] == "agenda_sessions"]
    return [node for node in latest() if node[0] != "agenda_sessions"] + [(app, name)]


def world(apps):
    """Two sessions: three presentations (two with a presenter, one the same person) and a discussion, made with the
    models of the old schema."""
    conference = apps.get_model("conference", "Conference").objects.create(slug="old", region="Old")
    country = apps.get_model("conference", "Country").objects.create(conference=conference, code="JM", name="Jamaica")
    participant = apps.get_model("conference", "Participant")
    ann = participant.objects.create(conference=conference, full_name="Ann", country=country)
    bob = participant.objects.create(conference=conference, full_name="Bob", country=country)
    session_model, segment = apps.get_model("agenda_sessions", "Session"), apps.get_model("agenda_sessions", "Segment")
    first = session_model.objects.create(conference=conference, number=1, title="One")
    second = session_model.objects.create(conference=conference, number=2, title="Two")
    segment.objects.create(session=first, position=1, kind="presentation", title="Census", presenter=ann)
    segment.objects.create(session=first, position=2, kind="presentation", title="Surveys")
    segment.objects.create(session=first, position=3, kind="discussion", min_minutes=30)
    segment.objects.create(session=second, position=1, kind="presentation", title="Registers", presenter=ann)
    segment.objects.create(session=second, position=2, kind="presentation", title="Prices", presenter=bob)


def segments(apps):
    return list(
        apps.get_model("agenda_sessions", "Segment")
        .objects.order_by("pk")
        .values_list("session__number", "position", "kind", "title", "min_minutes")
    )


def test_every_presenter_becomes_the_first_contributor_and_back():
    old_apps = migrate(before())
    world(old_apps)
    kept = segments(old_apps)
    presenters = list(
        old_apps.get_model("agenda_sessions", "Segment")
        .objects.order_by("pk")
        .values_list("title", "presenter__full_name")
    )
    new_apps = migrate(latest())
    assert segments(new_apps) == kept
    contributions = new_apps.get_model("agenda_sessions", "Contribution").objects.order_by("segment__pk")
    assert list(contributions.values_list("segment__title", "participant__full_name", "position")) == [
        ("Census", "Ann", 1),
        ("Registers", "Ann", 1),
        ("Prices", "Bob", 1),
    ]
    # A second contributor is kept as the contributions' own; backwards, the first becomes the presenter again.
    segment = new_apps.get_model("agenda_sessions", "Segment").objects.get(title="Prices")
    ann = new_apps.get_model("conference", "Participant").objects.get(full_name="Ann")
    new_apps.get_model("agenda_sessions", "Contribution").objects.create(segment=segment, participant=ann, position=2)
    back_apps = migrate(before())
    assert segments(back_apps) == kept
    assert (
        list(
            back_apps.get_model("agenda_sessions", "Segment")
            .objects.order_by("pk")
            .values_list("title", "presenter__full_name")
        )
        == presenters
    )
    migrate(latest())
