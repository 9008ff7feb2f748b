"""Every page's bytes, written to a folder, so that a change that must not alter any page can prove it with `diff -r`.

    .venv/bin/python tests/page_snapshot.py OUTDIR

Sets Django up on a throwaway SQLite database, loads the Caribbean conference, adds deterministic data (times, rooms,
rapporteurs and reports, live questions with votes, breakout notes, a facilitator, an organiser) on a clock that
stands still, then requests every public page in the four languages, the rapporteur's and facilitator's private
pages, the live pages, every console page and the exports, by their addresses (never by URL name, so that renaming
URL names cannot change what is requested). Each answer's body goes to OUTDIR/pages/, its status and main headers
to OUTDIR/index.txt, and the number of database queries it took to OUTDIR/queries.txt (fewer is fine; more is not).
What differs from run to run (CSRF tokens) is replaced by a fixed string.
"""

import datetime
import io
import itertools
import logging
import os
import random
import re
import secrets
import sys
import tempfile
import warnings
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The moment the clock stands at: Tuesday 9 June 2026, 14:00 in Port of Spain, during session 2.
NOW = datetime.datetime(2026, 6, 9, 18, 0, tzinfo=datetime.UTC)
LANGUAGES = ["", "/fr", "/es", "/nl"]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CSRF = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]{64}(")')


def deterministic():
    """Link keys, device ids and the clock without chance: the same data in every run."""
    counter = itertools.count(1)
    secrets.token_urlsafe = lambda nbytes=None: f"key{next(counter):04d}".ljust(43, "k")
    secrets.token_hex = lambda nbytes=None: f"{next(counter):032x}"
    random.random = lambda: 0.5  # the throttles' occasional clean-up (a query) never runs

    from django.template import defaulttags
    from django.utils import timezone

    timezone.now = lambda: NOW

    class StillDatetime(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return NOW.astimezone(tz)

    defaulttags.datetime = StillDatetime  # {% now %}


def setup(folder):
    logging.disable(logging.WARNING)  # the 404s and 405s requested on purpose
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise, without collectstatic
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/db.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    os.environ.pop("CACHE_URL", None)
    deterministic()
    import django

    django.setup()
    from django.test.utils import setup_test_environment

    setup_test_environment(debug=False)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("loaddata", "caribbean_conference", verbosity=0)


def add_data():
    """What the pages show beyond the fixture. Returns the addresses of the private links and the ids the console
    pages need."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from conference.models import Conference, Country, Organisation, OrganisationKind, Participant
    from conference.roles import ORGANISERS
    from groups.live import services as live
    from groups.live.models import AudienceQuestion, LiveSession
    from groups.models import Breakout, GroupPartner
    from groups.reports import services
    from groups.reports.content import ReportContent, answer_key
    from groups.reports.models import RapporteurReport
    from sessions.models import Room, SegmentKind

    conference = Conference.objects.get(slug="caribbean")
    conference.name = "Caribbean Conference of Statisticians"
    conference.start_date, conference.end_date = datetime.date(2026, 6, 9), datetime.date(2026, 6, 10)
    conference.time_zone = "America/Port_of_Spain"
    conference.venue = "Hyatt Regency, Port of Spain"
    conference.save()
    plenary = Room.objects.create(conference=conference, code="plenary", name="Plenary hall", position=1)
    rooms = [
        Room.objects.create(conference=conference, code=f"room-{n}", name=f"Room {n}", position=n + 1)
        for n in range(1, 5)
    ]
    times = {1: (9, 0), 2: (13, 30), 3: (9, 0), 4: (13, 30), 5: (16, 45)}
    for session in conference.sessions.all():
        hour, minute = times[session.number]
        session.date = conference.start_date if session.number <= 2 else conference.end_date
        session.start_time = datetime.time(hour, minute)
        session.room = plenary
        session.save()
    breakouts = {
        (b.session.number, b.group.number): b
        for b in Breakout.objects.filter(session__conference=conference).select_related("session", "group")
    }
    for (_session, group), breakout in breakouts.items():
        breakout.room = rooms[(group - 1) % len(rooms)]
        breakout.save()

    organisation = Organisation.objects.create(
        conference=conference, name="Partner agency", kind=OrganisationKind.MULTILATERAL
    )
    partner = Participant.objects.create(
        conference=conference, full_name="Pat Partner", organisation=organisation, email="pat@example.org"
    )
    GroupPartner.objects.create(group=breakouts[1, 1].group, participant=partner, confirmed_at=NOW)

    # Rapporteurs of session 1's and 2's groups; reports of session 1: two published, one draft, one submitted.
    nominations = {}
    for (session, group), breakout in sorted(breakouts.items()):
        if session > 2:
            continue
        country = Country.objects.filter(group_places__group=breakout.group).order_by("name").first()
        person, _created = Participant.objects.get_or_create(
            conference=conference,
            full_name=f"Rapporteur of group {group}",
            defaults={"country": country, "email": f"rapporteur{group}@example.org"},
        )
        nominations[session, group] = services.nominate_rapporteur(breakout=breakout, participant=person)
    reports = {}
    for group, submit in [(1, True), (2, True), (3, False), (4, True)]:
        breakout = breakouts[1, group]
        report = RapporteurReport.objects.with_content().get(breakout=breakout)
        q1, q2 = breakout.questions.all()[:2]
        for version in (1, 2):
            content = ReportContent(
                {answer_key(q1.pk): f"Answer {version} of group {group}", answer_key(q2.pk): f"Second answer {group}"},
                conclusions=f"Conclusions of group {group}, version {version}.",
                actions=f"- Action of group {group}\n- Another action, version {version}",
            )
            report = RapporteurReport.objects.with_content().get(breakout=breakout)
            services.save_report(
                report=report,
                content=content,
                base_version=report.version,
                by=nominations[1, group],
                submit=submit and version == 2,
            )
        reports[group] = report
    services.publish_reports(reports=RapporteurReport.objects.filter(breakout__in=[breakouts[1, 1], breakouts[1, 2]]))

    # Live: session 1's questions for clarification, with votes, one pinned, one answered, one awaiting approval.
    session = conference.sessions.get(number=1)
    segment = session.segments.filter(kind=SegmentKind.QUESTIONS).first()
    live.open_asking(session=session, segment=segment)
    asked = [
        live.ask(session=session, text=f"Question {n} from the floor?", asked_by=f"Delegate {n}", device=f"d{n}")
        for n in range(1, 5)
    ]

    live.approve(questions=AudienceQuestion.objects.filter(pk__in=[q.pk for q in asked[:3]]))
    for n, question in enumerate(asked[:3]):
        for device in range(n + 1):
            live.vote(question=question, device=f"voter{device}")
    live.pin(question=asked[0])
    live.mark_answered(question=asked[1])
    facilitator = Participant.objects.create(
        conference=conference,
        full_name="Fay Facilitator",
        country=Country.objects.get(conference=conference, code="BB"),
    )
    facilitation = live.nominate_facilitator(session=session, participant=facilitator)
    live.set_notes_open(session=session, is_open=True)
    for question in breakouts[1, 1].questions.all()[:2]:
        live.add_point(question=question, text=f"A point on {question.position}", author="Ann", device="d1")
    LiveSession.objects.filter(session=session).update(needs_approval=True)

    user = get_user_model().objects.create_user(username="organiser", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    report = RapporteurReport.objects.get(breakout=breakouts[1, 1])
    revisions = list(report.revisions.order_by("pk"))
    return {
        "conference": conference,
        "user": user,
        "report": nominations[1, 3].token,
        "published_report": report.pk,
        "draft_report": reports[3].pk,
        "revisions": [revision.pk for revision in revisions],
        "rapporteur": nominations[1, 1].participant_id,
        "moderate": facilitation.token,
        "notes": [live.notes_link(breakout=breakouts[1, group]).token for group in (1, 2)],
    }


def public_paths(conference):
    """Every public page of the conference, below one language's prefix."""
    slug = conference.slug
    paths = [f"/{slug}/", f"/{slug}/how-sessions-work/", f"/{slug}/programme.ics"]
    for session in conference.sessions.order_by("number"):
        paths.append(f"/{slug}/sessions/{session.number}/")
    paths.append(f"/{slug}/contributors/")
    for group in conference.breakout_groups.order_by("number"):
        paths += [f"/{slug}/groups/{group.number}/", f"/{slug}/groups/{group.number}/calendar.ics"]
        for breakout in group.breakouts.order_by("session__number").select_related("session"):
            paths.append(f"/{slug}/groups/{group.number}/sessions/{breakout.session.number}/")
    country = conference.countries.filter(group_places__group__number=1).order_by("code").first()
    paths += [f"/{slug}/groups/1/?country={country.code.code}", f"/{slug}/groups/1/?country=XX"]
    for area in conference.thematic_areas.order_by("code"):
        paths.append(f"/{slug}/groups/themes/{area.code}/")
    paths += [
        f"/{slug}/groups/find/",
        f"/{slug}/groups/find/?country={country.pk}",
        f"/{slug}/groups/find/?name=Partner",
        f"/{slug}/groups/find/?name=nobody-by-this-name",
        f"/{slug}/groups/join/",
        f"/{slug}/outcome/",
        f"/{slug}/outcome.docx",
        f"/{slug}/participants/",
        f"/{slug}/sessions/1/questions/",
        f"/{slug}/sessions/1/questions/updates/",
        f"/{slug}/sessions/1/questions/screen/",
        f"/{slug}/sessions/2/questions/",
        f"/{slug}/sessions/99/",
        "/no-such-page/",
    ]
    return paths


def private_paths(data):
    return [
        f"/report/{data['report']}/",
        f"/report/{data['report']}/autosave/",
        "/report/no-such-key/",
        f"/moderate/{data['moderate']}/",
        "/moderate/no-such-key/",
        *(f"/notes/{token}/" for token in data["notes"]),
        "/notes/no-such-key/",
    ]


def console_paths(data):
    slug = data["conference"].slug
    base = f"/{slug}/organisers/"
    report, draft = data["published_report"], data["draft_report"]
    first, *_rest, last = data["revisions"]
    paths = [base]
    for session in data["conference"].sessions.breakouts().order_by("number"):
        s = f"{base}sessions/{session.number}/"
        paths += [s, s + "cards/", s + "screen/", s + "report-back/"]
    paths += [
        f"{base}sessions/1/groups/1/report/",
        f"{base}sessions/1/groups/3/report/",
        f"{base}sessions/1/groups/1/nominate/",
        f"{base}sessions/3/groups/1/nominate/",
        f"{base}rapporteurs/{data['rapporteur']}/",
        f"{base}reports/{report}/publish/",
        f"{base}reports/{report}/unpublish/",
        f"{base}reports/{draft}/publish/",
        f"{base}reports/{report}/history/",
        f"{base}reports/{report}/history/{first}/compare/",
        f"{base}reports/{report}/history/{first}/compare/?with={last}",
        f"{base}reports/{report}/history/{first}/restore/",
        f"{base}outcome/",
        f"{base}outcome/?appendix=1",
        f"{base}outcome.docx",
        f"{base}outcome.md",
        f"{base}outcome/preview/",
        f"{base}outcome/preview.docx",
        f"{base}sessions/99/",
    ]
    return paths


def normalise(body, content_type):
    if content_type.startswith(DOCX):
        # A Word file is a zip archive whose entries carry the moment of writing: compare what is inside.
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return b"".join(name.encode() + b"\n" + archive.read(name) + b"\n" for name in sorted(archive.namelist()))
    return CSRF.sub(rb"\1CSRF\2", body)


class Recorder:
    def __init__(self, outdir):
        self.pages = outdir / "pages"
        self.pages.mkdir(parents=True)
        self.index = []
        self.queries = []

    def get(self, client, path, label=""):
        from django.core.cache import cache
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        body = b"".join(response) if response.streaming else response.content
        body = normalise(body, response.get("Content-Type", ""))
        name = (label + path).strip("/").replace("/", "~").replace("?", "@") or "root"
        (self.pages / name).write_bytes(body)
        headers = [f"{h}={response[h]}" for h in ("Content-Type", "Location", "Content-Disposition") if h in response]
        self.index.append(f"{label}{path} {response.status_code} {' '.join(headers)}")
        self.queries.append(f"{label}{path} {len(queries)}")


def main(outdir):
    outdir = Path(outdir)
    if outdir.exists() and any(outdir.iterdir()):
        sys.exit(f"{outdir} is not empty.")
    with tempfile.TemporaryDirectory() as folder:
        setup(folder)
        from django.contrib.auth import get_user_model
        from django.test import Client

        from conference.models import Conference

        data = add_data()
        recorder = Recorder(outdir)
        visitor = Client()
        organiser = Client()
        organiser.force_login(data["user"])
        for prefix in LANGUAGES:
            recorder.get(visitor, prefix + "/")
            for path in public_paths(data["conference"]) + private_paths(data):
                recorder.get(visitor, prefix + path)
        for path in ["/caribbean/schedule.xml", "/caribbean/schedule.json", "/fr/caribbean/schedule.xml"]:
            recorder.get(visitor, path)
        staff = Client()  # staff without the Organisers role
        staff.force_login(get_user_model().objects.create_user(username="staff", is_staff=True))
        for path in ["/organisers/", "/caribbean/organisers/", "/caribbean/organisers/sessions/1/"]:
            recorder.get(visitor, path, label="anonymous")
            recorder.get(staff, path, label="staff")
            recorder.get(organiser, path)
        for path in console_paths(data):
            recorder.get(organiser, path)
        for prefix in LANGUAGES[1:]:
            recorder.get(organiser, prefix + "/caribbean/organisers/")
            recorder.get(organiser, prefix + "/caribbean/organisers/sessions/1/")
        # With a second conference, the front door and the console's door list them.
        Conference.objects.create(slug="second", region="Second", name="A second conference")
        for prefix in LANGUAGES:
            recorder.get(visitor, prefix + "/", label="two")
        recorder.get(organiser, "/organisers/", label="two")
        # The exports' answers while a conference has no days, time zone or timed session.
        for prefix in LANGUAGES:
            for path in ["/second/schedule.xml", "/second/schedule.json", "/second/programme.ics"]:
                recorder.get(visitor, prefix + path)
        (outdir / "index.txt").write_text("\n".join(recorder.index) + "\n")
        (outdir / "queries.txt").write_text("\n".join(recorder.queries) + "\n")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
