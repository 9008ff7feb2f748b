"""Backups: dump, wipe, restore, and every report and every revision is back."""

import datetime
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from conference.models import Conference, Country, Participant
from groups.models import Breakout
from groups.reports import services
from groups.reports.models import RapporteurAnswer, RapporteurNomination, RapporteurReport, RapporteurReportRevision
from tests.conftest import report_content

BACKED_UP = [
    Conference,
    Participant,
    RapporteurNomination,
    RapporteurReport,
    RapporteurAnswer,
    RapporteurReportRevision,
]
PG_BIN = Path("/usr/lib/postgresql/15/bin")


def write_reports(conference):
    """Two breakouts with rapporteurs, several saves each (so several revisions), one report published."""
    for number in (1, 2):
        breakout = Breakout.objects.get(session__number=1, group__number=number)
        country = Country.objects.get(pk=breakout.group.countries.order_by("pk").values("pk")[:1])
        person = Participant.objects.create(conference=conference, full_name=f"Writer {number}", country=country)
        nomination = services.nominate_rapporteur(breakout=breakout, participant=person)
        report = RapporteurReport.objects.with_content().get(breakout=breakout)
        for step in range(3):
            content = report_content(
                breakout,
                first=f"Answer {step} ✓ <b>bold</b>",
                second=f"Answer {step} ✓ <b>bold</b>",
                conclusions=f"Conclusions {step}",
                actions=f"- Action {step}",
            )
            report = services.save_report(
                report=report, content=content, base_version=report.version, by=nomination, submit=step == 2
            ).report
    services.publish_reports(reports=RapporteurReport.objects.filter(breakout__group__number=1))


def snapshot(*, milliseconds=False):
    """Every row of the backed-up tables, field by field.

    Django's JSON serializer writes times to the millisecond (DjangoJSONEncoder), so a JSON backup brings them back
    to the millisecond: with milliseconds=True, times are compared at that precision; pg_dump keeps them whole.
    """

    def value(field_value):
        if milliseconds and isinstance(field_value, datetime.datetime):
            return field_value.replace(microsecond=field_value.microsecond // 1000 * 1000)
        return field_value

    return {
        model.__name__: [
            {name: value(field_value) for name, field_value in row.items()}
            for row in model.objects.order_by("pk").values()
        ]
        for model in BACKED_UP
    }


@pytest.mark.django_db(transaction=True)  # flush and restore run outside a test transaction, as they would for real
def test_json_backup_round_trip(caribbean, tmp_path):
    write_reports(caribbean)
    assert RapporteurReportRevision.objects.count() == 7
    before = snapshot(milliseconds=True)
    backup = tmp_path / "backup.json"
    call_command(
        "dumpdata",
        "--natural-foreign",
        "--exclude=contenttypes",
        "--exclude=auth.permission",
        "--exclude=sessions",
        "--exclude=axes",
        f"--output={backup}",
        verbosity=0,
    )
    call_command("flush", "--no-input", verbosity=0)
    assert (RapporteurReport.objects.count(), RapporteurReportRevision.objects.count()) == (0, 0)
    call_command("loaddata", str(backup), verbosity=0)
    assert snapshot(milliseconds=True) == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_pg_dump_backup_round_trip(tmp_path):
    call_command("loaddata", "caribbean_conference", verbosity=0)
    write_reports(Conference.objects.get(slug="caribbean"))
    before = snapshot()
    database = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": database["PASSWORD"] or ""}
    target = [f"--host={database['HOST']}", f"--port={database['PORT']}", f"--username={database['USER']}"]
    tool = {
        name: str(PG_BIN / name) if (PG_BIN / name).exists() else shutil.which(name)
        for name in ("pg_dump", "pg_restore")
    }
    dump = tmp_path / "breakout.dump"
    subprocess.run(  # noqa: S603
        [tool["pg_dump"], "--format=custom", f"--file={dump}", *target, database["NAME"]], check=True, env=env
    )
    call_command("flush", "--no-input", verbosity=0)
    assert (RapporteurReport.objects.count(), RapporteurReportRevision.objects.count()) == (0, 0)
    connection.close()
    subprocess.run(  # noqa: S603
        [
            tool["pg_restore"],
            "--clean",
            "--if-exists",
            "--no-owner",
            f"--dbname={database['NAME']}",
            *target,
            str(dump),
        ],
        check=True,
        env=env,
    )
    assert snapshot() == before
