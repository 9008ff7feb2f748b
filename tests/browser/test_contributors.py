"""A delegate finds who presents what, on a 360 px phone and at desktop width: the session page lists its
contributors with their presentations, each name leads to the contributor's section on the contributors page, which
lists their presentations with the session and its time. Both pages pass axe and never scroll sideways."""

import datetime

import pytest
from playwright.sync_api import expect

from conference.models import Country, Organisation, Participant
from sessions.models import Contribution, Segment, Session

from .conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def contributors(loaded):
    """Session 1's first presentation by a Jamaican delegate and an agency's statistician, who also gives session 2's
    first presentation; session 1 set for 09:00 on 9 June 2026."""
    conference = Session.objects.get(number=1).conference
    agency = Organisation.objects.create(conference=conference, name="Statistics agency")
    bea = Participant.objects.create(
        conference=conference, full_name="Bea Example", country=Country.objects.get(code="JM")
    )
    ann = Participant.objects.create(conference=conference, full_name="Ann Example", organisation=agency)
    first = Segment.objects.get(session__number=1, position=1)
    Contribution.objects.create(segment=first, participant=bea, position=1)
    Contribution.objects.create(segment=first, participant=ann, position=2)
    Contribution.objects.create(segment=Segment.objects.get(session__number=2, position=1), participant=ann)
    Session.objects.filter(number=1).update(date=datetime.date(2026, 6, 9), start_time=datetime.time(9))
    return {"ann": ann, "bea": bea}


def serious_violations(page):
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize(("label", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_a_delegate_goes_from_the_session_to_a_contributors_presentations(
    browser, live_server, contributors, axe, label, viewport
):
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    context.add_init_script(script=axe)
    page = context.new_page()
    page.goto("/caribbean/sessions/1/")
    listed = page.locator("ul.contributors > li")
    expect(listed).to_have_count(2)
    expect(listed.nth(0).get_by_role("link")).to_have_text("Bea Example (Jamaica)")
    expect(listed.nth(1).get_by_role("link")).to_have_text("Ann Example (Statistics agency)")
    expect(listed.nth(1).locator("li.presentation .when")).to_have_text(
        "Tuesday 9 June 2026, Starts 09:00, ends 09:15–09:20"
    )
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"session-contributors-{label}")

    listed.nth(1).get_by_role("link").click()
    section = page.locator(f"#contributor-{contributors['ann'].pk}")
    expect(section.get_by_role("heading", level=2)).to_have_text("Ann Example (Statistics agency)")
    expect(section).to_be_in_viewport()
    presentations = section.locator("li.presentation")
    expect(presentations).to_have_count(2)
    expect(presentations.nth(0).get_by_role("link")).to_have_text(str(Session.objects.get(number=1)))
    expect(presentations.nth(1).locator(".when")).to_have_text("Time to be announced")
    assert serious_violations(page) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    screenshot(page, f"contributors-{label}")

    presentations.nth(1).get_by_role("link").click()
    expect(page).to_have_url(f"{live_server.url}/caribbean/sessions/2/")
    context.close()
