"""A participant on a phone, in a real browser: find the group, read the questions, a sign-up refused, switch
language. Partners choosing their group by the mailed link: test_partners.py."""

import re

import pytest
from playwright.sync_api import expect

from groups.models import GroupPartner, Question

from .conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = {
    "programme": "/caribbean/",
    "session-1": "/caribbean/sessions/1/",
    "concluding-session": "/caribbean/sessions/5/",
    "group-1": "/caribbean/groups/1/",
    "question-sheet": "/caribbean/groups/1/sessions/1/",
    "thematic-area-5": "/caribbean/groups/themes/5/",
    "find-my-group": "/caribbean/groups/find/",
    "partner-sign-up": "/caribbean/groups/join/",
    "how-sessions-work": "/caribbean/how-sessions-work/",
    "programme-fr": "/fr/caribbean/",
    "not-found": "/caribbean/groups/99/",
}


def test_participant_on_a_phone_finds_their_group_and_reads_the_questions(phone):
    phone.goto("/")
    expect(phone).to_have_url(re.compile(r"/caribbean/$"))
    phone.get_by_label("Your country or territory").select_option(label="Jamaica")
    phone.get_by_role("button", name="Find my group").click()
    expect(phone).to_have_url(re.compile(r"/caribbean/groups/1/\?country=JM$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Group 1")
    session_one = phone.locator("article").first
    questions = session_one.locator("ol.questions li")
    expected = list(
        Question.objects.filter(breakout__session__number=1, breakout__group__number=1).values_list("text", flat=True)
    )
    expect(questions).to_have_text(expected)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_failed_sign_up_keeps_what_was_typed(phone):
    phone.goto("/caribbean/groups/join/")
    phone.get_by_label("Your full name").fill("Dana Doe")
    phone.get_by_label("Your organisation").fill("World Stats")
    phone.get_by_label("Your email address").fill("dana@example.org")
    # No group chosen: the browser's own check stops the form; without it, the server's message would.
    phone.locator("form").evaluate("form => form.noValidate = true")
    phone.get_by_role("button", name="Join this group").click()
    expect(phone.get_by_text("This field is required.")).to_be_visible()
    expect(phone.get_by_label("Your full name")).to_have_value("Dana Doe")
    expect(phone.get_by_label("Your email address")).to_have_value("dana@example.org")


def test_switching_to_french(phone):
    phone.goto("/caribbean/")
    phone.get_by_role("link", name="français").click()
    expect(phone).to_have_url(re.compile(r"/fr/caribbean/$"))
    expect(phone.locator("html")).to_have_attribute("lang", "fr")
    expect(phone.get_by_role("button", name="Trouver mon groupe")).to_be_visible()
    phone.get_by_role("link", name="English").click()
    expect(phone.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("name", sorted(PUBLIC_PAGES))
def test_no_serious_accessibility_violations(browser, live_server, loaded, axe, name):
    """axe-core on every public page, at phone and desktop width, with the site's Content-Security-Policy in force
    (axe is added as an init script, which the policy does not govern); screenshots go to build/screenshots."""
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.add_init_script(script=axe)
        page = context.new_page()
        refused = []
        page.on(
            "console",
            lambda message, refused=refused: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        page.goto(PUBLIC_PAGES[name])
        results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]])
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        screenshot(page, f"{name}-{label}")
        context.close()
        assert serious == [], f"{name} at {label} width"
        assert refused == [], f"{name}: the Content-Security-Policy refused something"


def test_question_sheet_prints_on_one_a4_page(desktop):
    desktop.goto("/caribbean/groups/1/sessions/1/")
    pdf = desktop.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_question_sheet_with_a_short_published_report_prints_on_one_a4_page(desktop):
    from conference.models import Country, Participant
    from groups.models import Breakout
    from groups.reports import services
    from groups.reports.models import RapporteurReport
    from tests.conftest import report_content

    breakout = Breakout.objects.get(session__number=1, group__number=1)
    jamaica = Country.objects.get(code="JM")
    ann = Participant.objects.create(conference=jamaica.conference, full_name="Ann Example", country=jamaica)
    nomination = services.nominate_rapporteur(breakout=breakout, participant=ann)
    report = RapporteurReport.objects.with_content().get(breakout=breakout)
    content = report_content(
        breakout,
        first="A short answer in two sentences. The group agreed on it.",
        second="Another short answer.",
        conclusions="One conclusion.",
        actions="- One action.",
    )
    services.save_report(report=report, content=content, base_version=0, by=nomination, submit=True)
    services.publish_reports(reports=RapporteurReport.objects.all())
    desktop.goto("/caribbean/groups/1/sessions/1/")
    expect(desktop.get_by_text("One conclusion.")).to_be_visible()
    pdf = desktop.pdf(format="A4", print_background=False)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


@pytest.mark.parametrize(("session", "group"), [(s, g) for s in range(1, 5) for g in range(1, 5)])
def test_every_question_sheet_fits_one_a4_page(browser, live_server, loaded, session, group):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    page.goto(f"/caribbean/groups/{group}/sessions/{session}/")
    pdf = page.pdf(format="A4")
    context.close()
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_programme_prints_without_navigation(desktop):
    desktop.goto("/caribbean/")
    desktop.emulate_media(media="print")
    expect(desktop.locator("nav.main-nav")).to_be_hidden()
    expect(desktop.locator("form.find-box")).to_be_hidden()
    expect(desktop.locator("footer")).to_be_hidden()
    pdf = desktop.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 2


def test_a_very_long_unbroken_name_wraps_on_a_phone(phone, loaded):
    """Finding 5 of "Venue-proof": a 200-character name without spaces made the group page 1,753 px wide."""
    from django.utils import timezone

    from conference.models import Organisation, Participant
    from groups.models import BreakoutGroup

    conference = BreakoutGroup.objects.get(number=2).conference
    organisation = Organisation.objects.create(conference=conference, name="O" * 120)
    partner = Participant.objects.create(conference=conference, full_name="N" * 200, organisation=organisation)
    GroupPartner.objects.create(
        group=BreakoutGroup.objects.get(number=2), participant=partner, confirmed_at=timezone.now()
    )
    for address in ("/caribbean/groups/2/", "/caribbean/groups/find/?name=" + "N" * 200):
        phone.goto(address)
        expect(phone.get_by_text("N" * 200, exact=False).first).to_be_visible()
        assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
