"""Votes and questions that reflect the room: one machine that drops its device cookie before every vote (a new
identity each time) is held to the new-phone limit of its address, and the facilitator sees, and can discount, a
question's votes when one address casts most of them."""

import json

import pytest
from django.test import Client, RequestFactory
from lxml import html

from groups.live import limits, services, views
from groups.live.device import COOKIE
from groups.live.models import AudienceQuestion, LiveSession, Vote
from groups.reports.outcome import compile_appendix

from .conftest import QUESTIONS, SCREEN, UPDATES, VOTE

pytestmark = pytest.mark.django_db

LAPTOP = "198.51.100.66"
NEW_PHONES = "Many phones on your network have joined in the last minute. Reload this page in a minute to take "
NEW_PHONES += "part; what you typed is kept, and you can read the page meanwhile."


@pytest.fixture(autouse=True)
def fresh_snapshots(monkeypatch):
    monkeypatch.setattr(views, "SNAPSHOT_SECONDS", 0)


def messages_of(response):
    return [" ".join(m.text_content().split()) for m in html.fromstring(response.content).cssselect(".alert")]


def fresh_vote(question, address=LAPTOP):
    """A browser without cookies opens the questions page, then votes as the page's script does: (page, answer)."""
    phone = Client(REMOTE_ADDR=address)
    page = phone.get(QUESTIONS)
    return page, phone.post(VOTE, {"question": question.pk}, HTTP_ACCEPT="application/json")


def test_fresh_cookie_votes_from_one_address_are_refused_beyond_the_new_phone_limit(unmoderated):
    question = services.ask(session=unmoderated, text="Stuffed?")
    answers = [fresh_vote(question) for _ in range(100)]
    counted = [answer.json()["status"] for _page, answer in answers].count("voted")
    assert counted == 60
    assert LiveSession().new_phones_per_minute == 60  # the default a session starts with
    page, refused = answers[60]
    assert COOKIE not in page.cookies  # no new identity for the 61st phone this minute
    assert messages_of(page) == [NEW_PHONES]
    assert (refused.status_code, refused.json(), refused["Retry-After"]) == (
        429,
        {"status": "limited", "message": NEW_PHONES, "votes": 60},
        "60",
    )
    assert Vote.objects.count() == 60
    # Another network still joins; and a phone that joined before the flood votes as ever.
    assert fresh_vote(question, address="203.0.113.9")[1].json()["status"] == "voted"
    assert Vote.objects.filter(question=question).count() == 61


def test_fresh_cookie_questions_from_one_address_are_refused_beyond_the_sessions_limit(open_session):
    LiveSession.objects.filter(session=open_session).update(new_phones_per_minute=3)
    statuses = []
    for n in range(5):
        phone = Client(REMOTE_ADDR=LAPTOP)
        phone.get(QUESTIONS)
        response = phone.post(QUESTIONS, {"text": f"Flood {n}?"})
        statuses.append(response.status_code)
    assert statuses == [302, 302, 302, 429, 429]
    assert messages_of(response) == [NEW_PHONES]
    [kept] = html.fromstring(response.content).xpath("//textarea[@name='text']")
    assert kept.text.strip() == "Flood 4?"
    assert list(AudienceQuestion.objects.values_list("text", flat=True)) == ["Flood 0?", "Flood 1?", "Flood 2?"]


