import copy
import datetime
import email
import email.policy
import json
import logging
import socket
from dataclasses import dataclass
from pathlib import Path

import environ
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.test import override_settings
from django.utils import timezone, translation
from django_countries import countries

from conference import throttle
from conference.models import (
    Conference,
    ContentVersion,
    Country,
    Organisation,
    OrganisationKind,
    Participant,
    ThematicArea,
)
from conference.roles import ORGANISERS
from groups.models import Breakout, BreakoutGroup, GroupCountry, GroupPartner, Question
from groups.reports import services
from groups.reports.content import ReportContent, answer_key
from groups.reports.models import RapporteurAnswer, RapporteurNomination, RapporteurReport, ReportStatus
from sessions.models import Contribution, Segment, SegmentKind, Session, SessionKind

FIXTURE_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "caribbean_conference.json"
# The SQLite test database is a file in build/ (see settings); make sure the folder exists in a fresh clone.
(Path(__file__).resolve().parent.parent / "build").mkdir(exist_ok=True)


@pytest.fixture
def caribbean(db):
    """The whole breakout document, loaded from fixtures/caribbean_conference.json."""
    load_caribbean()
    return Conference.objects.get(slug="caribbean")


class CaribbeanRows:
    """The rows `loaddata caribbean_conference` writes, kept from its first run in this process and inserted again as
    they were in the next tests' databases: a few bulk inserts instead of some 150 saves and natural-key lookups
    (a third of a second, in most tests of the suite). Should a row's key be taken already, loaddata runs instead."""

    rows = None

    @classmethod
    def models(cls):
        """The fixture's models, and the link tables of their many-to-many fields."""
        labels = dict.fromkeys(record["model"] for record in json.loads(FIXTURE_PATH.read_text()))
        models = [apps.get_model(label) for label in labels]
        links = [
            field.remote_field.through
            for model in models
            for field in model._meta.many_to_many
            if field.remote_field.through._meta.auto_created
        ]
        return models + links

    @classmethod
    def load(cls):
        if cls.rows is None:
            highest = {model: model._base_manager.aggregate(pk=Max("pk"))["pk"] or 0 for model in cls.models()}
            call_command("loaddata", "caribbean_conference", verbosity=0)
            cls.rows = [
                (model, list(model._base_manager.filter(pk__gt=highest[model]).order_by("pk")))
                for model in cls.models()
            ]
            return
        try:
            # Django's foreign keys are checked at the end of the transaction, so the order of the inserts is free.
            with transaction.atomic():
                for model, rows in cls.rows:
                    model._base_manager.bulk_create([copy.copy(row) for row in rows])
                with connection.cursor() as cursor:
                    for sql in connection.ops.sequence_reset_sql(no_style(), [model for model, _rows in cls.rows]):
                        cursor.execute(sql)
                ContentVersion.bump()  # as loaddata's saves do
        except IntegrityError:
            call_command("loaddata", "caribbean_conference", verbosity=0)


def load_caribbean():
    CaribbeanRows.load()


# (date, start time) of each session in the tests; the fixture has none.
TIMES = {
    1: (datetime.date(2026, 6, 9), datetime.time(9, 0)),
    2: (datetime.date(2026, 6, 9), datetime.time(13, 30)),
    3: (datetime.date(2026, 6, 10), datetime.time(9, 0)),
    4: (datetime.date(2026, 6, 10), datetime.time(13, 30)),
    5: (datetime.date(2026, 6, 10), datetime.time(16, 45)),
}


@pytest.fixture
def scheduled(caribbean):
    """The Caribbean conference on two days in Port of Spain, every session with its date and start time."""
    caribbean.start_date, caribbean.end_date = datetime.date(2026, 6, 9), datetime.date(2026, 6, 10)
    caribbean.time_zone = "America/Port_of_Spain"
    caribbean.save()
    for session in caribbean.sessions.all():
        session.date, session.start_time = TIMES[session.number]
        session.save()
    return caribbean


@pytest.fixture
def conference(db):
    return Conference.objects.create(slug="test", region="Test")


@pytest.fixture
def make_country(conference):
    def make(code, name=None, group=None, conference=conference):
        country = Country.objects.create(conference=conference, code=code, name=name or code)
        if group is not None:
            GroupCountry.objects.create(group=group, country=country)
        return country

    return make


@pytest.fixture
def make_group(conference):
    def make(number, conference=conference):
        return BreakoutGroup.objects.create(conference=conference, number=number)

    return make


