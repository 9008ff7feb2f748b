"""Two saves from the same version at the same moment: on PostgreSQL exactly one wins, the other is refused.

Runs only against PostgreSQL (DATABASE_URL=postgres://...); SQLite serialises writers on its own.
"""

import threading

import pytest
from django.db import connection, connections, transaction

from groups.reports import services
from groups.reports.models import RapporteurReport

pytestmark = pytest.mark.django_db(transaction=True)


def test_concurrent_saves_from_the_same_version_one_wins(nomination, breakout_1_1):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent connections")
    report_id = breakout_1_1.report.pk
    first_has_written = threading.Event()
    outcomes = {}

    def save(name, text, hold):
        try:
            report = RapporteurReport.objects.with_content().get(pk=report_id)
            q1, q2 = report.breakout.questions.all()
            data = {"answers": {q1.pk: text, q2.pk: ""}, "text": text, "actions": ""}
            with transaction.atomic():  # keeps the first writer's transaction (and row lock) open for a moment
                services.save_report(report=report, data=data, base_version=0, by=nomination)
                if hold:
                    first_has_written.set()
                    threading.Event().wait(0.5)
            outcomes[name] = "saved"
        except services.ReportConflict as error:
            outcomes[name] = f"conflict at version {error.current.version}: {error.current.text}"
        finally:
            connections.close_all()

    first = threading.Thread(target=save, args=("first", "First text", True))
    first.start()
    assert first_has_written.wait(5)
    second = threading.Thread(target=save, args=("second", "Second text", False))
    second.start()  # its UPDATE waits for the first's row lock, then finds the version changed
    first.join(10)
    second.join(10)
    assert outcomes == {"first": "saved", "second": "conflict at version 1: First text"}
    report = RapporteurReport.objects.get(pk=report_id)
    assert (report.version, report.text, report.revisions.count()) == (1, "First text", 1)
