"""With the database down, every page and endpoint answers 503 with Retry-After and the site's own page (JSON for the
live pages' scripts), and the site recovers by itself (point 7 of "Venue-proof II": every page was a plain 500)."""

import contextlib
import json

import pytest
from django.db import InterfaceError, OperationalError, connection
from django.test import Client
from django.urls import reverse
from lxml import html

from conference.models import Country, Participant
from groups.live import services as live_services
from groups.models import Breakout
from groups.reports import services as report_services
from sessions.models import Session

pytestmark = pytest.mark.django_db

# Statements that end or undo a transaction still run: the test's own transaction must survive the outage.
TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE", "ROLLBACK")


@contextlib.contextmanager
def database_down(error=OperationalError):
    """Every query fails as it does when the database server is stopped."""

    def fail(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(TRANSACTION_CONTROL):
            return execute(sql, params, many, context)
        raise error("could not connect to server: Connection refused")

    with connection.execute_wrapper(fail):
        yield


@pytest.fixture
def addresses(caribbean):
    """{name: address} of pages and endpoints of every kind: public, live, private links, the organisers'."""
    barbados = Country.objects.get(conference=caribbean, code="BB")
    person = Participant.objects.create(conference=caribbean, full_name="Fay", country=barbados)
    session = Session.objects.get(conference=caribbean, number=1)
    breakout = Breakout.objects.get(session=session, group__country_places__country=barbados)
    facilitator = live_services.nominate_facilitator(session=session, participant=person)
    rapporteur = report_services.nominate_rapporteur(breakout=breakout, participant=person)
    in_session = {"conference": "caribbean", "number": 1}
    return {
        "programme": reverse("conference:programme", kwargs={"conference": "caribbean"}),
        "group": reverse("groups:detail", kwargs={"conference": "caribbean", "number": breakout.group.number}),
        "join": reverse("groups:join", kwargs={"conference": "caribbean"}),
        "questions": reverse("live:questions", kwargs=in_session),
        "screen": reverse("live:screen", kwargs=in_session),
        "facilitator": f"/moderate/{facilitator.token}/",
        "rapporteur": f"/report/{rapporteur.token}/",
        "console": reverse("organisers:home", kwargs={"conference": "caribbean"}),
        "admin": "/admin/conference/participant/",
    }


def assert_outage_page(response):
    assert (response.status_code, response["Retry-After"], response["Content-Type"]) == (
        503,
        "30",
        "text/html; charset=utf-8",
    )
    assert "no-store" in response["Cache-Control"]
    page = html.fromstring(response.content)
    assert [h1.text_content() for h1 in page.cssselect("h1")] == ["Back in a moment"]
    assert page.cssselect("link[rel=stylesheet]")  # the site's own page, not a bare error


@pytest.mark.parametrize(
    "page", ["programme", "group", "join", "questions", "screen", "facilitator", "rapporteur", "console", "admin"]
)
@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_every_page_answers_503_with_retry_after_while_the_database_is_down(addresses, organiser_client, page, error):
    with database_down(error):
        assert_outage_page(organiser_client.get(addresses[page]))
    assert organiser_client.get(addresses[page]).status_code == 200  # back by itself


def test_an_anonymous_visitor_gets_the_same_page(addresses):
    with database_down():
        assert_outage_page(Client().get(addresses["programme"]))


def test_the_live_scripts_get_json_503(addresses, client):
    in_session = {"conference": "caribbean", "number": 1}
    with database_down():
        updates = client.get(reverse("live:updates", kwargs=in_session), headers={"Accept": "application/json"})
        vote = client.post(
            reverse("live:vote", kwargs=in_session), {"question": "1"}, headers={"Accept": "application/json"}
        )
        form = client.post(addresses["join"], {"full_name": "Pat"})
    for response in (updates, vote):
        assert (response.status_code, response["Retry-After"], response["Content-Type"]) == (
            503,
            "30",
            "application/json",
        )
        assert json.loads(response.content) == {
            "status": "unavailable",
            "message": "The site cannot reach its database just now. Please try again in a minute.",
        }
    assert_outage_page(form)


def test_other_errors_are_still_server_errors(addresses, client, monkeypatch):
    from conference import middleware

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(middleware, "outage_response", broken)  # never reached for other errors
    client.raise_request_exception = False
    with database_down(ValueError):
        response = client.get(addresses["programme"])
    assert response.status_code == 500
