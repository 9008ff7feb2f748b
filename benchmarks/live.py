"""300 phones on one session's live questions, through gunicorn on PostgreSQL: refresh times, errors, nothing lost.

Started by benchmarks/live (which starts a throwaway PostgreSQL when DATABASE_URL is not one). It loads the Caribbean
conference, opens session 1's questions for clarification (shown at once, without approval, so that the list grows:
the hardest case for a refresh), and starts gunicorn in production mode on 127.0.0.1. Then, for --seconds:

- --phones phones each open the questions page once (as a browser: its device cookie, CSRF cookie and token), then
  ask for the list every --interval seconds as the page's script does (a conditional GET with the ETag of its last
  answer, gzip accepted), each at its own moment within the interval;
- --asks questions a second are sent through the page's form (each from another phone, which then loads the page
  it is sent back to), and --votes votes a second through the vote button's script request (JSON), each by a phone
  for a question it has seen and not voted for yet.

It prints the refreshes' p50 and p99, the answers, errors, the server's and PostgreSQL's CPU time, the load of the
machine, and then checks in the database that every accepted question and vote is there exactly once and nothing
refused or failed was written. The exit status is non-zero only when something fails or is lost, never because of a
figure.
"""

import argparse
import gzip
import http.client
import json
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks import server
from benchmarks.bench import postgres_pid
from benchmarks.server import Failure, gunicorn, production_env

PAGE = "/caribbean/sessions/1/questions/"
UPDATES = PAGE + "updates/"
VOTE = PAGE + "vote/"
TIMEOUT = 30


@dataclass
class Phone:
    number: int
    cookies: dict = field(default_factory=dict)
    token: str = ""
    etag: str = ""
    seen: list = field(default_factory=list)  # question ids from its last list
    voted: set = field(default_factory=set)

    @property
    def device(self):
        # A signed cookie is "value:timestamp:signature"; the device id is the value.
        return self.cookies.get("live_device", "").split(":")[0]

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in self.cookies.items())


