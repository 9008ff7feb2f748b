"""The live moments of a session on phones, in a real browser: a participant asks, two others vote, the facilitator
approves and picks the question being answered, and the projector screen shows it first and large; the same without
JavaScript, by reloading; a group member's breakout point appears on another member's phone and in the
rapporteur's form.

Every wait is for what is checked (an element, a response), with a timeout that covers the pages' refresh interval
(3 s on phones, 2 s on the screen, plus up to 1 s for the phones' shared list to be rebuilt).
"""

import pytest
from playwright.sync_api import expect

from conference.models import Country, Organisation, Participant
from groups.live import services
from groups.live.models import AudienceQuestion, BreakoutPoint, Vote
from groups.models import Breakout
from groups.reports import services as report_services
from groups.reports.models import RapporteurReport
from sessions.models import Contribution, SegmentKind, Session

from .conftest import PHONE, hold_clock, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

QUESTIONS = "/caribbean/sessions/1/questions/"
SCREEN = QUESTIONS + "screen/"
PROJECTOR = {"width": 1920, "height": 1080}
LIVE = 10_000  # ms: a refresh interval and a rebuilt list, with room to spare on a busy machine
ASKED = "How do small offices share their data safely?"


@pytest.fixture
def live_session(loaded):
    """Session 1 open for its questions for clarification, with two contributors, a facilitator's link, and one
    question already shown with a vote (so that "first" on the screen means something)."""
    session = Session.objects.get(number=1)
    jamaica = Country.objects.get(code="JM")
    agency = Organisation.objects.create(conference=session.conference, name="Statistics agency")
    contributors = [
        Participant.objects.create(conference=session.conference, full_name="Cara Contributor", country=jamaica),
        Participant.objects.create(conference=session.conference, full_name="Pat Presenter", organisation=agency),
    ]
    for segment, person in zip(session.segments.filter(kind=SegmentKind.PRESENTATION), contributors, strict=True):
        Contribution.objects.create(segment=segment, participant=person)
    services.open_asking(session=session, segment=session.segments.get(kind=SegmentKind.QUESTIONS))
    earlier = services.ask(session=session, text="An earlier question?", device="e" * 32)
    services.approve(questions=AudienceQuestion.objects.filter(pk=earlier.pk))
    services.vote(question=earlier, device="f" * 32)
    nomination = services.nominate_facilitator(session=session, participant=contributors[0])
    return {"session": session, "moderate": f"/moderate/{nomination.token}/", "earlier": earlier}


def notes_of_group_1():
    """The address of group 1's notes in session 1, as its room card's QR code holds it."""
    breakout = Breakout.objects.get(session__number=1, group__number=1)
    return f"/notes/{services.notes_link(breakout=breakout).token}/"


@pytest.fixture
def open_page(browser, live_server):
    """Open pages in their own browser contexts (own cookies: own devices); all closed at the end."""
    contexts = []

    def open_page(address, *, viewport=PHONE, javascript=True):
        context = browser.new_context(viewport=viewport, base_url=live_server.url, java_script_enabled=javascript)
        contexts.append(context)
        page = context.new_page()
        refused = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        page.csp_refusals = refused
        page.goto(address)
        return page

    yield open_page
    for context in contexts:
        context.close()


def ask(page):
    page.get_by_label("Your question").fill(ASKED)
    page.get_by_label("To", exact=True).select_option(label="Cara Contributor")
    page.get_by_label("Your name (optional)").fill("Bob")
    page.get_by_label("Your country or organisation (optional)").fill("Jamaica")
    page.get_by_role("button", name="Send the question").click()
    expect(page.locator(".alert-success")).to_have_text(
        "Thank you: your question is sent. It shows once the facilitator approves it."
    )
    expect(page.locator("[data-waiting-id]")).to_have_text(ASKED)
    return AudienceQuestion.objects.get(text=ASKED)


def moderate(page, question, button):
    page.locator(f"#m{question.pk}").get_by_role("button", name=button).click()
    expect(page.locator(".alert-success")).to_be_visible()