def test_a_sessions_own_vote_limit_per_address(unmoderated):
    LiveSession.objects.filter(session=unmoderated).update(votes_per_address=2)
    question = services.ask(session=unmoderated, text="Popular?")
    statuses = [fresh_vote(question)[1].status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_a_vote_keeps_a_keyed_hash_of_its_address_never_the_address(unmoderated):
    question = services.ask(session=unmoderated, text="Where from?")
    fresh_vote(question)
    fresh_vote(question)
    fresh_vote(question, address="203.0.113.9")
    addresses = list(Vote.objects.order_by("pk").values_list("address", flat=True))
    request = RequestFactory().get("/", REMOTE_ADDR=LAPTOP)
    assert addresses[0] == addresses[1] == limits.address_hash(request) != addresses[2]
    assert [len(a) for a in addresses] == [32, 32, 32]
    assert all(set(a) <= set("0123456789abcdef") for a in addresses)
    assert LAPTOP not in addresses[0]


def stuff(question, *, own, others):
    """`own` votes from one address and `others` from as many different ones, straight through the service."""
    for n in range(own):
        services.vote(question=question, device=f"{question.pk:08x}{n:024x}", address="a" * 32)
    for n in range(others):
        services.vote(question=question, device=f"{question.pk:08x}{n + own:024x}", address=f"{n:032x}")


def board_of(client, moderate_url):
    page = html.fromstring(client.get(moderate_url).content)
    rows = []
    for item in page.cssselect("section[aria-labelledby='shown-heading'] li.live-moderated"):
        warning = item.cssselect("[data-vote-warning]")
        discounted = item.cssselect("[data-discounted]")
        buttons = [button.text for button in item.cssselect("button")]
        rows.append(
            (
                item.cssselect(".live-question-text")[0].text,
                " ".join(warning[0].text_content().split()) if warning else "",
                discounted[0].text if discounted else "",
                buttons,
            )
        )
    return rows


def test_the_facilitator_sees_one_address_casting_most_votes_and_discounts_them(client, unmoderated, moderate_url):
    stuffed = services.ask(session=unmoderated, text="Stuffed?")
    liked = services.ask(session=unmoderated, text="Liked?")
    stuff(stuffed, own=25, others=5)
    stuff(liked, own=0, others=20)
    warning = (
        "25 of its 30 votes came from one network address. That can be the venue’s Wi-Fi, but also one device "
        "sending votes under ever-new identities: if the count looks wrong for the room, discount them."
    )
    assert board_of(client, moderate_url) == [
        ("Stuffed?", warning, "", ["Answer now", "Mark answered", "Discount them", "Hide"]),
        ("Liked?", "", "", ["Answer now", "Mark answered", "Hide"]),
    ]
    assert LAPTOP not in client.get(moderate_url).content.decode()

    response = client.post(moderate_url, {"action": "discount", "question": stuffed.pk})
    assert (response.status_code, response["Location"]) == (302, moderate_url)
    assert messages_of(client.get(moderate_url)) == ["25 votes from one network no longer count."]
    assert board_of(client, moderate_url) == [
        ("Liked?", "", "", ["Answer now", "Mark answered", "Hide"]),
        (
            "Stuffed?",
            "",
            "25 discounted votes do not count.",
            ["Answer now", "Mark answered", "Count them again", "Hide"],
        ),
    ]
    assert Vote.objects.filter(question=stuffed).count() == 30  # kept, for the organisers

    # Everywhere the votes show, they count 5 now: the phones' list and its JSON, the screen, the outcome.
    phone = Client()
    page = html.fromstring(phone.get(QUESTIONS).content)
    assert [
        (li.cssselect(".live-question-text")[0].text, li.cssselect(".live-vote-count")[0].text)
        for li in page.cssselect("[data-question-id]")
        if li.get("data-question-id") != "0"
    ] == [("Liked?", "20 votes"), ("Stuffed?", "5 votes")]
    listed = json.loads(phone.get(UPDATES).content)["questions"]
    assert [(q["text"], q["votes"]) for q in listed] == [("Liked?", 20), ("Stuffed?", 5)]
    screen = html.fromstring(phone.get(SCREEN).content)
    assert [li.cssselect(".live-screen-votes")[0].text for li in screen.cssselect("li[data-question-id]")] == [
        "20",
        "5",
    ]
    services.mark_answered(question=stuffed)
    assert [q.vote_count for q in AudienceQuestion.objects.for_appendix([unmoderated])] == [5]
    [session_appendix] = compile_appendix(unmoderated.conference)
    assert [line for _question, line in session_appendix.questions] == ["5 votes"]

    services.approve(questions=AudienceQuestion.objects.filter(pk=stuffed.pk))
    client.post(moderate_url, {"action": "count_again", "question": stuffed.pk})
    assert messages_of(client.get(moderate_url)) == ["25 votes count again."]
    assert [row[:3] for row in board_of(client, moderate_url)] == [("Stuffed?", warning, ""), ("Liked?", "", "")]


def test_no_warning_below_twenty_votes_or_at_half(client, unmoderated, moderate_url):
    few = services.ask(session=unmoderated, text="Few?")
    half = services.ask(session=unmoderated, text="Half?")
    stuff(few, own=19, others=0)
    stuff(half, own=15, others=15)
    assert [(row[0], row[1]) for row in board_of(client, moderate_url)] == [("Half?", ""), ("Few?", "")]


def test_discounting_takes_the_address_with_most_votes_and_nothing_without_votes(unmoderated):
    empty = services.ask(session=unmoderated, text="Nobody?")
    assert services.discount_top_address(question=empty) == 0
    mixed = services.ask(session=unmoderated, text="Mixed?")
    stuff(mixed, own=4, others=3)
    assert services.discount_top_address(question=mixed) == 4
    assert (
        sorted(Vote.objects.filter(question=mixed).values_list("address", "discounted"))
        == [(f"{n:032x}", False) for n in range(3)] + [("a" * 32, True)] * 4
    )
    assert services.count_discounted_again(question=mixed) == 4
    assert Vote.objects.filter(discounted=True).count() == 0