@dataclass
class Results:
    refreshes: list = field(default_factory=list)  # (ms, status, bytes)
    refresh_errors: list = field(default_factory=list)
    pages: list = field(default_factory=list)  # ms of the page loads
    asks: dict = field(default_factory=dict)  # text -> outcome
    votes: dict = field(default_factory=dict)  # (device, question id) -> outcome
    errors: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def request(port, method, path, phone, *, body=None, headers=None):
    """One request on a new connection, as a phone after a while on Wi-Fi: (status, headers, body, ms)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    sent = time.perf_counter()
    try:
        all_headers = {"Cookie": phone.cookie_header(), **(headers or {})}
        if body is not None:
            all_headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=all_headers)
        response = connection.getresponse()
        content = response.read()
        elapsed = (time.perf_counter() - sent) * 1000
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            phone.cookies[name.strip()] = rest.split(";", 1)[0].strip('"')
        return response.status, response.headers, content, elapsed
    finally:
        connection.close()


def open_page(port, phone, results):
    status, _headers, content, elapsed = request(port, "GET", PAGE, phone)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content)
    if status != 200 or not token or "live_device" not in phone.cookies:
        raise Failure(f"phone {phone.number}: the questions page answered {status} without a device cookie or token")
    phone.token = token.group(1).decode()
    with results.lock:
        results.pages.append(elapsed)


def refresh(port, phone, results, known):
    headers = {"Accept": "application/json", "Accept-Encoding": "gzip"}
    if phone.etag:
        headers["If-None-Match"] = phone.etag
    try:
        status, response_headers, content, elapsed = request(port, "GET", UPDATES, phone, headers=headers)
    except OSError as error:
        with results.lock:
            results.refresh_errors.append(f"{type(error).__name__}: {error}")
        return
    if status == 200:
        body = gzip.decompress(content) if response_headers.get("Content-Encoding") == "gzip" else content
        phone.etag = response_headers.get("ETag", "")
        phone.seen = [q["id"] for q in json.loads(body)["questions"] if not q["answered"]]
        known.update(phone.seen)
    with results.lock:
        results.refreshes.append((elapsed, status, len(content)))
        if status not in (200, 304):
            results.refresh_errors.append(f"refresh answered {status}")


def ask(port, phone, number, results):
    text = f"Benchmark question {number} from phone {phone.number}: how do small offices share their data?"
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": phone.token, "text": text, "asked_by": f"Phone {number}"})
    try:
        status, headers, content, _elapsed = request(port, "POST", PAGE, phone, body=body)
        if status == 302 and headers.get("Location") == PAGE:
            outcome = "accepted"
            status, _h, _c, elapsed = request(port, "GET", PAGE, phone)  # the page it is sent back to
            with results.lock:
                results.pages.append(elapsed)
            if status != 200:
                outcome = "accepted"
                results.errors.append(f"question {number}: the page after it answered {status}")
        elif status == 429:
            outcome = "refused"
        else:
            outcome = "error"
            results.errors.append(f"question {number}: {status} {content[:200]!r}")
    except OSError as error:
        outcome = "error"
        results.errors.append(f"question {number}: {type(error).__name__}: {error}")
    with results.lock:
        results.asks[text] = outcome


def vote(port, phone, question, results):
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": phone.token, "question": question})
    key = (phone.device, question)
    try:
        status, _headers, content, _elapsed = request(
            port, "POST", VOTE, phone, body=body, headers={"Accept": "application/json"}
        )
        answer = json.loads(content) if content.startswith(b"{") else {}
        kind = answer.get("status")
        if status == 200 and kind == "voted":
            outcome = "accepted"
        elif status == 200 and kind == "already":
            outcome = "already"
        elif status in (409, 429):
            outcome = "refused"
        else:
            outcome = "error"
            results.errors.append(f"vote {key}: {status} {content[:200]!r}")
    except OSError as error:
        outcome = "error"
        results.errors.append(f"vote {key}: {type(error).__name__}: {error}")
    with results.lock:
        results.votes[key] = outcome


def cpu_seconds(master_pid):
    """CPU time so far of a server and all its processes, ended ones too (PostgreSQL ends a backend when its
    connection closes; the master's cutime/cstime keep what its ended children used), in seconds, from /proc."""
    if master_pid is None:
        return 0.0
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if ppid == master_pid:
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
        elif pid == master_pid:
            ticks += sum(int(value) for value in fields[11:15])  # utime, stime, cutime, cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def at_rate(rate, seconds, stop, action, ready=None):
    """Call action(n) `rate` times a second for `seconds`, on a schedule that does not drift (from when `ready`)."""
    if ready is not None:
        ready.wait(TIMEOUT)
    start = time.monotonic()
    count = int(rate * seconds)
    for n in range(count):
        delay = start + n / rate - time.monotonic()
        if delay > 0 and stop.wait(delay):
            return
        action(n)


def run_load(args, port, results):
    phones = [Phone(n) for n in range(args.phones)]
    known = set()  # question ids some phone has seen: what phones can vote for
    with ThreadPoolExecutor(max_workers=32) as pool:
        for failure in [f.exception() for f in [pool.submit(open_page, port, p, results) for p in phones]]:
            if failure:
                raise failure
    print(f"{len(phones)} phones opened the questions page (median {statistics.median(results.pages):.0f} ms).")
    results.pages.clear()
    stop = threading.Event()
    first_question = threading.Event()  # votes start once a phone has seen a question to vote for
    load_start = time.monotonic()

    def phone_loop(phone):
        due = load_start + random.uniform(0, args.interval)  # noqa: S311 -- a schedule, not a secret
        while not stop.is_set():
            if stop.wait(max(0, due - time.monotonic())):
                return
            refresh(port, phone, results, known)
            if known:
                first_question.set()
            due += args.interval

    loops = [threading.Thread(target=phone_loop, args=(phone,), daemon=True) for phone in phones]
    for loop in loops:
        loop.start()
    writers = ThreadPoolExecutor(max_workers=64)
    askers = iter(phones * 100)

    def send_question(n):
        writers.submit(ask, port, next(askers), n + 1, results)

    def send_vote(_n):
        for _attempt in range(20):
            phone = random.choice(phones)  # noqa: S311
            choices = [q for q in (phone.seen or sorted(known)) if q not in phone.voted]
            if choices:
                question = random.choice(choices)  # noqa: S311
                phone.voted.add(question)
                writers.submit(vote, port, phone, question, results)
                return
        with results.lock:
            results.votes[("none", _n)] = "not sent"

    threads = [
        threading.Thread(target=at_rate, args=(args.asks, args.seconds, stop, send_question)),
        threading.Thread(target=at_rate, args=(args.votes, args.seconds, stop, send_vote, first_question)),
    ]
    cpu_before = cpu_seconds(args.server_pid), cpu_seconds(args.postgres_pid)
    load_before = os.getloadavg()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stop.set()
    writers.shutdown(wait=True)
    for loop in loops:
        loop.join(TIMEOUT)
    elapsed = time.monotonic() - load_start
    cpu_after = cpu_seconds(args.server_pid), cpu_seconds(args.postgres_pid)
    return elapsed, (cpu_after[0] - cpu_before[0], cpu_after[1] - cpu_before[1]), load_before, os.getloadavg()


def verify(results):
    """Compare what the server accepted with the database: (problems, counts)."""
    from groups.live.models import AudienceQuestion, Vote

    problems = []
    stored = Counter(
        AudienceQuestion.objects.filter(text__startswith="Benchmark question").values_list("text", flat=True)
    )
    for text, outcome in results.asks.items():
        if outcome == "accepted" and stored[text] != 1:
            problems.append(f"accepted question is in the database {stored[text]} times: {text}")
        if outcome == "refused" and stored[text]:
            problems.append(f"refused question is in the database: {text}")
    problems += [f"question in the database that nobody sent: {t}" for t in stored if t not in results.asks]
    rows = Counter(Vote.objects.values_list("device", "question_id"))
    for key, outcome in results.votes.items():
        if outcome == "accepted" and rows[key] != 1:
            problems.append(f"accepted vote {key} is in the database {rows[key]} times")
        if outcome == "refused" and rows[key]:
            problems.append(f"refused vote {key} is in the database")
    problems += [f"vote {key} in the database that nobody sent" for key in rows if key not in results.votes]
    return problems, sum(stored.values()), sum(rows.values())


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def report(args, results, elapsed, cpu, loads):
    times = [ms for ms, _status, _size in results.refreshes]
    statuses = Counter(status for _ms, status, _size in results.refreshes)
    sizes = [size for _ms, status, size in results.refreshes if status == 200]
    asks, votes = Counter(results.asks.values()), Counter(results.votes.values())
    print()
    print(f"Refreshes: {len(times)} in {elapsed:.0f} s ({len(times) / elapsed:.0f}/s)")
    print(f"  p50 {percentile(times, 0.5):.1f} ms, p99 {percentile(times, 0.99):.1f} ms, max {max(times):.0f} ms")
    print(
        f"  answers: {statuses[200]} × 200 (mean {statistics.mean(sizes) if sizes else 0:.0f} bytes gzipped), "
        f"{statuses[304]} × 304 (no body), other {sum(n for s, n in statuses.items() if s not in (200, 304))}"
    )
    print(f"  errors: {len(results.refresh_errors)}")
    if results.pages:
        print(
            f"Page loads after asking: p50 {percentile(results.pages, 0.5):.0f} ms, "
            f"p99 {percentile(results.pages, 0.99):.0f} ms"
        )
    print(
        f"Questions sent: {len(results.asks)}: accepted {asks['accepted']}, refused (limits) {asks['refused']}, "
        f"errors {asks['error']}"
    )
    sent_votes = len(results.votes) - votes["not sent"]
    print(
        f"Votes sent: {sent_votes}: accepted {votes['accepted']}, already counted {votes['already']}, refused "
        f"{votes['refused']}, errors {votes['error']}"
        + (f"; not sent (nothing to vote for) {votes['not sent']}" if votes["not sent"] else "")
    )
    requests = len(times) + len(results.asks) * 2 + sent_votes
    print(
        f"CPU time: gunicorn {cpu[0]:.1f} s ({cpu[0] / elapsed * 100:.0f} % of one core, "
        f"{cpu[0] / requests * 1000:.2f} ms per request), PostgreSQL {cpu[1]:.1f} s ({cpu[1] / elapsed * 100:.0f} %)"
    )
    print(
        f"Load average (1, 5, 15 min) before: {loads[0][0]:.2f} {loads[0][1]:.2f} {loads[0][2]:.2f}; "
        f"after: {loads[1][0]:.2f} {loads[1][1]:.2f} {loads[1][2]:.2f}; {os.cpu_count()} cores"
    )


def run(args, tmp):
    import django

    env = production_env(tmp)
    os.environ.update(env)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from groups.live import services
    from sessions.models import SegmentKind, Session

    if connection.vendor != "postgresql":
        raise Failure("The live benchmark needs PostgreSQL: run it as bash benchmarks/live")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddata", "caribbean_conference", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    session = Session.objects.get(conference__slug="caribbean", number=1)
    live = services.live_session(session)
    live.needs_approval = False
    # All the phones join in the first seconds from one address (127.0.0.1): as the organisers would for an opening
    # session where the whole room scans the code at once, the session takes that many new phones a minute.
    live.new_phones_per_minute = max(live.new_phones_per_minute, args.phones)
    live.save()
    services.open_asking(session=session, segment=session.segments.get(kind=SegmentKind.QUESTIONS))
    connection.close()
    print(
        f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}; gunicorn, "
        f"{args.workers} gthread workers × {args.threads} threads, production settings, on {os.cpu_count()} cores."
    )
    print(
        f"{args.phones} phones refreshing every {args.interval:g} s for {args.seconds} s, while {args.asks:g} "
        f"questions and {args.votes:g} votes a second arrive (questions shown without approval)."
    )
    log = tmp / "gunicorn.log"
    results = Results()
    args.postgres_pid = postgres_pid(os.environ["DATABASE_URL"])
    with gunicorn(env, log, workers=args.workers, threads=args.threads, probe="/caribbean/") as (server, port):
        args.server_pid = server.pid
        elapsed, cpu, load_before, load_after = run_load(args, port, results)
    report(args, results, elapsed, cpu, (load_before, load_after))
    problems, questions, votes = verify(results)
    log_errors = [line for line in log.read_text().splitlines() if "ERROR" in line or "Traceback" in line]
    problems += [f"server log: {line}" for line in log_errors[:10]]
    problems += [f"refresh: {error}" for error in results.refresh_errors[:10]]
    problems += results.errors[:20]
    print(f"\nIn the database: {questions} questions and {votes} votes from the run.")
    if problems:
        print(f"\nLOST, WRONG OR FAILED ({len(problems)}):")
        for problem in problems:
            print(f"  {problem}")
        return 1
    print("Nothing lost: every accepted question and vote is in the database exactly once, and nothing refused is.")
    return 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300, help="Phones refreshing the list (default 300).")
    parser.add_argument("--interval", type=float, default=3.0, help="Seconds between a phone's refreshes (default 3).")
    parser.add_argument("--seconds", type=int, default=60, help="Seconds of load (default 60).")
    parser.add_argument("--asks", type=float, default=5.0, help="Questions sent a second (default 5).")
    parser.add_argument("--votes", type=float, default=20.0, help="Votes a second (default 20).")
    server.add_server_arguments(parser, threads=4)
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(server.main(run, parse_args(), name="live"))
