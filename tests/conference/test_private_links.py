"""A valid private link always opens, whatever the misses from its address (finding 2 of "Venue-proof II"): 20 unknown
/moderate/ links from the venue's one address made every facilitator link, valid ones included, answer 429 for ten
minutes. Every kind of link follows one rule (conference.links.find_link)."""

import pytest
from django.test import Client

from conference import links
from conference.models import Country, Participant
from groups.live import services as live_services
from groups.models import Breakout
from groups.reports import services as report_services
from sessions.models import Session

pytestmark = pytest.mark.django_db

VENUE = "203.0.113.10"


@pytest.fixture
def private_links(caribbean):
    """{kind: (valid address, unknown address pattern)} for a facilitator's and a rapporteur's link."""
    barbados = Country.objects.get(conference=caribbean, code="BB")
    fay = Participant.objects.create(conference=caribbean, full_name="Fay Facilitator", country=barbados)
    ann = Participant.objects.create(conference=caribbean, full_name="Ann Rapporteur", country=barbados)
    session = Session.objects.get(conference=caribbean, number=1)
    breakout = Breakout.objects.get(session=session, group__country_places__country=barbados)
    facilitator = live_services.nominate_facilitator(session=session, participant=fay)
    rapporteur = report_services.nominate_rapporteur(breakout=breakout, participant=ann)
    return {
        "facilitator": (f"/moderate/{facilitator.token}/", "/moderate/typo-{}/"),
        "rapporteur": (f"/report/{rapporteur.token}/", "/report/typo-{}/"),
    }


def test_the_limit_is_sized_for_a_venue_behind_one_address():
    assert (links.MISS_LIMIT, links.MISS_WINDOW_SECONDS) == (200, 600)


@pytest.mark.parametrize("kind", ["facilitator", "rapporteur"])
def test_25_typos_from_one_address_then_the_valid_link_opens(private_links, kind):
    valid, unknown = private_links[kind]
    venue = Client(REMOTE_ADDR=VENUE)
    assert [venue.get(unknown.format(n)).status_code for n in range(25)] == [404] * 25
    assert venue.get(valid).status_code == 200


@pytest.mark.parametrize("kind", ["facilitator", "rapporteur"])
def test_past_the_limit_only_unknown_links_are_refused(private_links, kind, monkeypatch):
    monkeypatch.setattr(links, "MISS_LIMIT", 5)
    valid, unknown = private_links[kind]
    venue = Client(REMOTE_ADDR=VENUE)
    assert [venue.get(unknown.format(n)).status_code for n in range(5)] == [404] * 5
    refused = venue.get(unknown.format("more"))
    assert (refused.status_code, refused["Retry-After"], refused.context["title"]) == (429, "600", "Too many attempts")
    assert "A correct link always opens." in refused.content.decode()
    assert venue.get(valid).status_code == 200
    assert Client(REMOTE_ADDR="198.51.100.7").get(unknown.format("elsewhere")).status_code == 404


def test_misses_of_every_kind_of_link_count_together(private_links, monkeypatch):
    monkeypatch.setattr(links, "MISS_LIMIT", 4)
    venue = Client(REMOTE_ADDR=VENUE)
    statuses = [venue.get(f"/moderate/typo-{n}/").status_code for n in range(2)]
    statuses += [venue.get(f"/report/typo-{n}/").status_code for n in range(2)]
    statuses += [venue.get("/moderate/typo-5/").status_code, venue.get("/report/typo-5/").status_code]
    assert statuses == [404, 404, 404, 404, 429, 429]
    assert [venue.get(valid).status_code for valid, _unknown in private_links.values()] == [200, 200]
