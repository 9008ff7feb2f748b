"""A group's breakout notes open only through the group's private link (shown in the room), never to any visitor;
the rapporteur and the facilitator hide points, which then reach neither the rapporteur's form nor the outcome."""

import datetime
import io

import docx
import pytest
from django.test import Client
from django.utils import timezone
from lxml import html

from conference import links
from conference.models import Country, Participant
from groups.live import services
from groups.live.models import BreakoutPoint, NotesLink
from groups.models import Breakout
from groups.reports import services as report_services

pytestmark = pytest.mark.django_db

KEYLESS = "/caribbean/groups/1/sessions/1/notes/"


@pytest.fixture
def breakout(caribbean):
    return Breakout.objects.get(session__conference=caribbean, session__number=1, group__number=1)


def points_on(response):
    return [el.text for el in html.fromstring(response.content).cssselect(".live-point-text")]


def test_without_the_key_a_visitor_neither_reads_nor_writes_the_notes(breakout):
    question = breakout.questions.first()
    BreakoutPoint.objects.create(question=question, text="Known only to the room")
    visitor = Client()
    read = visitor.get(KEYLESS)
    written = visitor.post(KEYLESS, {"question": question.pk, "text": "Planted from outside"})
    guessed = visitor.post("/notes/a-guessed-key/", {"question": question.pk, "text": "Planted from outside"})
    assert (read.status_code, written.status_code, guessed.status_code) == (404, 404, 404)
    assert b"Known only to the room" not in read.content + guessed.content
    assert list(BreakoutPoint.objects.values_list("text", flat=True)) == ["Known only to the room"]


def test_with_the_key_the_room_reads_and_writes(breakout):
    link = services.notes_link(breakout=breakout)
    address = f"/notes/{link.token}/"
    question = breakout.questions.first()
    member = Client()
    page = member.get(address)
    assert (page.status_code, page["X-Robots-Tag"], page["Referrer-Policy"]) == (
        200,
        "noindex, nofollow",
        "same-origin",
    )
    added = member.post(address, {"question": question.pk, "text": "Share microdata safely"})
    assert (added.status_code, added["Location"]) == (302, f"{address}#question-{question.pk}")
    assert points_on(member.get(address)) == ["Share microdata safely"]


def test_one_link_per_breakout_made_once_and_unguessable(caribbean, breakout):
    first = services.notes_link(breakout=breakout)
    other = Breakout.objects.get(session__conference=caribbean, session__number=1, group__number=2)
    links_ = services.notes_links(breakouts=[breakout, other])
    assert (links_[breakout.pk], NotesLink.objects.count(), len(first.token)) == (first, 2, 43)
    assert links_[other.pk].token != first.token


def test_a_revoked_or_expired_link_no_longer_opens_and_a_new_one_is_made(caribbean, breakout):
    old = services.notes_link(breakout=breakout)
    NotesLink.objects.filter(pk=old.pk).update(revoked_at=timezone.now())
    assert Client().get(f"/notes/{old.token}/").status_code == 410
    new = services.notes_link(breakout=breakout)
    assert new.token != old.token
    assert Client().get(f"/notes/{new.token}/").status_code == 200
    caribbean.end_date = timezone.localdate() - datetime.timedelta(days=2)
    caribbean.start_date = caribbean.end_date
    caribbean.save()
    assert Client().get(f"/notes/{new.token}/").status_code == 410


def test_guessing_notes_links_is_slowed_down_but_the_real_link_always_opens(client, breakout, monkeypatch):
    monkeypatch.setattr(links, "MISS_LIMIT", 5)
    for n in range(5):
        assert client.get(f"/notes/guess-{n}/").status_code == 404
    response = client.get("/moderate/guess-more/")  # one rule for every kind of private link
    assert (response.status_code, response["Retry-After"]) == (429, "600")
    assert client.get("/notes/guess-again/").status_code == 429
    assert client.get(f"/notes/{services.notes_link(breakout=breakout).token}/").status_code == 200


@pytest.fixture
def rapporteur(breakout):
    ann = Participant.objects.create(
        conference=breakout.session.conference,
        full_name="Ann Example",
        country=Country.objects.get(conference=breakout.session.conference, code="JM"),
    )
    return report_services.nominate_rapporteur(breakout=breakout, participant=ann)


@pytest.fixture
def three_points(breakout):
    """Three points under the breakout's first question, each from another phone."""
    question = breakout.questions.get(position=1)
    return [
        services.add_point(question=question, text=text, device=f"{n:032x}")
        for n, text in enumerate(["Keep registers current", "Off-topic advert", "Name and shame an office"])
    ]


def form_points(client, rapporteur):
    page = html.fromstring(client.get(f"/report/{rapporteur.token}/").content)
    return [button.get("data-insert-text") for button in page.cssselect(".live-insert")]


