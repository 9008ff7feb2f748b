"""The live pages through HTTP, without JavaScript: asking, voting, the JSON the script reads, the screen, breakout
notes and the facilitator's link. Every refusal says why and keeps what was typed."""

import datetime
import gzip
import json

import pytest
from django.test import Client
from django.utils import timezone
from lxml import html

from conference import links
from conference.models import ContentVersion, Country, Participant
from groups.live import limits, services, views
from groups.live.device import COOKIE
from groups.live.models import AudienceQuestion, BreakoutPoint, LiveSession, QuestionStatus, Vote
from sessions.models import Contribution, Segment

from .conftest import NOTES, QUESTIONS, SCREEN, UPDATES, VOTE, make_questions

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_snapshots(monkeypatch):
    """The phones' list is checked against the database on every request here (in use, at most once a second)."""
    monkeypatch.setattr(views, "SNAPSHOT_SECONDS", 0)


def text_of(response):
    return " ".join(html.fromstring(response.content).text_content().split())


def field(response, name):
    [element] = html.fromstring(response.content).xpath("//*[@name=$name][self::input or self::textarea]", name=name)
    return (element.text or "").lstrip("\n") if element.tag == "textarea" else element.get("value", "")


def messages_of(response):
    return [" ".join(m.text_content().split()) for m in html.fromstring(response.content).cssselect(".alert")]


# Asking -------------------------------------------------------------------------------------------------------------


def test_the_page_gives_the_phone_its_device_cookie_and_says_when_questions_open(client, scheduled):
    response = client.get(QUESTIONS)
    assert response.status_code == 200
    cookie = response.cookies[COOKIE]
    assert (cookie["httponly"], cookie["samesite"], cookie["max-age"]) == (True, "Lax", 365 * 24 * 3600)
    assert "no-store" in response["Cache-Control"]
    page = text_of(response)
    assert "Questions are not open now" in page
    # The programme gives clock times: the questions for clarification and the general discussion show them, a window
    # of start times never read as the segment's own span (presentations before them take 15–20 minutes each).
    assert [
        " ".join(li.text_content().split()) for li in html.fromstring(response.content).cssselect(".live-times li")
    ] == [
        "Questions for clarification: Starts 09:30–09:40, ends 09:45–09:55 (15 minutes)",
        "General discussion: Starts 10:50–11:20, ends 11:20–11:50 (30 minutes)",
    ]
    assert client.get(QUESTIONS).cookies.get(COOKIE) is None  # given once


def test_asking_when_open(phone, open_session):
    response = phone.post(
        QUESTIONS, {"text": " What about  small offices? ", "asked_by": "Bob\n Smith", "affiliation": "Jamaica"}
    )
    assert (response.status_code, response["Location"]) == (302, QUESTIONS)
    question = AudienceQuestion.objects.get()
    assert (question.text, question.asked_by, question.affiliation, question.status) == (
        "What about  small offices?",
        "Bob Smith",
        "Jamaica",
        QuestionStatus.PENDING,
    )
    page = phone.get(QUESTIONS)
    assert messages_of(page) == ["Thank you: your question is sent. It shows once the facilitator approves it."]
    assert [li.text for li in html.fromstring(page.content).cssselect("[data-waiting-id]")] == [
        "What about  small offices?"
    ]
    assert "What about" not in text_of(Client().get(QUESTIONS))  # not shown to others before approval


def test_asking_a_contributor(phone, unmoderated):
    contributor = Contribution.objects.filter(segment__session=unmoderated).first().participant
    options = html.fromstring(phone.get(QUESTIONS).content).xpath("//select[@name='addressee']/option/text()")
    assert options == ["The floor (anyone)", "Cara Contributor", "Pat Presenter"]
    phone.post(QUESTIONS, {"text": "How?", "addressee": contributor.pk})
    page = phone.get(QUESTIONS)
    assert text_of(page).count("To Cara Contributor") == 1
    assert messages_of(page) == ["Thank you: your question is sent and shows in the list."]


