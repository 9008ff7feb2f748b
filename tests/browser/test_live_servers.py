"""Two app servers on two ports sharing one PostgreSQL, as behind a load balancer: a question the facilitator approves
and picks through one appears on the other's projector screen within 5 s. Nothing of the live pages lives in a
server's memory, so it does not matter which server a phone, the facilitator or the screen reaches.

PostgreSQL only (the servers are separate gunicorn processes; SQLite's test database is not made for that).
"""

import os
import sys
from pathlib import Path

import pytest
from django.db import connection
from playwright.sync_api import expect

from benchmarks.server import gunicorn
from conference.models import Country, Participant
from groups.live import services
from groups.live.models import AudienceQuestion
from sessions.models import SegmentKind, Session

from .conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

ASKED = "Which server answers this question?"


def database_url():
    settings = connection.settings_dict
    user = settings["USER"] + (f":{settings['PASSWORD']}" if settings["PASSWORD"] else "")
    return f"postgres://{user}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"


@pytest.fixture
def two_servers(loaded, tmp_path):
    """Two gunicorn servers of the app on the test database (its own processes: no memory shared with this one)."""
    if connection.vendor != "postgresql":
        pytest.skip("two app servers need PostgreSQL (run with DATABASE_URL=postgres://…, as .ci/test does)")
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_") and key != "CACHE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="conference.settings", DATABASE_URL=database_url(), DJANGO_LOG_LEVEL="WARNING")
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
