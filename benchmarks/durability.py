"""Concurrent rapporteur saves through real HTTP against PostgreSQL: every accepted save kept, every refused one told.

Started by benchmarks/durability (which starts a throwaway PostgreSQL when DATABASE_URL is not one). It loads the
Caribbean conference, nominates a rapporteur for several breakouts, starts gunicorn in production mode, and fires all
saves of a wave at once (one thread each, released together):

- wave 1: one save on each of the "distinct" reports, and several saves from the same version on each "contested"
  report, half through the autosave endpoint (JSON), half through the report form (the Save draft button);
- wave 2: every save refused in wave 1 is sent again, rebased on the version its conflict answer gave, as a
  rapporteur does after merging; on each report they conflict again among themselves.

Then it checks in the database that every accepted save is there exactly once in the revision history, as the version
after the one it was based on (nothing it did not see was overwritten), that each report holds its latest accepted
save, that no refused save was written, and that there is no revision nobody was told about. It prints the counts and
exits non-zero if any save got another answer than "saved" or "conflict" or anything was lost.

The functions take Django's ORM and a base URL, so tests/groups/test_durability.py runs the same logic on a small scale.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from benchmarks.server import Failure, gunicorn, production_env, stop_on_sigterm

ACCEPTED, CONFLICT, OTHER = "accepted", "conflict", "other"
CONFLICT_MARK = "Someone else saved this report while you were writing"
TIMEOUT = 60


@dataclass
class Save:
    """One save a rapporteur sends, and the answer it got. Its content names it, so it can be found again."""

    number: int
    wave: int
    token: str
    report_id: int
    question_ids: list
    via: str  # "autosave" (the page's script) or "form" (the Save draft button)
    base_version: int
    status: int | None = None
    outcome: str = ""
    answered_version: int | None = None  # autosave: the version saved, or the current one after a conflict
    detail: str = ""
    sent_at: float | None = None
    answered_at: float | None = None

    @property
    def path(self):
        return f"/report/{self.token}/"

    @property
    def text(self):
        return f"Main conclusions of save {self.number} (wave {self.wave}, {self.via})."

    @property
    def answers(self):
        return [
            f"Answer to question {position} from save {self.number}."
            for position in range(1, len(self.question_ids) + 1)
        ]

    @property
    def actions(self):
        return f"- Action {self.number}.1\n- Action {self.number}.2"

    def post_data(self, csrf_token):
        data = {"csrfmiddlewaretoken": csrf_token, "base_version": str(self.base_version)}
        data.update({f"answer_{pk}": text for pk, text in zip(self.question_ids, self.answers, strict=True)})
        data.update(text=self.text, actions=self.actions)
        if self.via == "form":
            data["action"] = "save"
        return data


def plan(*, conference, distinct, contested, per_report):
    """Nominate a rapporteur for distinct + contested breakouts; returns wave 1: one save on each distinct report, and
    `per_report` saves from the same version on each contested one, alternately by autosave and by the form."""
    from conference.models import Participant
    from groups import services
    from groups.models import Breakout

    breakouts = list(
        Breakout.objects.filter(session__conference=conference)
        .select_related("session__conference", "group")
        .prefetch_related("group__country_places__country", "questions")
        .order_by("session__number", "group__number")[: distinct + contested]
    )
    if len(breakouts) < distinct + contested:
        raise Failure(f"The conference has {len(breakouts)} breakouts, fewer than {distinct + contested}.")
    saves = []
    for index, breakout in enumerate(breakouts):
        country = breakout.group.country_places.all()[0].country
        person = Participant.objects.create(
            conference=conference, full_name=f"Durability rapporteur {index + 1}", country=country
        )
        nomination = services.nominate_rapporteur(breakout=breakout, participant=person, replace=True)
        report = services.report_for(breakout)
        questions = [question.pk for question in breakout.questions.all()]
        for _ in range(1 if index < distinct else per_report):
            via = "autosave" if len(saves) % 2 == 0 else "form"
            saves.append(Save(len(saves) + 1, 1, nomination.token, report.pk, questions, via, report.version))
    return saves


def retries(saves, first_number):
    """The next wave: every refused save sent again, based on the version its conflict answer gave."""
    return [
        Save(first_number + index, save.wave + 1, save.token, save.report_id, save.question_ids, save.via, version)
        for index, (save, version) in enumerate(
            (save, save.answered_version) for save in saves if save.outcome == CONFLICT
        )
    ]


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
    """Record what the answer means: accepted, conflict (the version is then current one), or anything else."""
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
    version = re.search(r'name="base_version" value="(\d+)"', text)
    if status == 302 and headers.get("Location") == save.path:
        save.outcome = ACCEPTED
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
    from groups.models import RapporteurReport

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
        by_text = defaultdict(list)
        for revision in revisions:
            by_text[revision.text].append(revision)
        accepted = [save for save in report_saves if save.outcome == ACCEPTED]
        latest = None
        for save in accepted:
            found = by_text.get(save.text, [])
            if len(found) != 1:
                problems.append(f"accepted save {save.number} is in the revision history {len(found)} times")
                continue
            revision = found[0]
            answers = [answer["text"] for answer in sorted(revision.answers, key=lambda answer: answer["position"])]
            if (answers, revision.actions) != (save.answers, save.actions):
                problems.append(f"accepted save {save.number}: its revision holds other answers or actions")
            if revision.version != save.base_version + 1:
                problems.append(
                    f"accepted save {save.number} was based on version {save.base_version} but saved as version "
                    f"{revision.version}: it overwrote a save it had not seen"
                )
            if save.answered_version is not None and save.answered_version != revision.version:
                problems.append(
                    f"save {save.number} was told version {save.answered_version}, saved {revision.version}"
                )
            if latest is None or revision.version > latest[1].version:
                latest = (save, revision)
        for save in report_saves:
            if save.outcome != ACCEPTED and save.text in by_text:
                problems.append(f"save {save.number} was refused ({save.outcome}) but written")
        told = {save.text for save in accepted}
        problems += [
            f"report {report_id} version {revision.version} was written by no accepted save"
            for revision in revisions
            if revision.text not in told
        ]
        if [revision.version for revision in revisions] != list(range(start + 1, report.version + 1)):
            problems.append(f"report {report_id}: versions {start + 1}..{report.version} and its revisions differ")
        if latest is not None:
            save = latest[0]
            current = ([text for _question, text in report.answered_questions()], report.text, report.actions)
            if current != (save.answers, save.text, save.actions):
                problems.append(f"report {report_id} does not hold its latest accepted save ({save.number})")
    counts["revisions"] = revisions_total
    if revisions_total != counts[ACCEPTED]:
        problems.append(f"{counts[ACCEPTED]} revisions expected, one per accepted save; found {revisions_total}")
    return counts, problems


def summary_line(label, saves, timing=True):
    outcomes = [save.outcome for save in saves]
    line = (
        f"{label:<8} {len(saves):>5} {outcomes.count(ACCEPTED):>9} {outcomes.count(CONFLICT):>10} "
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
    wave_1 = plan(conference=conference, distinct=args.distinct, contested=args.contested, per_report=args.per_report)
    print(
        f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}; gunicorn, {args.workers} "
        f"gthread workers × {args.threads} threads, production settings."
    )
    print(
        f"Wave 1: {len(wave_1)} saves at once: 1 on each of {args.distinct} reports, {args.per_report} from the same "
        f"version on each of {args.contested} others; half by autosave (JSON), half by the report form."
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
    print(f"{'':<8} {'saves':>5} {'accepted':>9} {'conflicts':>10} {'other':>6} {'posted':>9} {'answered':>9}")
    print(summary_line("wave 1", wave_1))
    print(summary_line("wave 2", wave_2))
    print(summary_line("total", saves, timing=False))
    print("posted, answered: within so many ms of the wave's first post")
    print(f"\nRevisions written: {counts['revisions']} (accepted saves: {counts[ACCEPTED]}).")
    if problems:
        print(f"\nLOST OR WRONG ({len(problems)}):")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print(
        "Nothing lost: every accepted save is in the revision history exactly once, as the version after the one it "
        "was based on,\neach report holds its latest accepted save, every refused save got a conflict answer and "
        "none of them was written."
    )
    return 0


def parse_args():
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--distinct", type=int, default=10, help="Reports saved once each (default 10).")
    parser.add_argument("--contested", type=int, default=5, help="Reports saved by several at once (default 5).")
    parser.add_argument("--per-report", type=int, default=8, help="Saves at once on each contested report (default 8).")
    parser.add_argument("--workers", type=int, default=2 * cores, help=f"gunicorn workers (default {2 * cores}).")
    parser.add_argument("--threads", type=int, default=8, help="Threads per gunicorn worker (default 8).")
    return parser.parse_args()


def main():
    args = parse_args()
    stop_on_sigterm()
    tmp = Path(tempfile.mkdtemp(prefix="breakout-durability."))
    try:
        return run(args, tmp)
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