def test_to_names_every_contributor_of_the_sessions_presentations_and_no_one_else(phone, unmoderated):
    jamaica = Country.objects.get(code="JM")
    second = Participant.objects.create(conference=unmoderated.conference, full_name="Bea Second", country=jamaica)
    elsewhere = Participant.objects.create(
        conference=unmoderated.conference, full_name="Eli Elsewhere", country=jamaica
    )
    Contribution.objects.create(segment=unmoderated.segments.get(position=1), participant=second, position=2)
    Contribution.objects.create(segment=Segment.objects.get(session__number=2, position=1), participant=elsewhere)
    options = html.fromstring(phone.get(QUESTIONS).content).xpath("//select[@name='addressee']/option/text()")
    assert options == ["The floor (anyone)", "Bea Second", "Cara Contributor", "Pat Presenter"]
    # Someone who presents in another session only is not a choice here, even when posted by hand.
    response = phone.post(QUESTIONS, {"text": "Why?", "addressee": elsewhere.pk})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "addressee": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert not AudienceQuestion.objects.exists()


def test_a_question_to_someone_no_longer_a_contributor_keeps_their_name(phone, unmoderated, moderate_url, client):
    cara = Participant.objects.get(full_name="Cara Contributor")
    phone.post(QUESTIONS, {"text": "How?", "addressee": cara.pk})
    Contribution.objects.filter(participant=cara).delete()
    options = html.fromstring(phone.get(QUESTIONS).content).xpath("//select[@name='addressee']/option/text()")
    assert options == ["The floor (anyone)", "Pat Presenter"]
    assert text_of(phone.get(QUESTIONS)).count("To Cara Contributor") == 1
    services.pin(question=AudienceQuestion.objects.get())
    assert text_of(Client().get(SCREEN)).count("To Cara Contributor") == 1
    assert text_of(Client().get(moderate_url)).count("To Cara Contributor") == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "x" * 301}, "Keep it to 300 characters: this has 301."),
        ({"text": "   "}, "Type your question first."),
        ({"text": "Why?", "asked_by": "n" * 81}, "Keep it to 80 characters: this has 81."),
        ({"text": "Why?", "affiliation": "a" * 101}, "Keep it to 100 characters: this has 101."),
        (
            {"text": "Why?", "addressee": "999999"},
            "Select a valid choice. That choice is not one of the available choices.",
        ),
        ({"text": "Why\x00?"}, "Null characters are not allowed."),
    ],
)
def test_refused_questions_say_why_and_keep_the_text(phone, open_session, data, message):
    response = phone.post(QUESTIONS, data)
    assert response.status_code == 200
    assert message in text_of(response)
    assert field(response, "text") == data["text"].replace("\x00", "\ufffd")
    assert AudienceQuestion.objects.count() == 0
    assert not html.fromstring(response.content).xpath("//textarea[@maxlength]")  # phones would cut a paste


def test_a_question_sent_after_asking_closed_is_kept(phone, open_session):
    services.close_asking(session=open_session)
    response = phone.post(QUESTIONS, {"text": "Just in time?"})
    assert response.status_code == 403
    assert messages_of(response) == [
        "The facilitator has closed the questions, so yours was not sent. It is kept below: ask it aloud, or send it "
        "when the questions open again."
    ]
    assert field(response, "text") == "Just in time?"
    assert AudienceQuestion.objects.count() == 0


def test_a_question_from_a_browser_without_cookies_is_kept(client, open_session):
    response = client.post(QUESTIONS, {"text": "No cookie?"})
    assert response.status_code == 403
    assert "Allow cookies for this site and send it again" in text_of(response)
    assert field(response, "text") == "No cookie?"
    assert COOKIE in response.cookies  # sending again works
    assert client.post(QUESTIONS, {"text": "No cookie?"}).status_code == 302


