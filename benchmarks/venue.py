"""The venue: hundreds of phones behind one Wi-Fi address open their rapporteur links while one client there floods
unknown links and another floods the programme with made-up query strings. No valid link may ever be refused.

Started by benchmarks/venue (which starts a throwaway PostgreSQL when DATABASE_URL is not one). It loads the
Caribbean conference, nominates a rapporteur for every breakout, and starts gunicorn in production mode behind a
pretend load balancer (DJANGO_PROXY_COUNT=1: each request carries the client's address in X-Forwarded-For). Then, for
`--duration` seconds:

- `--phones` phones, all behind the venue's one address, each open one of the valid links `--visits` times, at
  random moments;
- a flooder behind the same address requests unknown report links as fast as one connection allows;
- another client requests the programme with a new made-up query string each time, as fast as it can.

Then a facilitator types 25 wrong /moderate/ links from one address and opens the valid one, which must answer 200;
so must the valid link from the venue's address, which the flood has taken past the limit for unknown links.
Last, a laptop at the venue's address drops its cookies before each of 100 votes on one question (a new device id
each time), and the facilitator opens their page: it prints how many of those votes counted and how the facilitator
sees the question.

It prints the answers each kind of client got and the phones' latencies, and exits non-zero if a valid link got
anything but 200 (or the server logged an error). A bounded run: it stops by itself.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import statistics
import sys
import threading
import time
from collections import Counter

from benchmarks import server
from benchmarks.server import gunicorn, production_env

VENUE = "203.0.113.10"  # the venue Wi-Fi's one public address (a documentation address)
OUTSIDE = "198.51.100.77"
FACILITATOR = "192.0.2.25"  # the facilitator's phone on another network
TYPOS = 25
STUFFED_VOTES = 100
TIMEOUT = 30


def nominate_everyone():
    """A rapporteur for every breakout of the conference; returns their links."""
    from conference.models import Conference, Participant
    from groups.models import Breakout
    from groups.reports import services

    conference = Conference.objects.get(slug="caribbean")
    tokens = []
    breakouts = Breakout.objects.filter(session__conference=conference).prefetch_related("group__country_places")
    for index, breakout in enumerate(breakouts.order_by("session__number", "group__number")):
        country = breakout.group.country_places.all()[0].country
        person = Participant.objects.create(conference=conference, full_name=f"Rapporteur {index}", country=country)
        tokens.append(services.nominate_rapporteur(breakout=breakout, participant=person).token)
    return tokens


def nominate_facilitator():
    """A facilitator for the conference's first session; returns the link's key."""
    from conference.models import Conference, Participant
    from groups.live import services
    from sessions.models import Session

    session = Session.objects.filter(conference__slug="caribbean").order_by("number").first()
    country = Conference.objects.get(slug="caribbean").countries.order_by("name").first()
    person = Participant.objects.create(conference=session.conference, full_name="Facilitator", country=country)
    return services.nominate_facilitator(session=session, participant=person).token


def facilitator_typos(port, token):
    """TYPOS unknown facilitator links from one address, then the valid one from there and from the venue's address:
    ({status: count} of the typos, the valid link's status from FACILITATOR, and from VENUE)."""
    typos = Counter()
    client = Client(port, FACILITATOR)
    try:
        for _ in range(TYPOS):
            typos[client.get(f"/moderate/{secrets.token_urlsafe(32)}/")] += 1
        valid = client.get(f"/moderate/{token}/")
    finally:
        client.close()
    venue = Client(port, VENUE)
    try:
        return typos, valid, venue.get(f"/moderate/{token}/")
    finally:
        venue.close()


def stuffing_question():
    """A question shown in the facilitator's session (the first), for the stuffing scenario; returns its id."""
    from django.utils import timezone

    from groups.live import services
    from groups.live.models import AudienceQuestion, QuestionStatus
    from sessions.models import Session

    session = Session.objects.filter(conference__slug="caribbean").order_by("number").first()
    question = AudienceQuestion.objects.create(
        session=session,
        text="Which question does the room want?",
        status=QuestionStatus.APPROVED,
        approved_at=timezone.now(),
    )
    services.touch_questions(session=session)
    return question.pk


def fresh_cookie_votes(port, question_id, token):
    """STUFFED_VOTES votes on one question from one laptop at the venue's address that drops its cookies before
    each one (a new device id every time), as the page's script sends them; then the facilitator's page.

    Returns ({answer: count} of the votes, how the facilitator's page shows the question). Started at the beginning
    of a wall-clock minute (the new-phone limit counts per minute), so that the figure is that of one window.
    """
    import re

    from lxml import html

    time.sleep((60 - time.time() % 60) if time.time() % 60 > 30 else 0)
    session_path = "/caribbean/sessions/1/questions/"
    answers = Counter()
    for _ in range(STUFFED_VOTES):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
        try:
            connection.request("GET", session_path, headers={"X-Forwarded-For": VENUE})
            page = connection.getresponse()
            content = page.read()
            cookies = "; ".join(
                value.split(";", 1)[0] for name, value in page.getheaders() if name.lower() == "set-cookie"
            )
            csrf = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', content).group(1).decode()
            body = f"csrfmiddlewaretoken={csrf}&question={question_id}"
            headers = {
                "X-Forwarded-For": VENUE,
                "Cookie": cookies,
                "Accept": "application/json",
                "Content-Type": "application/x-www-form-urlencoded",
            }
            connection.request("POST", session_path + "vote/", body=body, headers=headers)
            vote = connection.getresponse()
            answers[f"{vote.status} {json.loads(vote.read()).get('status')}"] += 1
        except (http.client.HTTPException, OSError, AttributeError, ValueError) as error:
            answers[f"error {type(error).__name__}"] += 1
        finally:
            connection.close()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        connection.request("GET", f"/moderate/{token}/", headers={"X-Forwarded-For": FACILITATOR})
        page = html.fromstring(connection.getresponse().read())
    finally:
        connection.close()
    [item] = page.cssselect(f"#m{question_id}")
    seen = [" ".join(item.cssselect(".live-question-meta")[0].text_content().split())]
    seen += [" ".join(p.text_content().split()) for p in item.cssselect("[data-vote-warning]")]
    seen += [f"buttons: {', '.join(button.text for button in item.cssselect('button'))}"]
    return answers, seen


class Client:
    """One keep-alive connection sending requests as coming from `address` (through the load balancer)."""

    def __init__(self, port, address):
        self.port, self.address = port, address
        self.connection = None

    def get(self, path):
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
            try:
                self.connection.request("GET", path, headers={"X-Forwarded-For": self.address})
                response = self.connection.getresponse()
                response.read()
                return response.status
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    return "error"
        return "error"

    def close(self):
        if self.connection is not None:
            self.connection.close()


def phone(port, tokens, visits, until, results, latencies, lock):
    client = Client(port, VENUE)
    rng = random.Random()  # noqa: S311 -- spreading the visits, not security
    token = rng.choice(tokens)
    moments = sorted(rng.uniform(0, until - time.monotonic()) for _ in range(visits))
    started = time.monotonic()
    try:
        for moment in moments:
            time.sleep(max(0.0, started + moment - time.monotonic()))
            sent = time.monotonic()
            status = client.get(f"/report/{token}/")
            with lock:
                results[status] += 1
                latencies.append(time.monotonic() - sent)
    finally:
        client.close()


def flood(port, address, paths, until, results, lock):
    client = Client(port, address)
    try:
        while time.monotonic() < until:
            status = client.get(next(paths))
            with lock:
                results[status] += 1
    finally:
        client.close()


def unknown_links():
    while True:
        yield f"/report/{secrets.token_urlsafe(32)}/"


def made_up_queries():
    while True:
        yield f"/caribbean/?utm_source={secrets.token_hex(8)}"


def run(args, tmp):
    import django

    env = production_env(tmp, DJANGO_PROXY_COUNT="1")
    os.environ.update(env)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0, interactive=False)
    call_command("loaddata", "caribbean_conference", verbosity=0)
    call_command("collectstatic", verbosity=0, interactive=False)
    tokens = nominate_everyone()
    facilitator_token = nominate_facilitator()
    question_id = stuffing_question()
    connection.close()
    print(
        f"{connection.vendor} database; gunicorn, {args.workers} gthread workers × {args.threads} threads, production "
        f"settings, DJANGO_PROXY_COUNT=1.\n{args.phones} phones behind {VENUE} open {len(tokens)} valid links "
        f"{args.visits} times each within {args.duration} s, while one client at the same address floods unknown "
        f"links and another ({OUTSIDE}) floods the programme with made-up query strings."
    )
    log = tmp / "gunicorn.log"
    lock = threading.Lock()
    valid, unknown, queries, latencies = Counter(), Counter(), Counter(), []
    with gunicorn(env, log, workers=args.workers, threads=args.threads, probe="/caribbean/") as (_server, port):
        until = time.monotonic() + args.duration
        threads = [
            threading.Thread(target=phone, args=(port, tokens, args.visits, until, valid, latencies, lock))
            for _ in range(args.phones)
        ]
        threads.append(threading.Thread(target=flood, args=(port, VENUE, unknown_links(), until, unknown, lock)))
        threads.append(threading.Thread(target=flood, args=(port, OUTSIDE, made_up_queries(), until, queries, lock)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.duration + 2 * TIMEOUT)
        typos, facilitator, facilitator_at_venue = facilitator_typos(port, facilitator_token)
        stuffed, facilitator_sees = fresh_cookie_votes(port, question_id, facilitator_token)
    errors = [line for line in log.read_text().splitlines() if " ERROR " in line or "Traceback" in line]

    def counts(counter):
        return ", ".join(f"{status}: {number}" for status, number in sorted(counter.items(), key=str))

    print()
    print(f"valid links opened by the phones   {sum(valid.values()):>6}   {counts(valid)}")
    print(f"unknown links from the same address {sum(unknown.values()):>5}   {counts(unknown)}")
    print(f"programme with made-up queries     {sum(queries.values()):>6}   {counts(queries)}")
    print(
        f"{TYPOS} facilitator-link typos from one address {counts(typos)}; then the valid link: {facilitator} "
        f"(from the flooded venue address: {facilitator_at_venue})"
    )
    print(f"{STUFFED_VOTES} fresh-cookie votes from one address on one question: {counts(stuffed)}")
    print("  the facilitator sees: " + "\n    ".join(facilitator_sees))
    if latencies:
        ordered = sorted(latencies)
        p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
        print(f"phones' answers: p50 {statistics.median(ordered) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms")
    refused = sum(number for status, number in valid.items() if status != 200)
    refused += (facilitator != 200) + (facilitator_at_venue != 200)
    if refused or errors or not valid:
        print(f"\nFAILED: {refused} valid link(s) not answered 200; {len(errors)} server error line(s)")
        for line in errors[:10]:
            print(f"  {line}")
        return 1
    print("\nNo valid link refused: every one answered 200.")
    return 0


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=300, help="Phones behind the venue's address (default 300).")
    parser.add_argument("--visits", type=int, default=3, help="Times each phone opens its link (default 3).")
    parser.add_argument("--duration", type=float, default=30, help="Seconds the run lasts (default 30).")
    server.add_server_arguments(parser, threads=8)
    return parser.parse_args()


if __name__ == "__main__":
    sys.exit(server.main(run, parse_args(), name="venue"))