def test_the_rapporteur_hides_a_point_and_it_leaves_the_form_and_the_notes(client, rapporteur, three_points):
    keep, advert, _shame = three_points
    hide_url = f"/report/{rapporteur.token}/points/hide/"
    assert form_points(client, rapporteur) == [
        "- Keep registers current",
        "- Off-topic advert",
        "- Name and shame an office",
    ]
    response = client.post(hide_url, {"point": advert.pk})
    assert (response.status_code, response["Location"]) == (302, f"/report/{rapporteur.token}/")
    scripted = client.post(hide_url, {"point": keep.pk}, HTTP_ACCEPT="application/json")
    assert (scripted.status_code, scripted.json()["status"]) == (200, "hidden")
    assert form_points(client, rapporteur) == ["- Name and shame an office"]
    notes = Client().get(f"/notes/{services.notes_link(breakout=rapporteur.breakout).token}/")
    assert points_on(notes) == ["Name and shame an office"]


def test_a_rapporteur_cannot_hide_another_groups_point(client, rapporteur, caribbean):
    other = Breakout.objects.get(session__conference=caribbean, session__number=1, group__number=2)
    point = services.add_point(question=other.questions.first(), text="Group 2's point")
    response = client.post(f"/report/{rapporteur.token}/points/hide/", {"point": point.pk})
    assert response.status_code == 302
    assert BreakoutPoint.objects.visible().get() == point
    assert client.post("/report/not-a-key/points/hide/", {"point": point.pk}).status_code == 404


def test_the_facilitator_hides_a_point_from_the_moderation_page(client, breakout, three_points, caribbean):
    barbados = Country.objects.get(conference=caribbean, code="BB")
    fay = Participant.objects.create(conference=caribbean, full_name="Fay Facilitator", country=barbados)
    facilitator = services.nominate_facilitator(session=breakout.session, participant=fay)
    address = f"/moderate/{facilitator.token}/"
    before = client.get(address)
    shown = html.fromstring(before.content).cssselect("[data-point-id] .live-point-text")
    assert [element.text for element in shown] == [
        "Keep registers current",
        "Off-topic advert",
        "Name and shame an office",
    ]
    response = client.post(address, {"action": "hide_point", "point": three_points[2].pk})
    assert response.status_code == 302
    after = client.get(address, HTTP_IF_NONE_MATCH=before["ETag"])  # hiding a point changes the facilitator's page
    shown = html.fromstring(after.content).cssselect("[data-point-id] .live-point-text")
    assert (after.status_code, [element.text for element in shown]) == (
        200,
        ["Keep registers current", "Off-topic advert"],
    )
    other_session = services.add_point(
        question=Breakout.objects.get(
            session__conference=caribbean, session__number=2, group__number=1
        ).questions.first(),
        text="Another session's point",
    )
    assert client.post(address, {"action": "hide_point", "point": other_session.pk}).status_code == 400
    assert client.post(address, {"action": "hide_point"}).status_code == 400
    assert list(BreakoutPoint.objects.exclude(hidden_at=None)) == [three_points[2]]


def test_hidden_points_never_reach_the_outcome(organiser_client, rapporteur, three_points):
    services.hide_points(points=BreakoutPoint.objects.filter(pk__in=[three_points[1].pk, three_points[2].pk]))
    page = html.fromstring(organiser_client.get("/caribbean/organisers/outcome/", {"appendix": "1"}).content)
    appendix = page.xpath("//section[@class='outcome-appendix']")[0]
    assert [" ".join(li.text_content().split()) for li in appendix.xpath(".//li")] == ["Keep registers current"]
    markdown = organiser_client.get("/caribbean/organisers/outcome.md", {"appendix": "1"}).content.decode()
    document = docx.Document(
        io.BytesIO(organiser_client.get("/caribbean/organisers/outcome.docx", {"appendix": "1"}).content)
    )
    paragraphs = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert ("- Keep registers current" in markdown, "Keep registers current" in paragraphs) == (True, True)
    for hidden in ("Off-topic advert", "Name and shame an office"):
        assert (hidden in markdown, hidden in paragraphs) == (False, False)


def test_the_room_cards_and_the_breakout_screen_show_each_groups_notes_link(organiser_client, caribbean):
    cards = html.fromstring(organiser_client.get("/caribbean/organisers/sessions/1/cards/").content)
    links_ = {link.breakout.group.number: link for link in NotesLink.objects.select_related("breakout__group")}
    assert sorted(links_) == [1, 2, 3, 4]
    assert [card.cssselect(".card-url")[0].text for card in cards.cssselect(".room-card")] == [
        f"http://testserver/notes/{links_[number].token}/" for number in (1, 2, 3, 4)
    ]
    assert all(card.cssselect(".card-qr svg") for card in cards.cssselect(".room-card"))
    screen = html.fromstring(organiser_client.get("/caribbean/organisers/sessions/1/screen/").content)
    titles = [panel.cssselect(".plenary-notes-qr svg title")[0].text for panel in screen.cssselect(".plenary-group")]
    assert titles == [f"http://testserver/notes/{links_[number].token}/" for number in (1, 2, 3, 4)]
    assert NotesLink.objects.count() == 4  # shown again, the same links