def test_a_phone_that_asks_too_often_waits(phone, open_session):
    for n in range(limits.ASK_PER_DEVICE.limit):
        assert phone.post(QUESTIONS, {"text": f"Question {n}?"}).status_code == 302
    response = phone.post(QUESTIONS, {"text": "One more?"})
    assert (response.status_code, response["Retry-After"]) == (429, "300")
    assert "You have sent the most questions this phone can send in 5 minutes" in text_of(response)
    assert field(response, "text") == "One more?"
    assert AudienceQuestion.objects.count() == limits.ASK_PER_DEVICE.limit


def test_a_network_that_asks_too_often_waits(open_session):
    LiveSession.objects.filter(session=open_session).update(questions_per_address=2)
    phones = [Client(REMOTE_ADDR="198.51.100.7") for _ in range(3)]
    statuses = []
    for n, phone in enumerate(phones):
        phone.get(QUESTIONS)
        statuses.append(phone.post(QUESTIONS, {"text": f"From phone {n}?"}).status_code)
    assert statuses == [302, 302, 429]
    other_network = Client(REMOTE_ADDR="203.0.113.9")
    other_network.get(QUESTIONS)
    assert other_network.post(QUESTIONS, {"text": "Elsewhere?"}).status_code == 302


def test_limits_let_a_room_of_300_behind_one_address_take_part(rf):
    """Every one of 300 phones on one venue Wi-Fi address asks a question and votes ten times in five minutes."""
    request = rf.post(QUESTIONS, REMOTE_ADDR="192.0.2.1")
    devices = [f"{n:032x}" for n in range(300)]
    live = LiveSession()  # the defaults a session starts with
    per_address = limits.ask_per_address(live)
    assert [limits.allow(request, d, limits.ASK_PER_DEVICE, per_address) for d in devices] == [None] * 300
    refused = {limits.allow(request, d, limits.VOTE_PER_DEVICE, limits.vote_per_address(live)) for d in devices * 10}
    assert refused == {None}


# Voting -------------------------------------------------------------------------------------------------------------


def test_voting_from_the_script(phone, unmoderated):
    question = services.ask(session=unmoderated, text="Vote?")
    answer = phone.post(VOTE, {"question": question.pk}, HTTP_ACCEPT="application/json")
    assert (answer.status_code, answer.json()) == (
        200,
        {"status": "voted", "message": "Your vote is counted.", "votes": 1},
    )
    again = phone.post(VOTE, {"question": question.pk}, HTTP_ACCEPT="application/json")
    assert again.json() == {"status": "already", "message": "You had already voted for this question.", "votes": 1}
    other = Client()
    other.get(QUESTIONS)
    assert other.post(VOTE, {"question": question.pk}, HTTP_ACCEPT="application/json").json()["votes"] == 2
    assert Vote.objects.count() == 2


def test_voting_without_javascript_goes_back_to_the_list(phone, unmoderated):
    question = services.ask(session=unmoderated, text="Vote?")
    response = phone.post(VOTE, {"question": question.pk})
    assert (response.status_code, response["Location"]) == (302, f"{QUESTIONS}#q{question.pk}")
    page = phone.get(QUESTIONS)
    assert messages_of(page) == ["Your vote is counted."]
    [button] = html.fromstring(page.content).cssselect(f"#q{question.pk} button")
    assert (button.text, button.get("disabled") is not None) == ("Voted", True)
    assert html.fromstring(page.content).cssselect(f"#q{question.pk} .live-vote-count")[0].text == "1 vote"


def test_refused_votes(phone, client, open_session, caribbean):
    pending = services.ask(session=open_session, text="Pending?")
    elsewhere = make_questions(caribbean.sessions.get(number=2), 1)[0]
    json_post = {"HTTP_ACCEPT": "application/json"}
    answer = phone.post(VOTE, {"question": pending.pk}, **json_post)
    assert (answer.status_code, answer.json()["status"]) == (409, "closed")
    for question in ("", "abc", elsewhere.pk, "999999"):
        answer = phone.post(VOTE, {"question": question}, **json_post)
        assert (answer.status_code, answer.json()["status"]) == (400, "invalid")
        assert answer.json()["message"]
    no_cookie = Client().post(VOTE, {"question": pending.pk}, **json_post)
    assert (no_cookie.status_code, no_cookie.json()["status"]) == (403, "no-device")
    assert phone.get(VOTE).status_code == 405
    assert Vote.objects.count() == 0