def assert_first_and_large(screen, question):
    pinned = screen.locator("#screen-pinned")
    expect(pinned).to_have_text(ASKED, timeout=LIVE)
    expect(pinned).to_have_attribute("data-question-id", str(question.pk))
    next_one = screen.locator("#screen-list li").first
    expect(next_one).to_contain_text("An earlier question?")
    size = pinned.evaluate("element => parseFloat(getComputedStyle(element).fontSize)")
    other = next_one.locator(".live-screen-text").evaluate("element => parseFloat(getComputedStyle(element).fontSize)")
    assert size >= 60  # 3.6vw at 1920 px: about 69 px, readable from the back of the room
    assert size >= 1.5 * other
    assert pinned.bounding_box()["y"] < next_one.bounding_box()["y"]
    assert screen.locator(".main-nav").count() == 0


def test_ask_vote_approve_and_answer_on_phones_and_the_screen(open_page, live_session):
    asker = open_page(QUESTIONS)
    voters = [open_page(QUESTIONS) for _ in range(2)]
    screen = open_page(SCREEN, viewport=PROJECTOR)
    facilitator = open_page(live_session["moderate"])
    question = ask(asker)

    # The facilitator's page shows the new question by itself; approving it shows it on the phones already open.
    expect(facilitator.locator(f"#m{question.pk}")).to_contain_text(ASKED, timeout=LIVE)
    moderate(facilitator, question, "Approve")
    for voter in voters:
        item = voter.locator(f"#q{question.pk}")
        expect(item).to_contain_text(ASKED, timeout=LIVE)
        expect(item).to_contain_text("To Cara Contributor · Bob, Jamaica")
        with voter.expect_response(lambda response: response.url.endswith("/vote/")) as answer:
            item.get_by_role("button", name="Vote").click()
        assert answer.value.json()["status"] == "voted"
        expect(item.get_by_role("button", name="Voted")).to_be_disabled()
    assert Vote.objects.filter(question=question).count() == 2
    expect(asker.locator(f"#q{question.pk} .live-vote-count")).to_have_text("2 votes", timeout=LIVE)
    expect(asker.locator("[data-waiting-id]")).to_have_count(0)  # its own question left "waiting"

    moderate(facilitator, question, "Answer now")
    assert_first_and_large(screen, question)
    expect(voters[0].locator(f"#q{question.pk} .live-now")).to_be_visible(timeout=LIVE)
    expect(voters[0].locator("#live-questions > li").first).to_have_attribute("id", f"q{question.pk}")
    screenshot(screen, "live-screen-1920")
    screenshot(asker, "live-questions-phone")
    for page in (asker, *voters, screen, facilitator):
        assert page.csp_refusals == []
        assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


def test_the_same_without_javascript_by_reloading(open_page, live_session):
    asker = open_page(QUESTIONS, javascript=False)
    question = ask(asker)
    facilitator = open_page(live_session["moderate"], javascript=False)
    moderate(facilitator, question, "Approve")
    for _ in range(2):
        voter = open_page(QUESTIONS, javascript=False)
        item = voter.locator(f"#q{question.pk}")
        item.get_by_role("button", name="Vote").click()
        expect(voter.locator(".alert-success")).to_have_text("Your vote is counted.")
        expect(voter.locator(f"#q{question.pk}").get_by_role("button", name="Voted")).to_be_disabled()
    assert Vote.objects.filter(question=question).count() == 2
    facilitator.reload()
    expect(facilitator.locator(f"#m{question.pk}")).to_contain_text("2 votes")
    moderate(facilitator, question, "Answer now")
    screen = open_page(SCREEN, viewport=PROJECTOR, javascript=False)
    assert_first_and_large(screen, question)
    asker.reload()
    expect(asker.locator("#live-questions > li").first).to_have_attribute("id", f"q{question.pk}")
    expect(asker.locator(f"#q{question.pk} .live-vote-count")).to_have_text("2 votes")


