"""Two app servers on two ports sharing one PostgreSQL, as behind a load balancer: a question the facilitator approves
and picks through one appears on the other's projector screen within 5 s. Nothing of the live pages lives in a
server's memory, so it does not matter which server a phone, the facilitator or the screen reaches.

Each test runs with the servers' default cache (locmem://: each keeps its own) and once more sharing a real Redis
server (CACHE_URL=redis://…), as production runs them: the page one server cached is the one the other serves, and a
login lockout reached through one server holds on the other.

PostgreSQL only (the servers are separate gunicorn processes; SQLite's test database is not made for that); the Redis
runs need TEST_REDIS_URL, which .ci/test sets (.ci/with-redis starts a throwaway server).
"""

import http.client
import os
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from playwright.sync_api import expect

from benchmarks.server import gunicorn
from conference.models import Country, Participant
from groups.live import services
from groups.live.models import AudienceQuestion
from sessions.models import SegmentKind, Session

from .conftest import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)

ASKED = "Which server answers this question?"


def database_url():
    settings = connection.settings_dict
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{user}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@pytest.fixture(params=["locmem", "redis"])
def two_servers(request, loaded, tmp_path):
    """Two gunicorn servers of the app on the test database (its own processes: no memory shared with this one),
    each with its own cache (locmem) or both with one Redis server (redis)."""
    if connection.vendor != "postgresql":
        pytest.skip("two app servers need PostgreSQL (run with DATABASE_URL=postgres://…, as .ci/test does)")
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_") and key != "CACHE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="conference.settings", DATABASE_URL=database_url(), DJANGO_LOG_LEVEL="WARNING")
    if request.param == "redis":
        if not os.environ.get("TEST_REDIS_URL"):
            pytest.skip("the Redis runs need a Redis server: TEST_REDIS_URL=redis://… (.ci/test starts one)")
        # Every test's database starts again at content version 1: pages an earlier test cached must not be served.
        redis.Redis.from_url(os.environ["TEST_REDIS_URL"]).flushdb()
        env["CACHE_URL"] = os.environ["TEST_REDIS_URL"]
    assert Path(sys.executable).parent.joinpath("gunicorn").exists()
    with (
        gunicorn(env, tmp_path / "a.log", workers=1, threads=4, probe="/caribbean/") as (_a, port_a),
        gunicorn(env, tmp_path / "b.log", workers=1, threads=4, probe="/caribbean/") as (_b, port_b),
    ):
        yield f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"


def test_a_question_approved_through_one_server_appears_on_the_others_screen(browser, two_servers):
    server_a, server_b = two_servers
    session = Session.objects.get(number=1)
    services.open_asking(session=session, segment=session.segments.get(kind=SegmentKind.QUESTIONS))
    facilitator = Participant.objects.create(
        conference=session.conference, full_name="Fay Facilitator", country=Country.objects.get(code="BB")
    )
    nomination = services.nominate_facilitator(session=session, participant=facilitator)
    question = services.ask(session=session, text=ASKED)

    screen_context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=server_b)
    screen = screen_context.new_page()
    screen.goto("/caribbean/sessions/1/questions/screen/")
    expect(screen.locator(".live-screen-empty")).to_be_visible()

    phone_context = browser.new_context(viewport=PHONE, base_url=server_a)
    phone = phone_context.new_page()
    phone.goto(f"/moderate/{nomination.token}/")
    phone.locator(f"#m{question.pk}").get_by_role("button", name="Answer now").click()
    expect(phone.locator(".alert-success")).to_be_visible()
    assert AudienceQuestion.objects.get(pinned=True) == question

    expect(screen.locator("#screen-pinned")).to_have_text(ASKED, timeout=5_000)
    screen_context.close()
    phone_context.close()


def programme_title(server):
    """The first session's title as the programme page shows it, through `server`, asked for one public host name
    (as behind a load balancer: both servers answer for it, and it is in the page cache's keys). The servers' start-up
    probes asked for their own addresses, so no copy of theirs is served here."""
    address = urlsplit(server)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=10)
    try:
        path = reverse("pages:programme", kwargs={"conference": "caribbean"})
        connection.request("GET", path, headers={"Host": "localhost"})
        response = connection.getresponse()
        assert response.status == 200
        body = response.read().decode()
    finally:
        connection.close()
    return re.search(r'<h4 id="session-1"><a href="[^"]*">(.*?)</a></h4>', body).group(1)


@pytest.mark.parametrize("two_servers", ["redis"], indirect=True)
def test_a_page_one_server_cached_is_served_by_the_other_until_an_edit(two_servers):
    server_a, server_b = two_servers
    session = Session.objects.get(number=1)
    first = programme_title(server_a)
    # A change that raises no content version (a queryset update sends no signal): a server that builds the page
    # shows it, one serving the shared cache's copy does not.
    Session.objects.filter(pk=session.pk).update(title="Quietly renamed")
    assert programme_title(server_b) == first
    # One edit invalidates the page on both: the other server builds it, then the first serves that copy.
    session.refresh_from_db()
    session.title = "Renamed by the organisers"
    session.save()
    assert programme_title(server_b) == "Session 1: Renamed by the organisers"
    Session.objects.filter(pk=session.pk).update(title="Quietly renamed again")
    assert programme_title(server_a) == "Session 1: Renamed by the organisers"


@pytest.fixture
def staff_login(transactional_db, django_user_model):
    """A staff account whose password the app servers can check: hashed with Django's default hasher (not the tests'
    quick one, which only this process knows), in few rounds: the hash says how many, so each check is quick."""
    login = {"username": "staff", "password": "a-long-test-password"}
    hasher = PBKDF2PasswordHasher()
    password = hasher.encode(login["password"], hasher.salt(), iterations=1000)
    django_user_model.objects.create(username=login["username"], password=password, is_staff=True)
    return login


@pytest.mark.parametrize("two_servers", ["redis"], indirect=True)
def test_a_login_lockout_reached_through_one_server_holds_on_the_other(browser, two_servers, staff_login):
    server_a, server_b = two_servers
    page_a = browser.new_context(base_url=server_a).new_page()
    for _attempt in range(5):
        log_in(page_a, {**staff_login, "password": "a-wrong-password"})
        refused = page_a.locator(".errornote").or_(page_a.get_by_role("heading", name="Too many failed logins"))
        expect(refused).to_be_visible()
    page_b = browser.new_context(base_url=server_b).new_page()
    log_in(page_b, staff_login)
    expect(page_b.get_by_role("heading", level=1)).to_have_text("Too many failed logins")
