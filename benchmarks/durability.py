"""Concurrent rapporteur saves through real HTTP against PostgreSQL: every accepted save kept, every refused one told,
and saves that touch different fields all merged.

Started by benchmarks/durability (which starts a throwaway PostgreSQL when DATABASE_URL is not one). It loads the
Caribbean conference, nominates a rapporteur for several breakouts, starts gunicorn in production mode, and fires all
saves of a wave at once (one thread each, released together), half through the autosave endpoint (JSON), half through
the report form (the Save draft button). Each save writes its own text into some fields and sends the others as they
stood at its version:

- "distinct" reports get one save each;
- "spread" reports get one save per field, all from the same version: each touches another field, so all must merge
  and none may be refused;
- "contested" reports get several saves from the same version that all touch the main conclusions: one wins, the
  others conflict; wave 2 sends every refused save again, rebased on the version its conflict answer gave, as a
  rapporteur does after choosing, and on each report they conflict again among themselves.

Then it checks in the database, version by version, that every accepted save brought its text in exactly once, that
no save changed a field it did not touch, that no save wrote over a text it had not seen (a field it touched held, just
before, the text its own version had), that no refused save's text was ever written, that every version was written
by an accepted save, and that each field holds the last accepted text. It prints the counts and exits non-zero if any
save got another answer than "saved" or "conflict" or anything was lost.

The functions take Django's ORM and a base URL, so tests/reports/test_durability.py runs the same logic on a small
scale.
"""

import argparse
import http.client
import json
import os
import re
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

from benchmarks import server
from benchmarks.server import Failure, gunicorn, production_env

ACCEPTED, CONFLICT, OTHER = "accepted", "conflict", "other"
CONFLICT_MARK = "This report was saved by"
TIMEOUT = 60
CONTESTED_FIELD = "conclusions"


@dataclass
class Save:
    """One save a rapporteur sends, and the answer it got. Its texts name it, so they can be found again."""

    number: int
    wave: int
    token: str
    report_id: int
    kind: str  # "distinct", "spread" or "contested"
    touched: list  # the field keys this save writes its own text into
    via: str  # "autosave" (the page's script) or "form" (the Save draft button)
    base_version: int
    base: dict = field(default_factory=dict)  # every field's text at base_version: what the page showed
    status: int | None = None
    outcome: str = ""
    answered_version: int | None = None  # the version saved, or the current one after a conflict
    detail: str = ""
    sent_at: float | None = None
    answered_at: float | None = None

    @property
    def path(self):
        return f"/report/{self.token}/"

    def text(self, key):
        return f"{key} written by save {self.number} (wave {self.wave}, {self.via})."

    @property
    def fields(self):
        """Every field as this save sends it: its own text where it writes, the page's text elsewhere."""
        return {key: (self.text(key) if key in self.touched else text) for key, text in self.base.items()}

    def post_data(self, csrf_token):
        data = {"csrfmiddlewaretoken": csrf_token, "base_version": str(self.base_version), **self.fields}
        if self.via == "form":
            data["action"] = "save"
        return data


def field_keys(breakout):
    from groups.reports.content import SECTION_KEYS, answer_key

    return [*(answer_key(question.pk) for question in breakout.open_questions), *SECTION_KEYS]


def plan(*, conference, distinct, spread, contested, per_report):
    """Nominate a rapporteur for distinct + spread + contested breakouts; returns wave 1 (see the module's doc)."""
    from conference.models import Participant
    from groups.models import Breakout
    from groups.reports import services

    count = distinct + spread + contested
    breakouts = list(
        Breakout.objects.filter(session__conference=conference)
        .select_related("session__conference", "group")
        .prefetch_related("group__country_places__country", "questions")
        .order_by("session__number", "group__number")[:count]
    )
    if len(breakouts) < count:
        raise Failure(f"The conference has {len(breakouts)} breakouts, fewer than {count}.")
    saves = []
    for index, breakout in enumerate(breakouts):
        country = breakout.group.country_places.all()[0].country
        person = Participant.objects.create(
            conference=conference, full_name=f"Durability rapporteur {index + 1}", country=country
        )
        nomination = services.nominate_rapporteur(breakout=breakout, participant=person, replace=True)
        report = services.report_for(breakout)
        keys = field_keys(breakout)
        if index < distinct:
            kind, touches = "distinct", [keys]
        elif index < distinct + spread:
            kind, touches = "spread", [[key] for key in keys]
        else:
            kind, touches = "contested", [[CONTESTED_FIELD]] * per_report
        for touched in touches:
            via = "autosave" if len(saves) % 2 == 0 else "form"
            base = dict.fromkeys(keys, "")
            saves.append(Save(len(saves) + 1, 1, nomination.token, report.pk, kind, touched, via, report.version, base))
    return saves


