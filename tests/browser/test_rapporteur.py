"""A rapporteur on a phone writes and submits through the private link; an organiser publishes in admin; the
summary appears on the public group page. Also the autosave and the offline copy, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from conference.models import Country, Participant
from groups.models import Breakout
from groups.reports import services
from groups.reports.models import RapporteurReport, ReportStatus

from .conftest import PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nomination(loaded):
    ann = Participant.objects.create(
        conference_id=Country.objects.get(code="JM").conference_id,
        full_name="Ann Example",
        country=Country.objects.get(code="JM"),
    )
    breakout = Breakout.objects.get(session__number=1, group__number=1)
    return services.nominate_rapporteur(breakout=breakout, participant=ann)


def test_rapporteur_writes_submits_and_organiser_publishes(browser, live_server, nomination, organiser_login):
    phone = browser.new_context(viewport=PHONE, base_url=live_server.url).new_page()
    phone.goto(f"/report/{nomination.token}/")
    expect(phone.get_by_role("heading", level=1)).to_have_text("Communication and advocacy")
    phone.get_by_label("Your group’s answer to question 1").fill("A strategy **for every user**.")
    phone.get_by_role("button", name="Save draft").click()
    expect(phone.get_by_label("Your group’s answer to question 1")).to_have_value("A strategy **for every user**.")
    assert RapporteurReport.objects.get().status == ReportStatus.DRAFT
    phone.get_by_label("Your group’s answer to question 2").fill("Open data portals.")
    phone.get_by_label("Main conclusions").fill("Communication needs a plan <script>alert(1)</script>")
    phone.get_by_label("Recommended actions").fill("- Adopt a regional communication strategy")
    phone.get_by_role("button", name="Submit the report").click()
    expect(phone.get_by_text(re.compile("^Submitted"))).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    report = RapporteurReport.objects.get()
    assert report.status == ReportStatus.SUBMITTED
    phone.context.close()

    desk = browser.new_context(base_url=live_server.url).new_page()
    log_in(desk, organiser_login, next_url="/admin/groups/rapporteurreport/")
    desk.locator(f"input[name=_selected_action][value='{report.pk}']").check()
    desk.locator("select[name=action]").select_option(label="Publish")
    desk.get_by_role("button", name="Go").click()
    expect(desk.locator(".messagelist")).to_contain_text("1 report published")
    desk.context.close()

    public = browser.new_context(viewport=PHONE, base_url=live_server.url).new_page()
    public.goto("/caribbean/groups/1/")
    report_box = public.locator("article").first.locator(".report")
    expect(report_box).to_contain_text("A strategy for every user.")
    expect(report_box.locator("strong")).to_have_text("for every user")
    expect(report_box).to_contain_text("Adopt a regional communication strategy")
    assert public.locator("script").count() == 0
    public.context.close()


def test_autosave_saves_a_draft_and_keeps_text_while_offline(browser, live_server, nomination):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    page.clock.install()
    page.goto(f"/report/{nomination.token}/")
    page.get_by_label("Main conclusions").fill("Typed, then autosaved")
    page.clock.run_for(16_000)
    expect(page.locator("#autosave-status")).to_have_attribute("data-kind", "ok")
    assert RapporteurReport.objects.get().text == "Typed, then autosaved"

    context.set_offline(True)
    page.get_by_label("Main conclusions").fill("Typed while the Wi-Fi was down")
    page.clock.run_for(16_000)
    expect(page.locator("#autosave-status")).to_have_attribute("data-kind", "warn")
    assert RapporteurReport.objects.get().text == "Typed, then autosaved"
    stored = page.evaluate("Object.keys(localStorage).map(k => JSON.parse(localStorage.getItem(k)).fields)")
    assert stored[0]["text"] == "Typed while the Wi-Fi was down"

    # Back online: the next autosave sends what was typed offline. Wait for it before anything else, so that a
    # reload cannot race it.
    context.set_offline(False)
    page.clock.run_for(16_000)
    expect(page.locator("#autosave-status")).to_have_attribute("data-kind", "ok")
    assert RapporteurReport.objects.get().text == "Typed while the Wi-Fi was down"
    page.reload()
    expect(page.get_by_label("Main conclusions")).to_have_value("Typed while the Wi-Fi was down")
    context.close()
