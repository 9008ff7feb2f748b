"""Layout at an organiser's 1366 px laptop and a 360 px phone: no word broken inside (the console's table headers, the
projector's address), nothing clipped sideways, no title under the admin's buttons."""

import pytest
from playwright.sync_api import expect

from conference.models import Conference

from .conftest import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1366, "height": 768}
SCREEN = {"width": 1920, "height": 1080}

# Each word of the elements' text whose letters lie on more than one line (a range over the word has client
# rectangles at more than one height).
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const element of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.bottom)));
        if (lines.size > 1) { broken.push(match[0]); }
      }
    }
  }
  return broken;
}"""

# Elements whose content is wider than they show, and the page itself when it scrolls sideways.
CLIPPED = """(selector) => [document.documentElement, ...document.querySelectorAll(selector)]
  .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX !== 'auto'
               && getComputedStyle(e).overflowX !== 'scroll')
  .map(e => (e.id || e.className || e.tagName) + ' ' + e.scrollWidth + '>' + e.clientWidth)"""


@pytest.fixture
def organiser(browser, live_server, loaded, organiser_login):
    context = browser.new_context(viewport=LAPTOP, base_url=live_server.url)
    page = context.new_page()
    log_in(page, organiser_login)
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    yield page
    context.close()


@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["1366px", "360px"])
def test_console_headers_break_between_words_only(organiser, viewport):
    organiser.set_viewport_size(viewport)
    for address in ("/caribbean/organisers/", "/caribbean/organisers/sessions/1/"):
        organiser.goto(address)
        expect(organiser.locator("main h1")).to_be_visible()
        assert organiser.evaluate(BROKEN_WORDS, "main th, main h1, main h2") == [], address
        assert organiser.evaluate(CLIPPED, "main, main table") == [], address


def test_the_admins_sessions_list_fits_at_1366_px_and_scrolls_on_a_phone(organiser):
    organiser.goto("/admin/agenda_sessions/session/")
    results = organiser.locator("#changelist .results")
    expect(results).to_be_visible()
    width, shown = results.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert width <= shown, "a column is behind a sideways scroll at 1366 px"
    organiser.set_viewport_size(PHONE)
    organiser.reload()
    assert results.evaluate("e => getComputedStyle(e).overflowX") == "auto"  # the timetable scrolls, not clipped
    assert organiser.evaluate(CLIPPED, "#content, #changelist, .results, #result_list") == []


def test_a_long_conference_name_stays_clear_of_the_admins_buttons(organiser):
    conference = Conference.objects.get()
    conference.name = "Regional conference on the use of administrative data for official statistics " * 2
    conference.save()
    organiser.goto(f"/admin/conference/conference/{conference.pk}/change/")
    title = organiser.locator("#content h2").first.bounding_box()
    buttons = organiser.locator(".object-tools").bounding_box()
    overlaps = not (
        title["x"] + title["width"] <= buttons["x"]
        or buttons["x"] + buttons["width"] <= title["x"]
        or title["y"] + title["height"] <= buttons["y"]
        or buttons["y"] + buttons["height"] <= title["y"]
    )
    assert not overlaps, (title, buttons)


def test_the_projectors_address_breaks_between_its_parts_only(browser, live_server, loaded):
    context = browser.new_context(viewport=SCREEN, base_url=live_server.url)
    page = context.new_page()
    page.goto("/caribbean/sessions/1/questions/screen/")
    expect(page.locator(".live-screen-ask strong")).to_be_visible()
    assert page.evaluate(BROKEN_WORDS, ".live-screen-ask strong") == []
    context.close()