@pytest.fixture
def make_participant(conference):
    def make(full_name, country=None, organisation=None, **fields):
        return Participant.objects.create(
            conference=conference, full_name=full_name, country=country, organisation=organisation, **fields
        )

    return make


@pytest.fixture
def partner_org(conference):
    return Organisation.objects.create(conference=conference, name="A partner", kind=OrganisationKind.MULTILATERAL)


@pytest.fixture
def breakout(conference, make_group):
    session = Session.objects.create(conference=conference, number=1, title="A session")
    return Breakout.objects.create(session=session, group=make_group(1), topic="A topic")


@pytest.fixture
def organiser(db, django_user_model):
    """A staff user with the Organisers role and nothing more."""
    user = django_user_model.objects.create_user(username="org", password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def superuser(db, django_user_model):
    return django_user_model.objects.create_superuser(username="root", password="pw-for-tests-only")


def report_content(breakout, first="", second="", conclusions="", actions=""):
    """A report content for a breakout with two questions, as the report form would send it."""
    q1, q2 = breakout.questions.all()
    return ReportContent(
        {answer_key(q1.pk): first, answer_key(q2.pk): second}, conclusions=conclusions, actions=actions
    )


@dataclass
class PrivateWork:
    """A rapporteur's nomination and the strings that only they and the organisers may ever see."""

    nomination: RapporteurNomination
    secrets: list


def private_work(breakout, marker, *, submit):
    """Nominate a rapporteur for the breakout and save their report, every field carrying `marker`."""
    country = Country.objects.filter(group_places__group=breakout.group).order_by("name").first()
    person = Participant.objects.create(
        conference=breakout.session.conference,
        full_name=f"Rapporteur of group {breakout.group.number}",
        country=country,
        email=f"{marker.lower()}@private.example",
    )
    nomination = services.nominate_rapporteur(breakout=breakout, participant=person)
    report = RapporteurReport.objects.with_content().get(breakout=breakout)
    content = report_content(
        breakout,
        first=f"{marker} answer 1",
        second=f"{marker} answer 2",
        conclusions=f"{marker} conclusions",
        actions=f"- {marker} action",
    )
    services.save_report(report=report, content=content, base_version=report.version, by=nomination, submit=submit)
    return PrivateWork(nomination=nomination, secrets=[marker, person.email, nomination.token])


@pytest.fixture
def private_reports(caribbean):
    """Session 1: group 1's rapporteur has a draft, group 2's a submitted report, each with marker strings, an email
    address and a link key that must reach nobody else; group 3's report is published; a partner with a private email
    address is in group 4."""
    breakouts = {b.group.number: b for b in Breakout.objects.filter(session__number=1).select_related("group")}
    draft = private_work(breakouts[1], "DRAFT-7C1E9A", submit=False)
    submitted = private_work(breakouts[2], "SUBMITTED-93FA2B", submit=True)
    published = private_work(breakouts[3], "PUBLISHED-5D0B41", submit=True)
    services.publish_reports(reports=RapporteurReport.objects.filter(breakout=breakouts[3]))
    organisation = Organisation.objects.create(conference=caribbean, name="Partner agency")
    partner = Participant.objects.create(
        conference=caribbean, full_name="Pat Partner", organisation=organisation, email="partner@private.example"
    )
    GroupPartner.objects.create(group=breakouts[4].group, participant=partner, confirmed_at=timezone.now())
    return {"draft": draft, "submitted": submitted, "published": published, "partner_email": partner.email}


def add_people(conference):
    """Rapporteurs, a partner in a group, published, submitted and draft reports and the presentations'
    contributors, so public pages show them; the outcome published and the list of participants public, so that
    their pages are among the public pages."""
    partner_org = Organisation.objects.create(
        conference=conference, name="Partner agency", kind=OrganisationKind.BILATERAL
    )
    groups = list(conference.breakout_groups.prefetch_related("country_places__country"))
    partner = Participant.objects.create(
        conference=conference, full_name="Pat Partner", organisation=partner_org, email="pat@example.org"
    )
    GroupPartner.objects.create(group=groups[0], participant=partner, confirmed_at=timezone.now())
    breakouts = Breakout.objects.filter(session__conference=conference).select_related("group")
    countries = {group.pk: group.country_places.all()[0].country for group in groups}
    statuses = [ReportStatus.PUBLISHED, ReportStatus.SUBMITTED, ReportStatus.DRAFT]
    # No ordering: the default one joins five tables, which PostgreSQL plans badly on fresh test tables.
    first_questions = {
        q.breakout_id: q for q in Question.objects.filter(breakout__in=list(breakouts), position=1).order_by()
    }
    answers = []
    for index, breakout in enumerate(breakouts):
        person = Participant.objects.create(
            conference=conference, full_name=f"Rapporteur {index}", country=countries[breakout.group_id]
        )
        RapporteurNomination.objects.create(breakout=breakout, participant=person)
        status = statuses[index % 3]
        report = RapporteurReport.objects.create(
            breakout=breakout,
            status=status,
            conclusions=f"{status.label} report text {index}",
            actions=f"- {status.label} action {index}",
            published_at=timezone.now() if status == ReportStatus.PUBLISHED else None,
        )
        answers.append(
            RapporteurAnswer(
                report=report, question=first_questions[breakout.pk], text=f"{status.label} answer {index}"
            )
        )
    RapporteurAnswer.objects.bulk_create(answers)
    conference.outcome_published_at = timezone.now()
    conference.participants_public = True
    conference.save(update_fields=["outcome_published_at", "participants_public"])
    add_contributors(conference, partner=partner, country=countries[groups[0].pk])


def add_contributors(conference, *, partner, country):
    """Two contributors for every presentation: a delegate of its own and, second, the partner (who thus presents
    in every session)."""
    presentations = Segment.objects.filter(session__conference=conference, kind=SegmentKind.PRESENTATION)
    contributions = []
    for index, segment in enumerate(presentations.order_by("session__number", "position")):
        person = Participant.objects.create(conference=conference, full_name=f"Contributor {index}", country=country)
        contributions += [
            Contribution(segment=segment, participant=person, position=1),
            Contribution(segment=segment, participant=partner, position=2),
        ]
    Contribution.objects.bulk_create(contributions)


@pytest.fixture
def caribbean_with_people(caribbean):
    add_people(caribbean)
    return caribbean


@pytest.fixture
def large_conference(db):
    """A generated conference ten times the Caribbean one: 40 groups of 5 countries, 40 breakout sessions plus a
    concluding one, 1,600 breakouts with 3,200 questions, 81 presentations, and people, contributors and reports as in
    `caribbean_with_people`."""
    conference = Conference.objects.create(slug="large", region="Large")
    areas = [
        ThematicArea.objects.create(conference=conference, code=str(n), title=f"Area {n}", position=n)
        for n in range(1, 11)
    ]
    codes = [code for code, _name in countries][:200]
    country_rows = Country.objects.bulk_create(
        Country(conference=conference, code=code, name=f"Country {code}") for code in codes
    )
    groups = BreakoutGroup.objects.bulk_create(BreakoutGroup(conference=conference, number=n) for n in range(1, 41))
    GroupCountry.objects.bulk_create(
        GroupCountry(group=groups[i // 5], country=country) for i, country in enumerate(country_rows)
    )
    sessions = Session.objects.bulk_create(
        Session(conference=conference, number=n, title=f"Session {n}") for n in range(1, 41)
    )
    concluding = Session.objects.create(
        conference=conference, number=41, kind=SessionKind.CONCLUDING, title="Concluding"
    )
    Segment.objects.create(session=concluding, position=1, kind=SegmentKind.PRESENTATION, min_minutes=15)
    for session in sessions:
        session.thematic_areas.set([areas[session.number % 10]])
    segments = Segment.objects.bulk_create(
        Segment(session=session, position=p, kind=SegmentKind.REPORT_BACK, min_minutes=5, max_minutes=10)
        for session in sessions
        for p in range(1, 41)
    )
    Segment.objects.bulk_create(  # two presentations after the report-backs, as the Caribbean sessions have two
        Segment(session=session, position=p, kind=SegmentKind.PRESENTATION, min_minutes=15, max_minutes=20)
        for session in sessions
        for p in (41, 42)
    )
    breakouts = Breakout.objects.bulk_create(
        Breakout(
            session=session,
            group=group,
            topic=f"Topic {session.number}.{group.number}",
            report_back=segments[(session.number - 1) * 40 + group.number - 1],
        )
        for session in sessions
        for group in groups
    )
    Question.objects.bulk_create(
        Question(breakout=breakout, position=p, text=f"Question {p} of {breakout.topic}?")
        for breakout in breakouts
        for p in (1, 2)
    )
    add_people(conference)
    return conference


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing():
    """Passwords made in the tests are hashed in one quick round (the production hasher's million rounds cost a third
    of a second per account); the production hashers stay in the list, so their hashes still check. Only in this
    process: an app server the tests start apart (gunicorn) would not know these quick hashes."""
    quick = "django.contrib.auth.hashers.MD5PasswordHasher"
    with override_settings(PASSWORD_HASHERS=[quick, *settings.PASSWORD_HASHERS]):
        yield


class StillClock:
    """A clock that shows one moment, half-way through an hour."""

    @staticmethod
    def now():
        return datetime.datetime(2026, 1, 1, 12, 30, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def throttle_windows_hold_still(monkeypatch):
    """The throttles count attempts in windows that start on the wall clock (every minute, five or ten minutes): a
    test whose requests straddled a window's start would see its count begin again, a few times in a thousand runs.
    In the tests the throttles' clock stands still; the test of a new window moves it itself."""
    monkeypatch.setattr(throttle, "timezone", StillClock)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Files uploaded in a test (documents) go to the test's own folder, never into the project's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty page cache."""
    cache.clear()


@pytest.fixture(autouse=True)
def in_english():
    """Each test starts in English: a request under /fr/ or /nl/ leaves its language active in the thread, and the
    next test's reverse() would give /nl/ addresses (and fixtures would be loaded as Dutch texts)."""
    with translation.override("en"):
        yield


@dataclass
class Mailbox:
    """A real SMTP server on 127.0.0.1 (aiosmtpd) and the mails it received, parsed."""

    host: str
    port: int
    messages: list

    @property
    def url(self):
        return f"smtp://{self.host}:{self.port}"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def refused_port():
    """A port of 127.0.0.1 where connections are refused for the whole test: bound and never listening, so that no
    server started meanwhile (by this run or the other database's, beside it) can take it."""
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        yield held.getsockname()[1]


@pytest.fixture
def smtp_server():
    """An SMTP server on a free port of 127.0.0.1 for the test, stopped after it; `messages` fills as mails arrive."""
    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self):
            self.messages = []

        async def handle_DATA(self, server, session, envelope):
            self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
            return "250 Message accepted for delivery"

    # aiosmtpd logs each connection at INFO from its own thread, which can outlive the test's captured output.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield Mailbox(controller.hostname, controller.port, handler.messages)
    controller.stop()


@pytest.fixture
def send_email_to(settings):
    """Point Django's email at an EMAIL_URL, read as production reads it (the test runner's default is memory)."""

    def use(url):
        for name, value in environ.Env.email_url_config(url).items():
            setattr(settings, name, value)
        settings.EMAIL_CONFIGURED = True
        settings.EMAIL_TIMEOUT = 5

    return use


@pytest.fixture
def mail_on(settings):
    """This server sends mail (into pytest-django's outbox): the join page mails confirmation links only then."""
    settings.EMAIL_CONFIGURED = True


@dataclass
class ObjectStore:
    """A real S3 API server on 127.0.0.1 (moto's standalone server) with one empty bucket, and the environment that
    points the app's storage at it (docs/operators.md, Files)."""

    endpoint: str
    bucket: str = "conference-files"
    key_id: str = "test-key"
    secret: str = "test-secret"  # the throwaway server's

    @property
    def env(self):
        return {
            "DJANGO_STORAGE": "s3",
            "DJANGO_S3_BUCKET": self.bucket,
            "DJANGO_S3_ENDPOINT_URL": self.endpoint,
            "DJANGO_S3_REGION": "us-east-1",
            "DJANGO_S3_ACCESS_KEY_ID": self.key_id,
            "DJANGO_S3_SECRET_ACCESS_KEY": self.secret,
        }

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=self.key_id,
            aws_secret_access_key=self.secret,
        )

    def keys(self):
        """The keys of every object in the bucket."""
        listed = self.client().list_objects_v2(Bucket=self.bucket)
        return sorted(item["Key"] for item in listed.get("Contents", []))


@pytest.fixture
def s3_server(tmp_path):
    """moto's standalone S3 server on a free port of 127.0.0.1 for the test (its own process), stopped after it by
    its PID."""
    import subprocess
    import sys
    import time
    import urllib.request

    port = free_port()
    command = [str(Path(sys.executable).parent / "moto_server"), "-H", "127.0.0.1", "-p", str(port)]
    with (tmp_path / "moto.log").open("ab") as log:
        server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
    store = ObjectStore(f"http://127.0.0.1:{port}")
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(store.endpoint + "/", timeout=2):  # noqa: S310 (our own server)
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp_path / "moto.log").read_text()) from None
                time.sleep(0.1)  # waiting for a server to listen, not timing the test
        store.client().create_bucket(Bucket=store.bucket)
        yield store
    finally:
        server.terminate()
        server.wait(timeout=10)