def test_a_refused_question_keeps_its_text(open_page, live_session):
    asker = open_page(QUESTIONS)
    services.close_asking(session=live_session["session"])
    asker.get_by_label("Your question").fill(ASKED)
    asker.get_by_role("button", name="Send the question").click()
    expect(asker.locator(".alert-danger")).to_contain_text("The facilitator has closed the questions")
    expect(asker.get_by_label("Your question")).to_have_value(ASKED)
    # The page's script hides the empty form once asking is closed, never a typed question.
    expect(asker.locator("[data-when-closed]")).to_be_visible(timeout=LIVE)
    expect(asker.get_by_label("Your question")).to_be_visible()


def test_a_groups_point_appears_for_another_member(open_page, loaded, organiser_login, live_server):
    """The members scan their group's code on the breakout screen; one adds a point, the other sees it appear."""
    breakout = Breakout.objects.get(session__number=1, group__number=1)
    question = breakout.questions.get(position=2)
    screen = open_page("/")
    log_in(screen, organiser_login, next_url="/caribbean/organisers/sessions/1/screen/")
    scanned = screen.locator("#screen-group-1 .plenary-notes-qr svg title").text_content()
    assert scanned.startswith(f"{live_server.url}/notes/")
    ann, ben = open_page(scanned), open_page(scanned)
    section = f"#question-{question.pk}"
    ann.locator(section).get_by_label("Your point").fill("Share microdata through a secure lab")
    ann.locator(section).get_by_label("Your name (optional)").fill("Ann")
    ann.locator(section).get_by_role("button", name="Add the point").click()
    expect(ann.locator(".alert-success")).to_have_text("Your point is added.")
    expect(ann.locator(f"{section} .live-point")).to_contain_text("Share microdata through a secure lab – Ann")
    assert BreakoutPoint.objects.get().question == question
    expect(ben.locator(f"{section} .live-point")).to_contain_text(
        "Share microdata through a secure lab – Ann", timeout=LIVE
    )
    expect(ben.locator(f"{section} .live-point form")).to_have_count(0)  # only Ann's phone can withdraw it
    ann.locator(f"{section} .live-point").get_by_role("button", name="withdraw").click()
    expect(ben.locator(f"{section} .live-point")).to_have_count(0, timeout=LIVE)
    for page in (ann, ben):
        assert page.csp_refusals == []


