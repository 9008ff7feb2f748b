"""A rapporteur on a phone writes and submits through the private link; an organiser publishes in the console; the
summary appears on the public group page. Also the autosave, the merge of saves from two devices, the copies each tab
keeps in the browser, and what happens to them when the link stops working, in a real browser."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conference.models import Country, Participant
from groups.models import Breakout, Question
from groups.reports import services
from groups.reports.models import RapporteurNomination, RapporteurReport, ReportStatus

from .conftest import DESKTOP, PHONE, hold_clock, log_in

pytestmark = pytest.mark.django_db(transaction=True)

AUTOSAVE_MS = 16_000  # a little more than the page's autosave interval (15 s), run on Playwright's fake clock


@pytest.fixture
def nomination(loaded):
    ann = Participant.objects.create(
        conference_id=Country.objects.get(code="JM").conference_id,
        full_name="Ann Example",
        country=Country.objects.get(code="JM"),
    )
    breakout = Breakout.objects.get(session__number=1, group__number=1)
    return services.nominate_rapporteur(breakout=breakout, participant=ann)


def report():
    return RapporteurReport.objects.with_content().get()


def test_rapporteur_writes_submits_and_organiser_publishes(browser, live_server, nomination, organiser_login):
    phone = browser.new_context(viewport=PHONE, base_url=live_server.url).new_page()
    phone.goto(f"/report/{nomination.token}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Communication and advocacy")
    phone.get_by_label("Your group’s answer to question 1").fill("A strategy **for every user**.")
    phone.get_by_role("button", name="Save draft").click()
    expect(phone.get_by_text(re.compile("^Draft saved at"))).to_be_visible()
    expect(phone.get_by_label("Your group’s answer to question 1")).to_have_value("A strategy **for every user**.")
    assert report().status == ReportStatus.DRAFT
    phone.get_by_label("Your group’s answer to question 2").fill("Open data portals.")
    phone.get_by_label("Main conclusions").fill("Communication needs a plan <script>alert(1)</script>")
    phone.get_by_label("Recommended actions").fill("- Adopt a regional communication strategy")
    phone.get_by_role("button", name="Submit the report").click()
    expect(phone.get_by_text(re.compile("^Submitted"))).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert report().status == ReportStatus.SUBMITTED
    # The address is clean again once the page's script has run, and the tab's copy in the browser is forgotten once
    # the server confirmed it holds the text.
    expect(phone).to_have_url(f"{live_server.url}/report/{nomination.token}/")
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('breakout-report:')).length") == 1
    phone.context.close()

    desk = browser.new_context(base_url=live_server.url).new_page()
    log_in(desk, organiser_login, next_url="/caribbean/organisers/sessions/1/")
    desk.locator("#group-1").get_by_role("link", name="Publish").click()
    desk.get_by_role("button", name="Yes, publish it").click()
    expect(desk.locator(".console-undo")).to_contain_text("is published")
    assert report().status == ReportStatus.PUBLISHED
    desk.context.close()

    public = browser.new_context(viewport=PHONE, base_url=live_server.url).new_page()
    public.goto("/caribbean/groups/1/")
    report_box = public.locator("article").first.locator(".report")
    expect(report_box).to_contain_text("A strategy for every user.")
    expect(report_box.locator("strong")).to_have_text("for every user")
    expect(report_box).to_contain_text("Adopt a regional communication strategy")
    # No script from the report: the page's only script is the site's own.
    assert [script.get_attribute("src") for script in public.locator("script").all()] == ["/static/js/site.js"]
    public.context.close()


def test_autosave_saves_a_draft_and_keeps_text_while_offline(browser, live_server, nomination):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    hold_clock(page)
    page.goto(f"/report/{nomination.token}/")
    page.get_by_label("Main conclusions").fill("Typed, then autosaved")
    page.clock.run_for(AUTOSAVE_MS)
    expect(page.locator("#autosave-status")).to_have_attribute("data-kind", "ok")
    assert report().conclusions == "Typed, then autosaved"

    context.set_offline(True)
    page.get_by_label("Main conclusions").fill("Typed while the Wi-Fi was down")
    page.clock.run_for(AUTOSAVE_MS)
    expect(page.locator("#autosave-status")).to_have_attribute("data-kind", "warn")
    assert report().conclusions == "Typed, then autosaved"
    stored = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('breakout-report:'))"
        ".map(k => JSON.parse(localStorage.getItem(k)).fields)"
    )
    assert [fields["conclusions"] for fields in stored] == ["Typed while the Wi-Fi was down"]

    # Back online: the next autosave sends what was typed offline. Wait for it before anything else, so that a
    # reload cannot race it.
    context.set_offline(False)
    page.clock.run_for(AUTOSAVE_MS)
    expect(page.locator("#autosave-status")).to_have_attribute("data-kind", "ok")
    assert report().conclusions == "Typed while the Wi-Fi was down"
    page.reload()
    expect(page.get_by_label("Main conclusions")).to_have_value("Typed while the Wi-Fi was down")
    context.close()


def test_laptop_and_phone_on_one_link_merge_field_by_field(browser, live_server, nomination):
    """Scenario 1: the laptop saves answer 1 and the actions; the phone, opened earlier, changes only the main
    conclusions. Its autosave merges: the laptop's text comes into the phone's form, nothing is lost, and the phone
    is told the other save was its own other device."""
    laptop = browser.new_context(viewport=DESKTOP, base_url=live_server.url).new_page()
    phone = browser.new_context(viewport=PHONE, base_url=live_server.url).new_page()
    hold_clock(phone)
    phone.goto(f"/report/{nomination.token}/")
    laptop.goto(f"/report/{nomination.token}/")

    laptop.get_by_label("Your group’s answer to question 1").fill("The laptop's answer")
    laptop.get_by_label("Recommended actions").fill("- The laptop's action")
    laptop.get_by_role("button", name="Save draft").click()
    expect(laptop.get_by_text(re.compile("^Draft saved at"))).to_be_visible()

    phone.get_by_label("Main conclusions").fill("The phone's conclusions")
    phone.clock.run_for(AUTOSAVE_MS)
    status = phone.locator("#autosave-status")
    expect(status).to_have_attribute("data-kind", "ok")
    expect(status).to_contain_text(
        "The answer to question 1 and recommended actions had been changed by your other device or browser in the "
        "meantime: that text is kept."
    )
    expect(phone.get_by_label("Your group’s answer to question 1")).to_have_value("The laptop's answer")
    expect(phone.get_by_label("Recommended actions")).to_have_value("- The laptop's action")
    assert "someone else" not in status.inner_text().lower()

    saved = report()
    assert (saved.version, saved.conclusions, saved.actions) == (2, "The phone's conclusions", "- The laptop's action")
    assert saved.content.answer(Question.objects.get(breakout=saved.breakout, position=1).pk) == "The laptop's answer"
    assert list(saved.revisions.values_list("version", "saved_by")) == [(2, "Ann Example"), (1, "Ann Example")]

    # The laptop's page is still at version 1: its change of the main conclusions meets the phone's, a conflict for
    # that field alone, shown side by side; the other fields already show the merged text.
    laptop.get_by_label("Main conclusions").fill("The laptop's conclusions")
    laptop.get_by_role("button", name="Save draft").click()
    expect(laptop.get_by_role("heading", name=re.compile("saved by your other device or browser"))).to_be_visible()
    expect(laptop.locator("#theirs-conclusions")).to_have_value("The phone's conclusions")
    expect(laptop.get_by_label("Main conclusions")).to_have_value("The laptop's conclusions")
    assert laptop.locator(".report-theirs").count() == 1
    laptop.get_by_label("Keep theirs").check()
    laptop.get_by_role("button", name="Save draft").click()
    expect(laptop.get_by_text("Nothing changed since the last save.")).to_be_visible()
    expect(laptop.get_by_label("Main conclusions")).to_have_value("The phone's conclusions")
    assert report().revisions.count() == 2  # "keep theirs" changed nothing
    laptop.context.close()
    phone.context.close()


def test_two_tabs_keep_their_own_copies(browser, live_server, nomination):
    """Scenario 4: tab 2's status said its text was kept in this browser, but the copy held tab 1's text; after a
    reload tab 2's text was gone."""
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    first, second = context.new_page(), context.new_page()
    for page in (first, second):
        hold_clock(page)  # no autosave: both texts live only in the browser
        page.goto(f"/report/{nomination.token}/")
    first.get_by_label("Main conclusions").fill("Tab 1's conclusions")
    second.get_by_label("Main conclusions").fill("Tab 2's conclusions")
    expect(second.locator("#autosave-status")).to_contain_text("kept in this tab’s copy in this browser")

    second.reload()
    expect(second.get_by_label("Main conclusions")).to_have_value("Tab 2's conclusions")
    offered = second.locator("#local-copies-list .local-copy")
    expect(offered).to_have_count(1)
    expect(offered.locator("textarea")).to_have_value(re.compile("Tab 1's conclusions"))

    # Putting tab 1's text back sets tab 2's own text aside as a copy: neither is lost.
    offered.get_by_role("button", name="Put it back").click()
    expect(second.get_by_label("Main conclusions")).to_have_value("Tab 1's conclusions")
    texts = second.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('breakout-report:'))"
        ".map(k => JSON.parse(localStorage.getItem(k)).fields.conclusions).sort()"
    )
    assert texts == ["Tab 1's conclusions", "Tab 2's conclusions"]
    context.close()


