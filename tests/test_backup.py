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
from sessions.documents import services as document_services
from sessions.documents.models import Document, DocumentFile
from tests.conftest import report_content
from tests.documents import samples

BACKED_UP = [
    Conference,
    Participant,
    RapporteurNomination,
    RapporteurReport,
    RapporteurAnswer,
    RapporteurReportRevision,
    Document,
    DocumentFile,
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


def backup_commands(kind):
    """The guide's command for the documents' files (docs/operators.md, Backups): the `tar` line that makes a copy
    of DJANGO_MEDIA_ROOT, or the one that restores it."""
    text = (Path(__file__).resolve().parent.parent / "docs" / "operators.md").read_text()
    section = text[text.index("\n## Backups\n") : text.index("\n## Upgrades\n")]
    flags = {"copy": "-czf", "restore": "-xzf"}[kind]
    [line] = [line for line in section.splitlines() if line.startswith(f"tar {flags}")]
    return line


@pytest.mark.django_db(transaction=True)
def test_documents_and_their_files_come_back(caribbean, tmp_path, settings, client):
    """The database's copy and the files' copy, as the guide makes them, restored on an empty database and folder."""
    document = document_services.create_document(
        conference=caribbean,
        title="A paper",
        kind="background",
        language="en",
        upload=samples.upload("paper.pdf", samples.pdf_bytes("Kept")),
    )
    url = f"/caribbean/documents/{document.pk}/en/{document.files.get().download_name}"
    before = snapshot(milliseconds=True)
    media = Path(settings.MEDIA_ROOT)
    env = {**os.environ, "DJANGO_MEDIA_ROOT": str(media)}
    subprocess.run(["bash", "-c", backup_commands("copy")], cwd=tmp_path, env=env, check=True)  # noqa: S603, S607
    backup = tmp_path / "backup.json"
    call_command("dumpdata", "--natural-foreign", "--exclude=contenttypes", "--exclude=auth.permission",
                 "--exclude=sessions", "--exclude=axes", f"--output={backup}", verbosity=0)  # fmt: skip
    call_command("flush", "--no-input", verbosity=0)
    shutil.rmtree(media)
    media.mkdir()
    [archive] = tmp_path.glob("media-*.tar.gz")
    restore = backup_commands("restore").replace("media-2027-05-03.tar.gz", archive.name)
    subprocess.run(["bash", "-c", restore], cwd=tmp_path, env=env, check=True)  # noqa: S603, S607
    call_command("loaddata", str(backup), verbosity=0)
    assert snapshot(milliseconds=True) == before
    response = client.get(url)
    assert b"".join(response.streaming_content) == samples.pdf_bytes("Kept")
