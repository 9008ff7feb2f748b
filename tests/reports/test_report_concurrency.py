"""Saves from the same version at the same moment, on PostgreSQL: saves of the same field, exactly one wins and the
other is told of the conflict; saves of different fields, both are kept (the second merges with the first).

Runs only against PostgreSQL (DATABASE_URL=postgres://...); SQLite serialises writers on its own.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from groups.reports import services
from groups.reports.models import RapporteurReport
from tests.conftest import report_content

pytestmark = pytest.mark.django_db(transaction=True)


def race(nomination, report_id, first_fields, second_fields):
    """The first save holds its transaction (and the report's row lock) open while the second one starts."""
    first_has_written = threading.Event()
    outcomes = {}

    def save(name, fields, hold):
        try:
            report = RapporteurReport.objects.with_content().get(pk=report_id)
            content = report_content(report.breakout, **fields)
            with transaction.atomic():
                result = services.save_report(report=report, content=content, base_version=0, by=nomination)
                if hold:
                    first_has_written.set()
                    threading.Event().wait(0.5)
            outcomes[name] = f"saved as version {result.report.version}"
        except services.ReportConflict as error:
            outcomes[name] = f"conflict on {sorted(error.merge.conflicts)} at version {error.current.version}"
        finally:
            connections.close_all()

    first = threading.Thread(target=save, args=("first", first_fields, True))
    first.start()
    assert first_has_written.wait(5)
    second = threading.Thread(target=save, args=("second", second_fields, False))
    second.start()  # its UPDATE waits for the first's row lock, then finds the version changed
    first.join(10)
    second.join(10)
    return outcomes


@pytest.fixture
def postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent connections")


def test_concurrent_saves_of_the_same_field_one_wins(postgres_only, nomination, breakout_1_1):
    report_id = breakout_1_1.report.pk
    outcomes = race(nomination, report_id, {"conclusions": "First text"}, {"conclusions": "Second text"})
    assert outcomes == {"first": "saved as version 1", "second": "conflict on ['conclusions'] at version 1"}
    report = RapporteurReport.objects.get(pk=report_id)
    assert (report.version, report.conclusions, report.revisions.count()) == (1, "First text", 1)


def test_concurrent_saves_of_different_fields_both_stay(postgres_only, nomination, breakout_1_1):
    report_id = breakout_1_1.report.pk
    outcomes = race(nomination, report_id, {"conclusions": "First text"}, {"actions": "- Second action"})
    assert outcomes == {"first": "saved as version 1", "second": "saved as version 2"}
    report = RapporteurReport.objects.get(pk=report_id)
    assert (report.version, report.conclusions, report.actions, report.revisions.count()) == (
        2,
        "First text",
        "- Second action",
        2,
    )