def test_a_link_revoked_while_typing_offers_the_text_kept_in_the_browser(browser, live_server, nomination):
    """Scenario 5: the message said the text was kept in the browser, but the page after the reload offered no way
    to get it back."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, accept_downloads=True)
    page = context.new_page()
    hold_clock(page)
    page.goto(f"/report/{nomination.token}/")
    page.get_by_label("Main conclusions").fill("Words written before the link was withdrawn")
    services.revoke_nominations(nominations=RapporteurNomination.objects.all())
    page.clock.run_for(AUTOSAVE_MS)
    expect(page.locator("#autosave-status")).to_have_text(
        "This link no longer works: your text is kept in this browser. Reload the page to copy or download it."
    )

    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("This link was withdrawn")
    copy = page.locator("#local-copies-list .local-copy")
    expect(copy).to_have_count(1)
    expect(copy.locator("textarea")).to_have_value(
        re.compile("## Main conclusions\n\nWords written before the link was withdrawn")
    )
    with page.expect_download() as download:
        copy.get_by_role("button", name="Download").click()
    downloaded = Path(download.value.path()).read_text(encoding="utf-8")
    assert downloaded == "## Main conclusions\n\nWords written before the link was withdrawn\n"

    page.reload()  # still there: it is dropped only when asked
    expect(page.locator("#local-copies-list .local-copy")).to_have_count(1)
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#local-copies-list").get_by_role("button", name="Discard").click()
    expect(page.locator("#local-copies-list .local-copy")).to_have_count(0)
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('breakout-report:')).length") == 0
    context.close()


def test_text_for_a_question_retired_while_typing_is_handed_back(browser, live_server, nomination):
    """Scenario 2: the autosave answered "saved" and threw the text away."""
    page = browser.new_context(viewport=PHONE, base_url=live_server.url).new_page()
    hold_clock(page)
    page.goto(f"/report/{nomination.token}/")
    page.get_by_label("Your group’s answer to question 1").fill("An answer to a question about to go")
    Question.objects.filter(breakout=nomination.breakout, position=1).update(retired=True)
    page.clock.run_for(AUTOSAVE_MS)
    expect(page.locator("#autosave-status")).to_have_attribute("data-kind", "error")
    expect(page.locator("#autosave-removed textarea")).to_have_value("An answer to a question about to go")
    assert report().version == 0
    page.context.close()


def test_a_kept_copy_is_dated_in_the_venues_zone_and_the_pages_language(browser, live_server, nomination):
    """The copy's time was the phone's zone and format: a phone from abroad read another time than the venue's."""
    conference = nomination.breakout.session.conference
    conference.time_zone = "America/Port_of_Spain"
    conference.save()
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, timezone_id="Asia/Tokyo", locale="en-US")
    page = context.new_page()
    hold_clock(page)
    page.goto(f"/fr/report/{nomination.token}/")
    page.locator("textarea[name=conclusions]").fill("Words kept in this browser")
    services.revoke_nominations(nominations=RapporteurNomination.objects.all())
    # The copy was made on Tuesday 9 June 2026 at 18:36 UTC, 14:36 in Port of Spain.
    page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('breakout-report:')).forEach(k => {"
        " const record = JSON.parse(localStorage.getItem(k)); record.at = Date.UTC(2026, 5, 9, 18, 36);"
        " localStorage.setItem(k, JSON.stringify(record)); })"
    )
    page.reload()
    copy = page.locator("#local-copies-list .local-copy p").first
    expect(copy).to_contain_text("mardi 9 juin à 14:36 (heure de Port-d’Espagne)")
    context.close()


def test_save_draft_while_offline_stays_on_the_page_and_says_so_in_view(browser, live_server, nomination):
    """Save draft while offline left the page for the browser's "No internet" page, and the status line was below
    the screen while typing."""
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    hold_clock(page)
    page.goto(f"/report/{nomination.token}/")
    address = page.url
    context.set_offline(True)
    page.get_by_label("Main conclusions").fill("Typed while the Wi-Fi was down")
    page.get_by_role("button", name="Save draft").click()
    status = page.locator("#autosave-status")
    expect(status).to_have_text(
        "No connection: nothing was sent. Your text is kept in this browser; send it again when the connection is back."
    )
    assert page.url == address
    expect(page.get_by_label("Main conclusions")).to_have_value("Typed while the Wi-Fi was down")
    # Typing at the top of the form, the status line is still on the screen.
    page.locator("textarea").first.focus()
    page.evaluate("window.scrollTo(0, 0)")
    box = status.bounding_box()
    assert (box["y"] >= 0, box["y"] + box["height"] <= PHONE["height"]) == (True, True), box
    context.set_offline(False)
    context.close()