@pytest.mark.parametrize("page_name", ["questions", "questions with one being answered", "screen", "notes", "moderate"])
def test_no_serious_accessibility_violations_on_the_live_pages(browser, live_server, live_session, axe, page_name):
    if page_name == "questions with one being answered":  # its vote button on the pinned question's green
        services.ask(session=live_session["session"], text="A second question?", device="g" * 32)
        services.approve_all(session=live_session["session"])
        services.pin(question=live_session["earlier"])
    address = {
        "questions": QUESTIONS,
        "questions with one being answered": QUESTIONS,
        "screen": SCREEN,
        "notes": notes_of_group_1(),
        "moderate": live_session["moderate"],
    }[page_name]
    context = browser.new_context(viewport=PROJECTOR if page_name == "screen" else PHONE, base_url=live_server.url)
    context.add_init_script(script=axe)
    page = context.new_page()
    page.goto(address)
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [
        (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    context.close()
    assert serious == []


def test_a_members_point_shows_in_the_rapporteurs_form_and_is_brought_into_the_answer(open_page, loaded):
    """A group member adds a point on the breakout notes from a phone; the rapporteur's form shows it beside the
    answer to its question, and a button brings it into the answer, which the autosave then keeps."""
    breakout = Breakout.objects.get(session__number=1, group__number=1)
    question = breakout.questions.get(position=1)
    country = Country.objects.filter(group_places__group=breakout.group).order_by("name").first()
    rapporteur = Participant.objects.create(conference=country.conference, full_name="Ray", country=country)
    nomination = report_services.nominate_rapporteur(breakout=breakout, participant=rapporteur)

    member = open_page(notes_of_group_1())
    section = f"#question-{question.pk}"
    member.locator(section).get_by_label("Your point").fill("Open data portals")
    member.locator(section).get_by_label("Your name (optional)").fill("Ann")
    member.locator(section).get_by_role("button", name="Add the point").click()
    expect(member.locator(".alert-success")).to_have_text("Your point is added.")

    form = open_page(f"/report/{nomination.token}/")
    hold_clock(form)
    form.reload()  # the page's autosave timer now runs on the fake clock
    answer = form.get_by_label("Your group’s answer to question 1")
    answer.fill("Our answer.")
    points = form.locator(".report-field", has=answer).locator(".live-point")
    expect(points).to_have_count(1)
    expect(points).to_contain_text("Open data portals – Ann")
    points.get_by_role("button", name="Add to the answer").click()
    expect(answer).to_have_value("Our answer.\n- Open data portals (Ann)\n")
    form.clock.run_for(16_000)
    expect(form.locator("#autosave-status")).to_have_attribute("data-kind", "ok")
    report = RapporteurReport.objects.with_content().get(breakout=breakout)
    assert report.content.answer(question.pk) == "Our answer.\n- Open data portals (Ann)\n"
    # The rapporteur hides the point: it leaves the form at once, and what they typed meanwhile stays.
    answer.fill("Our answer, not saved yet.")
    points.get_by_role("button", name="Hide").click()
    expect(form.locator(".live-points-for-answer")).to_have_count(0)
    expect(answer).to_have_value("Our answer, not saved yet.")
    assert BreakoutPoint.objects.visible().count() == 0
    assert form.csp_refusals == []


def test_the_list_says_when_the_connection_is_lost_and_catches_up_when_it_is_back(open_page, live_session):
    phone = open_page(QUESTIONS)
    status = phone.locator("[data-live-status]")
    phone.context.set_offline(True)
    expect(status).to_have_text("No connection: trying again…", timeout=LIVE)
    question = services.ask(session=live_session["session"], text="Asked while the phone was offline?")
    services.approve(questions=AudienceQuestion.objects.filter(pk=question.pk))
    phone.context.set_offline(False)  # the page asks again (at once, on the browser's "online" event)
    expect(phone.locator(f"#q{question.pk}")).to_contain_text("Asked while the phone was offline?", timeout=LIVE)
    expect(status).to_be_hidden()


COUNT_UPDATES = """() => {
  window.updatesAsked = 0;
  const fetch = window.fetch;
  window.fetch = function (url) {
    if (String(url).includes("/updates/")) { window.updatesAsked += 1; }
    return fetch.apply(this, arguments);
  };
}"""


def test_the_list_waits_as_long_as_the_server_asks_while_its_database_is_down(open_page, live_session):
    """The server answers 503 with Retry-After while its database is down: the phones wait that long before asking
    again, instead of every 6, 12, 24 and 30 s of their own back-off (point 7 of "Venue-proof II")."""
    phone = open_page(QUESTIONS)
    body = '{"status": "unavailable", "message": "The site cannot reach its database just now."}'
    phone.route(
        "**/updates/",
        lambda route: route.fulfill(
            status=503, headers={"Retry-After": "60"}, content_type="application/json", body=body
        ),
    )
    hold_clock(phone)
    phone.goto(QUESTIONS)
    phone.evaluate(COUNT_UPDATES)
    status = phone.locator("[data-live-status]")
    phone.clock.run_for(3_000)  # the first refresh
    expect(status).to_have_text("No connection: trying again…", timeout=LIVE)
    assert phone.evaluate("window.updatesAsked") == 1
    phone.clock.run_for(55_000)
    assert phone.evaluate("window.updatesAsked") == 1
    phone.unroute("**/updates/")  # the database is back
    phone.clock.run_for(5_000)
    expect(status).to_be_hidden(timeout=LIVE)
    assert phone.evaluate("window.updatesAsked") == 2


def test_a_long_session_title_leaves_the_facilitators_controls_in_view_on_a_phone(open_page, live_session):
    session = live_session["session"]
    session.title = " ".join(["A session title as long as the longest in the document, and longer"] * 5)
    session.save()
    page = open_page(live_session["moderate"])
    controls = page.locator("[data-live-part='controls'] button").first
    expect(controls).to_be_visible()
    box = controls.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"], box