def content_at(report_id, version):
    from groups.reports.models import RapporteurReport
    from groups.reports.services import contents_at

    report = RapporteurReport.objects.get(pk=report_id)
    return contents_at(report, {version})[version]


def retries(saves, first_number):
    """The next wave: every refused save sent again, based on the version its conflict answer gave, with the page
    showing that version's text."""
    again = []
    for save in saves:
        if save.outcome != CONFLICT:
            continue
        current = content_at(save.report_id, save.answered_version)
        base = {key: current[key] for key in save.base}
        number = first_number + len(again)
        again.append(
            Save(
                number,
                save.wave + 1,
                save.token,
                save.report_id,
                save.kind,
                save.touched,
                save.via,
                save.answered_version,
                base,
            )
        )
    return again


def open_page(base, save):
    """GET the rapporteur's page as a browser does: returns (CSRF cookie, the form's CSRF token)."""
    connection = http.client.HTTPConnection(base.hostname, base.port, timeout=TIMEOUT)
    try:
        connection.request("GET", save.path)
        response = connection.getresponse()
        body = response.read().decode()
        cookie = re.search(r"csrftoken=([^;]+)", " ".join(response.headers.get_all("Set-Cookie") or []))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)
        if response.status != 200 or not cookie or not token:
            raise Failure(f"GET {save.path} answered {response.status} without a CSRF token")
        return cookie.group(1), token.group(1)
    finally:
        connection.close()


def classify(save, status, headers, body):
    """Record what the answer means: accepted (with the version saved), conflict (with the version it met), or
    anything else."""
    save.status = status
    if save.via == "autosave":
        try:
            answer = json.loads(body)
        except ValueError:
            answer = {}
        if status == 200 and answer.get("status") == "saved":
            save.outcome, save.answered_version = ACCEPTED, answer["version"]
        elif status == 409 and answer.get("status") == "conflict":
            save.outcome, save.answered_version = CONFLICT, answer["version"]
        else:
            save.outcome, save.detail = OTHER, f"{status} {body[:200]!r}"
        return
    text = body.decode(errors="replace")
    saved = re.fullmatch(re.escape(save.path) + r"\?saved=(\d+)", headers.get("Location", ""))
    version = re.search(r'name="base_version" value="(\d+)"', text)
    if status == 302 and saved:
        save.outcome, save.answered_version = ACCEPTED, int(saved.group(1))
    elif status == 409 and CONFLICT_MARK in text and version:
        save.outcome, save.answered_version = CONFLICT, int(version.group(1))
    else:
        save.outcome, save.detail = OTHER, f"{status} {headers.get('Location', '')} {text[:200]!r}"