def test_a_phone_that_votes_too_often_waits(phone, unmoderated, monkeypatch):
    monkeypatch.setattr(limits, "VOTE_PER_DEVICE", limits.Limit("live-vote-device", 2, 60))
    questions = make_questions(unmoderated, 3)
    statuses = [phone.post(VOTE, {"question": q.pk}, HTTP_ACCEPT="application/json").status_code for q in questions]
    assert statuses == [200, 200, 429]
    response = phone.post(VOTE, {"question": questions[2].pk})  # without the script: back to the list, which says why
    assert (response.status_code, response["Location"]) == (302, f"{QUESTIONS}#q{questions[2].pk}")
    assert messages_of(phone.get(QUESTIONS)) == [
        "You have sent the most votes this phone can send in a minute. Wait a little and try again; what you typed is "
        "kept."
    ]


# The list the script reads ------------------------------------------------------------------------------------------


def test_the_script_reads_the_list_as_json_and_gets_304_until_it_changes(phone, unmoderated, facilitator):
    first = services.ask(session=unmoderated, text="First?", asked_by="Bob", affiliation="Jamaica")
    second = services.ask(session=unmoderated, text="Second?", addressee=facilitator)
    services.vote(question=second, device="a" * 32)
    services.pin(question=first)
    response = phone.get(UPDATES)
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {
        "asking": True,
        "segment": "Questions for clarification",
        "questions": [
            {
                "id": first.pk,
                "text": "First?",
                "to": "To the floor",
                "by": "Bob, Jamaica",
                "votes": 0,
                "pinned": True,
                "answered": False,
            },
            {
                "id": second.pk,
                "text": "Second?",
                "to": "To Fay Facilitator",
                "by": "",
                "votes": 1,
                "pinned": False,
                "answered": False,
            },
        ],
    }
    etag = response["ETag"]
    not_modified = phone.get(UPDATES, HTTP_IF_NONE_MATCH=etag)
    assert (not_modified.status_code, not_modified.content) == (304, b"")
    services.vote(question=second, device="b" * 32)
    changed = phone.get(UPDATES, HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert (changed.status_code, changed["Content-Encoding"]) == (200, "gzip")
    assert json.loads(gzip.decompress(changed.content))["questions"][1]["votes"] == 2
    assert changed["ETag"] != etag
    assert "Accept-Encoding" in changed["Vary"]
    assert Client().get("/caribbean/sessions/99/questions/updates/").status_code == 404


def test_a_pending_question_does_not_change_the_phones_list(phone, open_session):
    etag = phone.get(UPDATES)["ETag"]
    services.ask(session=open_session, text="Pending?")
    assert phone.get(UPDATES, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_list_may_be_a_second_behind_the_database(phone, unmoderated, monkeypatch):
    monkeypatch.setattr(views, "SNAPSHOT_SECONDS", 60)
    etag = phone.get(UPDATES)["ETag"]
    services.ask(session=unmoderated, text="New?")
    assert phone.get(UPDATES, HTTP_IF_NONE_MATCH=etag).status_code == 304  # the snapshot is still fresh
    monkeypatch.setattr(views, "SNAPSHOT_SECONDS", 0)
    assert phone.get(UPDATES, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_a_long_list_shows_fifty_on_the_page_and_all_on_request(phone, unmoderated):
    make_questions(unmoderated, views.PAGE_QUESTIONS + 1)
    page = html.fromstring(phone.get(QUESTIONS).content)
    assert len(page.cssselect("#live-questions > li")) == views.PAGE_QUESTIONS
    assert page.xpath("//a[text()='Show all the questions']/@href") == ["?all=1#list-heading"]
    everything = html.fromstring(phone.get(QUESTIONS, {"all": "1"}).content)
    assert len(everything.cssselect("#live-questions > li")) == views.PAGE_QUESTIONS + 1
    assert len(json.loads(phone.get(UPDATES).content)["questions"]) == views.PAGE_QUESTIONS + 1


# The screen ---------------------------------------------------------------------------------------------------------


def test_the_screen_shows_the_question_being_answered_large_and_the_next_by_votes(client, unmoderated):
    low, high, pinned = make_questions(unmoderated, 3, prefix="Screen")
    Vote.objects.create(question=high, device="a" * 32)
    services.pin(question=pinned)
    response = client.get(SCREEN)
    page = html.fromstring(response.content)
    assert page.cssselect("#screen-pinned")[0].text == "Screen 2?"
    assert [li.get("data-question-id") for li in page.cssselect("#screen-list li")] == [str(high.pk), str(low.pk)]
    assert not page.cssselect(".main-nav, .site-header")  # no site menu on the projector
    assert page.cssselect(".live-screen-qr svg")
    assert page.xpath("//script/@src") == ["/static/js/live.js"]
    assert client.get(SCREEN, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    services.mark_answered(question=pinned)
    page = html.fromstring(client.get(SCREEN, HTTP_IF_NONE_MATCH=response["ETag"]).content)
    assert not page.cssselect("#screen-pinned")


# Breakout notes -----------------------------------------------------------------------------------------------------


def test_a_member_adds_a_point_and_the_cached_group_page_does_not_change(client, breakout_1_1):
    group_page = client.get("/caribbean/groups/1/").content
    version = ContentVersion.current()
    member = Client()
    response = member.get(NOTES)
    etag = response["ETag"]
    assert "No points yet." in text_of(response)
    question = breakout_1_1.questions.get(position=2)
    added = member.post(NOTES, {"question": question.pk, "text": "Share microdata safely", "author": "Ann"})
    assert (added.status_code, added["Location"]) == (302, f"{NOTES}#question-{question.pk}")
    other = Client()
    other.get(NOTES)  # its first visit gives it its device cookie (part of the ETag: its own points can be withdrawn)
    response = other.get(NOTES, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    [point] = html.fromstring(response.content).cssselect(f"#question-{question.pk} .live-point")
    assert " ".join(point.text_content().split()) == "Share microdata safely – Ann"
    assert not point.cssselect("form")  # only its own phone can withdraw it
    assert other.get(NOTES, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    assert (ContentVersion.current(), client.get("/caribbean/groups/1/").content) == (version, group_page)
    assert "/notes/" not in group_page.decode()  # the notes open through the link shown in the room only


def test_a_phone_withdraws_its_own_point(breakout_1_1):
    member = Client()
    member.get(NOTES)
    member.post(NOTES, {"question": breakout_1_1.questions.first().pk, "text": "Oops"})
    point = BreakoutPoint.objects.get()
    intruder = Client()
    intruder.get(NOTES)
    intruder.post(NOTES, {"withdraw": point.pk})
    assert BreakoutPoint.objects.visible().count() == 1
    response = member.post(NOTES, {"withdraw": point.pk})
    assert response.status_code == 302
    assert BreakoutPoint.objects.visible().count() == 0
    assert "Oops" not in text_of(member.get(NOTES))


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"text": "p" * 401}, 200, "Keep it to 400 characters: this has 401."),
        ({"text": ""}, 200, "Type your point first."),
        ({"text": "Fine", "author": "a" * 81}, 200, "Keep it to 80 characters: this has 81."),
    ],
)
def test_refused_points_say_why_and_keep_the_text(breakout_1_1, data, status, message):
    member = Client()
    member.get(NOTES)
    question = breakout_1_1.questions.first()
    response = member.post(NOTES, {"question": question.pk, **data})
    assert response.status_code == status
    assert message in text_of(response)
    [text] = html.fromstring(response.content).cssselect(f"#question-{question.pk} textarea[name=text]")
    assert (text.text or "").lstrip("\n") == data["text"]
    assert BreakoutPoint.objects.count() == 0


def test_a_point_for_another_breakouts_question_is_refused_and_kept(breakout_1_1, caribbean):
    member = Client()
    member.get(NOTES)
    other = caribbean.sessions.get(number=2).breakouts.get(group__number=1).questions.first()
    response = member.post(NOTES, {"question": other.pk, "text": "Lost?"})
    assert response.status_code == 200
    assert "This question is not one of this breakout’s: reload the page." in text_of(response)
    kept = html.fromstring(response.content).xpath("//textarea[@name='text']/text()")
    assert [text.strip() for text in kept] == ["Lost?", "", ""]  # in the form above the questions; theirs empty


def test_a_point_after_the_notes_closed_is_kept(breakout_1_1):
    member = Client()
    member.get(NOTES)
    services.set_notes_open(session=breakout_1_1.session, is_open=False)
    question = breakout_1_1.questions.first()
    response = member.post(NOTES, {"question": question.pk, "text": "Late point"})
    assert response.status_code == 403
    assert "The breakout notes are closed, so your point was not added. It is kept below." in text_of(response)
    assert field(response, "text") == "Late point"
    assert BreakoutPoint.objects.count() == 0


# The facilitator's link -------------------------------------------------------------------------------------------


def test_a_refresh_leaves_the_actions_message_to_the_page_it_leads_to(client, moderate_url, questions_segment):
    client.post(moderate_url, {"action": "open", "segment": questions_segment.pk})
    # The page's script refreshes it now and then; one that comes between the action and the page it leads to
    # shows no message and leaves it waiting.
    refresh = client.get(moderate_url, HTTP_X_LIVE_REFRESH="1")
    assert html.fromstring(refresh.content).cssselect(".alert") == []
    assert messages_of(client.get(moderate_url)) == ["Questions are open during “Questions for clarification”."]


def test_the_facilitator_moderates(client, moderate_url, session_1, questions_segment):
    page = client.get(moderate_url)
    assert page.status_code == 200
    assert (page["X-Robots-Tag"], page["Referrer-Policy"]) == ("noindex, nofollow", "same-origin")
    assert "Questions are closed" in text_of(page)
    response = client.post(moderate_url, {"action": "open", "segment": questions_segment.pk})
    assert (response.status_code, response["Location"]) == (302, moderate_url)
    assert messages_of(client.get(moderate_url)) == ["Questions are open during “Questions for clarification”."]
    first, second, third = (services.ask(session=session_1, text=f"Q{n}?") for n in (1, 2, 3))
    page = client.get(moderate_url)
    assert [li.get("data-question-id") for li in html.fromstring(page.content).cssselect("li.live-moderated")] == [
        str(first.pk),
        str(second.pk),
        str(third.pk),
    ]
    client.post(moderate_url, {"action": "approve", "question": first.pk})
    client.post(moderate_url, {"action": "approve_all"})
    client.post(moderate_url, {"action": "pin", "question": second.pk})
    client.post(moderate_url, {"action": "hide", "question": third.pk})
    client.post(moderate_url, {"action": "answered", "question": first.pk})
    states = dict(AudienceQuestion.objects.values_list("text", "status"))
    assert states == {"Q1?": "answered", "Q2?": "approved", "Q3?": "hidden"}
    assert AudienceQuestion.objects.get(pinned=True).text == "Q2?"
    client.post(moderate_url, {"action": "unpin"})
    client.post(moderate_url, {"action": "close_notes"})
    client.post(moderate_url, {"action": "close"})
    live = LiveSession.objects.get(session=session_1)
    assert (live.asking_segment, live.notes_open, AudienceQuestion.objects.filter(pinned=True).exists()) == (
        None,
        False,
        False,
    )


def test_the_facilitators_page_answers_304_until_something_changes(client, moderate_url, open_session):
    etag = client.get(moderate_url)["ETag"]
    assert client.get(moderate_url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.ask(session=open_session, text="Pending?")  # the phones do not see it; the facilitator does
    assert client.get(moderate_url, HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "publish"}, "Select a valid choice. publish is not one of the available choices."),
        ({"action": "approve"}, "Choose a question for this button: reload the page and try again."),
        ({"action": "open"}, "Choose the segment to open for questions."),
        (
            {"action": "approve", "question": "999999"},
            "That is not one of this session’s: reload the page and try again.",
        ),
    ],
)
def test_a_button_that_makes_no_sense_changes_nothing(client, moderate_url, open_session, data, message):
    question = services.ask(session=open_session, text="Still pending?")
    response = client.post(moderate_url, data)
    assert response.status_code == 400
    assert message in messages_of(response)
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING


def test_a_question_of_another_session_cannot_be_moderated(client, moderate_url, caribbean):
    other = make_questions(caribbean.sessions.get(number=2), 1, status=QuestionStatus.PENDING)[0]
    assert client.post(moderate_url, {"action": "approve", "question": other.pk}).status_code == 400
    other.refresh_from_db()
    assert other.status == QuestionStatus.PENDING


def test_unknown_revoked_and_expired_links(client, nomination, caribbean):
    assert client.get("/moderate/not-a-key/").status_code == 404
    services.revoke_facilitator_links(nominations=type(nomination).objects.all())
    revoked = client.get(f"/moderate/{nomination.token}/")
    assert (revoked.status_code, html.fromstring(revoked.content).cssselect("h1")[0].text) == (
        410,
        "This link was withdrawn",
    )
    fresh = services.nominate_facilitator(session=nomination.session, participant=nomination.participant)
    caribbean.end_date = timezone.localdate() - datetime.timedelta(days=2)
    caribbean.start_date = caribbean.end_date
    caribbean.save()
    expired = client.get(f"/moderate/{fresh.token}/")
    assert (expired.status_code, "The conference is over" in text_of(expired)) == (410, True)


def test_guessing_links_is_slowed_down_but_a_real_link_always_opens(client, moderate_url, monkeypatch):
    monkeypatch.setattr(links, "MISS_LIMIT", 5)
    for n in range(5):
        assert client.get(f"/moderate/guess-{n}/").status_code == 404
    response = client.get("/moderate/guess-more/")
    assert (response.status_code, response["Retry-After"]) == (429, "600")
    assert client.get(moderate_url).status_code == 200  # a real link from the same address still opens


