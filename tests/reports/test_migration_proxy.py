"""The ReportedBreakout proxy's removal (reports 0009), tested on a database made by the schema before it, holding
breakouts with their rapporteurs, reports, answers and revisions: the proxy had no table, so every row stays."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)

PROXY_REMOVED = ("reports", "0009_delete_reportedbreakout")


def before():
    """Every app at its latest migration, reports just before the proxy's removal."""
    previous = MigrationExecutor(connection).loader.graph.node_map[PROXY_REMOVED].parents
    [(app, name)] = [(parent.key[0], parent.key[1]) for parent in previous if parent.key[0] == "reports"]
    return [node for node in latest() if node[0] != "reports"] + [(app, name)]


def world(apps):
    """A breakout with its rapporteur, report, answer and revision, made with the models of the old schema."""
    conference = apps.get_model("conference", "Conference").objects.create(slug="old", region="Old")
    country = apps.get_model("conference", "Country").objects.create(conference=conference, code="JM", name="Jamaica")
    person = apps.get_model("conference", "Participant").objects.create(
        conference=conference, full_name="Ann", country=country
    )
    group = apps.get_model("groups", "BreakoutGroup").objects.create(conference=conference, number=1)
    session = apps.get_model("agenda_sessions", "Session").objects.create(conference=conference, number=1, title="S")
    breakout = apps.get_model("groups", "Breakout").objects.create(session=session, group=group, topic="Topic")
    question = apps.get_model("groups", "Question").objects.create(breakout=breakout, position=1, text="Why?")
    apps.get_model("reports", "RapporteurNomination").objects.create(breakout=breakout, participant=person, token="k1")
    report = apps.get_model("reports", "RapporteurReport").objects.create(
        breakout=breakout, status="published", conclusions="Done.", version=1, published_at=timezone.now()
    )
    apps.get_model("reports", "RapporteurAnswer").objects.create(report=report, question=question, text="Because.")
    apps.get_model("reports", "RapporteurReportRevision").objects.create(
        report=report, version=1, action="saved", status="draft", content={"conclusions": "Done."}, saved_by="Ann"
    )


def rows(apps):
    def values(label, *fields):
        return list(apps.get_model(label).objects.order_by("pk").values_list(*fields))

    return {
        "breakouts": values("groups.Breakout", "topic", "session__number"),
        "nominations": values("reports.RapporteurNomination", "token", "breakout__topic"),
        "reports": values("reports.RapporteurReport", "breakout__topic", "status", "conclusions"),
        "answers": values("reports.RapporteurAnswer", "question__text", "text"),
        "revisions": values("reports.RapporteurReportRevision", "version", "content"),
    }


def test_removing_the_proxy_keeps_every_row():
    old_apps = migrate(before())
    assert old_apps.get_model("reports", "ReportedBreakout")._meta.proxy
    # As Django made them after each migrate on a database of the old schema (the test database has lost them).
    content_type, _created = old_apps.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="reports", model="reportedbreakout"
    )
    for action in ("add", "change", "delete", "view"):
        old_apps.get_model("auth", "Permission").objects.get_or_create(
            content_type=content_type, codename=f"{action}_reportedbreakout", defaults={"name": action}
        )
    world(old_apps)
    kept = rows(old_apps)
    new_apps = migrate(latest())
    assert rows(new_apps) == kept
    assert kept["reports"] == [("Topic", "published", "Done.")]
    assert kept["revisions"] == [(1, {"conclusions": "Done."})]
    with pytest.raises(LookupError):
        new_apps.get_model("reports", "ReportedBreakout")
    stale = new_apps.get_model("auth", "Permission").objects.filter(content_type__model="reportedbreakout")
    assert list(stale.values_list("codename", flat=True)) == []