def fire(base_url, saves):
    """Send the saves at the same moment, one thread each: every thread first opens the page and a connection, then
    all of them wait for each other and post together."""
    base = urllib.parse.urlsplit(base_url)
    start = threading.Barrier(len(saves))

    def send(save):
        connection = http.client.HTTPConnection(base.hostname, base.port, timeout=TIMEOUT)
        try:
            try:
                cookie, token = open_page(base, save)
                connection.connect()
            finally:
                start.wait(TIMEOUT)
            url = save.path + ("autosave/" if save.via == "autosave" else "")
            headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie}"}
            save.sent_at = time.monotonic()
            connection.request("POST", url, urllib.parse.urlencode(save.post_data(token)), headers)
            response = connection.getresponse()
            body = response.read()
            save.answered_at = time.monotonic()
            classify(save, response.status, response.headers, body)
        except Exception as error:  # whatever happens is an outcome to count, not a crash
            save.outcome, save.detail = OTHER, f"{type(error).__name__}: {error}"
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(save,)) for save in saves]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def verify(saves):
    """Compare the answers with the database: returns the counts, and a list of what is wrong (empty when nothing)."""
    from groups.reports.models import RapporteurReport

    problems = []
    counts = dict.fromkeys([ACCEPTED, CONFLICT, OTHER], 0)
    for save in saves:
        counts[save.outcome] += 1
        if save.outcome == OTHER:
            problems.append(f"save {save.number} ({save.via}) got neither saved nor conflict: {save.detail}")
    revisions_total = 0
    by_report = defaultdict(list)
    for save in saves:
        by_report[save.report_id].append(save)
    for report_id, report_saves in sorted(by_report.items()):
        start = min(save.base_version for save in report_saves if save.wave == 1)
        report = RapporteurReport.objects.with_content().get(pk=report_id)
        revisions = list(report.revisions.filter(version__gt=start).order_by("version"))
        revisions_total += len(revisions)
        contents = {start: content_at(report_id, start)}
        contents.update({revision.version: revision.report_content for revision in revisions})
        # Which save's text each version brought in, field by field.
        authors = {}
        for save in report_saves:
            for key in save.touched:
                authors[save.text(key)] = save
        written_by = defaultdict(set)
        for version in range(start + 1, report.version + 1):
            if version not in contents:
                problems.append(f"report {report_id}: version {version} has no revision")
                continue
            before, after = contents[version - 1], contents[version]
            for key in after:
                if after[key] != before[key]:
                    save = authors.get(after[key])
                    if save is None:
                        problems.append(f"report {report_id} version {version}: {key} holds a text no save sent")
                        continue
                    written_by[version].add(save.number)
        accepted = [save for save in report_saves if save.outcome == ACCEPTED]
        version_of = {}
        for save in accepted:
            versions = sorted(version for version, numbers in written_by.items() if save.number in numbers)
            if len(versions) != 1:
                problems.append(f"accepted save {save.number} brought its text in {len(versions)} times")
                continue
            version = version_of[save.number] = versions[0]
            before, after = contents[version - 1], contents[version]
            for key in after:
                if key not in save.touched and after[key] != before[key]:
                    problems.append(f"save {save.number} changed {key}, which it did not touch")
                if key in save.touched and before[key] != save.base[key]:
                    problems.append(
                        f"accepted save {save.number} wrote {key} over a text it had not seen (version {version - 1})"
                    )
            if save.answered_version is not None and save.answered_version != version:
                problems.append(f"save {save.number} was told version {save.answered_version}, saved {version}")
        for version, numbers in written_by.items():
            if len(numbers) != 1:
                problems.append(f"report {report_id} version {version} holds the texts of saves {sorted(numbers)}")
        for save in report_saves:
            if save.outcome != ACCEPTED and any(save.number in numbers for numbers in written_by.values()):
                problems.append(f"save {save.number} was refused ({save.outcome}) but written")
        told = {save.number for save in accepted}
        problems += [
            f"report {report_id} version {version} was written by no accepted save"
            for version, numbers in sorted(written_by.items())
            if not numbers & told
        ]
        if [revision.version for revision in revisions] != list(range(start + 1, report.version + 1)):
            problems.append(f"report {report_id}: versions {start + 1}..{report.version} and its revisions differ")
        final = report.content
        for key in final:
            written = [
                (version_of[save.number], save)
                for save in accepted
                if key in save.touched and save.number in version_of
            ]
            if written:
                _version, last = max(written, key=lambda pair: pair[0])
                if final[key] != last.text(key):
                    problems.append(
                        f"report {report_id}: {key} does not hold its last accepted text (save {last.number})"
                    )
    counts["revisions"] = revisions_total
    if revisions_total != counts[ACCEPTED]:
        problems.append(f"{counts[ACCEPTED]} revisions expected, one per accepted save; found {revisions_total}")
    return counts, problems