def test_the_facilitators_open_buttons_give_each_segments_start_and_end(client, session_1, moderate_url):
    session_1.date, session_1.start_time = datetime.date(2026, 6, 9), datetime.time(9, 0)
    session_1.save()
    page = html.fromstring(client.get(moderate_url).content)
    assert [" ".join(b.text_content().split()) for b in page.xpath("//button[@value='open']")] == [
        "Open for questions: Questions for clarification (Starts 09:30–09:40, ends 09:45–09:55)",
        "Open for questions: General discussion (Starts 10:50–11:20, ends 11:20–11:50)",
    ]


@pytest.mark.parametrize("address", ["/moderate/not-a-key/", "/report/not-a-key/"])
def test_an_unknown_link_shows_the_conferences_header_and_the_way_to_its_programme(client, caribbean, address):
    response = client.get(address)
    page = html.fromstring(response.content)
    assert response.status_code == 404
    assert [" ".join(a.text_content().split()) for a in page.cssselect(".site-brand")] == [
        "Caribbean regional conference"
    ]
    assert page.cssselect(".main-nav a")[0].get("href") == "/caribbean/"
    assert [(a.text_content(), a.get("href")) for a in page.cssselect("main a.btn")] == [
        ("Go to the programme", "/caribbean/")
    ]


def test_with_several_conferences_an_unknown_link_leads_to_their_list(client, caribbean):
    from conference.models import Conference

    Conference.objects.create(slug="pacific", region="Pacific")
    page = html.fromstring(client.get("/moderate/not-a-key/").content)
    assert page.cssselect(".main-nav") == []
    assert [(a.text_content(), a.get("href")) for a in page.cssselect("main a.btn")] == [("Go to the programme", "/")]