def summary_line(label, saves, timing=True):
    outcomes = [save.outcome for save in saves]
    line = (
        f"{label:<12} {len(saves):>5} {outcomes.count(ACCEPTED):>9} {outcomes.count(CONFLICT):>10} "
        f"{outcomes.count(OTHER):>6}"
    )
    sent = [save.sent_at for save in saves if save.sent_at is not None]
    answered = [save.answered_at for save in saves if save.answered_at is not None]
    if timing and sent and answered:
        line += f" {(max(sent) - min(sent)) * 1000:>9.0f} {(max(answered) - min(sent)) * 1000:>9.0f}"
    return line


def run(args, tmp):
    import django

    env = production_env(tmp)
    os.environ.update(env)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from conference.models import Conference

    if connection.vendor != "postgresql":
        raise Failure("The durability run needs PostgreSQL: run it as bash benchmarks/durability")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddata", "caribbean_conference", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    conference = Conference.objects.get(slug="caribbean")
    wave_1 = plan(
        conference=conference,
        distinct=args.distinct,
        spread=args.spread,
        contested=args.contested,
        per_report=args.per_report,
    )
    print(
        f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}; gunicorn, {args.workers} "
        f"gthread workers × {args.threads} threads, production settings."
    )
    spread_count = sum(1 for save in wave_1 if save.kind == "spread")
    print(
        f"Wave 1: {len(wave_1)} saves at once: 1 on each of {args.distinct} reports; on each of {args.spread} others "
        f"one per field from the same version ({spread_count} in all); {args.per_report} from the same version on "
        f"each of {args.contested} more, all writing the main conclusions. Half by autosave (JSON), half by the form."
    )
    log = tmp / "gunicorn.log"
    with gunicorn(env, log, workers=args.workers, threads=args.threads) as (_server, port):
        fire(f"http://127.0.0.1:{port}", wave_1)
        wave_2 = retries(wave_1, len(wave_1) + 1)
        print(f"Wave 2: the {len(wave_2)} refused saves again, at once, each rebased on the version its answer gave.")
        if wave_2:
            fire(f"http://127.0.0.1:{port}", wave_2)
    saves = wave_1 + wave_2
    counts, problems = verify(saves)
    errors = [line for line in log.read_text().splitlines() if "ERROR" in line or "Traceback" in line]
    problems += [f"server log: {line}" for line in errors[:10]]

    print()
    print(f"{'':<12} {'saves':>5} {'accepted':>9} {'conflicts':>10} {'other':>6} {'posted':>9} {'answered':>9}")
    for kind in ("distinct", "spread", "contested"):
        print(summary_line(f"1 {kind}", [save for save in wave_1 if save.kind == kind], timing=False))
    print(summary_line("wave 1", wave_1))
    print(summary_line("wave 2", wave_2))
    print(summary_line("total", saves, timing=False))
    refused_spread = [save for save in wave_1 if save.kind == "spread" and save.outcome != ACCEPTED]
    if refused_spread:
        problems.append(f"{len(refused_spread)} saves touching different fields were not merged")
    print("posted, answered: within so many ms of the wave's first post")
    print(f"\nRevisions written: {counts['revisions']} (accepted saves: {counts[ACCEPTED]}).")
    if problems:
        print(f"\nLOST OR WRONG ({len(problems)}):")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print(
        "Nothing lost: every save touching its own field merged; every accepted save brought its text in exactly once,"
        "\nchanged no field it did not touch and wrote over no text it had not seen; each field holds its last "
        "accepted text;\nevery refused save got a conflict answer and none of its text was written."
    )
    return 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distinct", type=int, default=6, help="Reports saved once each (default 6).")
    parser.add_argument(
        "--spread", type=int, default=5, help="Reports saved at once by one save per field (default 5)."
    )
    parser.add_argument(
        "--contested", type=int, default=5, help="Reports whose conclusions several save at once (default 5)."
    )
    parser.add_argument("--per-report", type=int, default=8, help="Saves at once on each contested report (default 8).")
    server.add_server_arguments(parser, threads=8)
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(server.main(run, parse_args(), name="durability"))
