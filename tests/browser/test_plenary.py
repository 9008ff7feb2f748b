"""The plenary screens in a real browser: the breakout countdown runs, and the report-back steps with the keyboard."""

import pytest
from playwright.sync_api import expect

from conference.models import Participant
from groups.models import Breakout
from groups.reports import services
from groups.reports.content import ReportContent
from groups.reports.models import RapporteurReport

from .conftest import hold_clock, log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def organiser_page(browser, live_server, loaded, organiser_login):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, base_url=live_server.url)
    page = context.new_page()
    log_in(page, organiser_login)
    yield page
    context.close()


def test_breakout_countdown_runs(organiser_page):
    page = organiser_page
    hold_clock(page)
    page.goto("/caribbean/organisers/sessions/1/screen/")
    expect(page.locator("#countdown")).to_have_text("45:00")
    expect(page.locator(".plenary-group")).to_have_count(4)
    page.get_by_role("button", name="Start").click()
    page.clock.run_for(61_000)
    expect(page.locator("#countdown")).to_have_text("43:59")
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(120_000)
    expect(page.locator("#countdown")).to_have_text("43:59")


def test_report_back_steps_through_published_summaries(organiser_page):
    for number in (1, 2):
        breakout = Breakout.objects.get(session__number=1, group__number=number)
        country = breakout.group.countries.first()
        person = Participant.objects.create(
            conference_id=country.conference_id, full_name=f"Rapporteur {number}", country=country
        )
        nomination = services.nominate_rapporteur(breakout=breakout, participant=person)
        report = RapporteurReport.objects.with_content().get(breakout=breakout)
        content = ReportContent(conclusions=f"Conclusions of group {number}")
        services.save_report(report=report, content=content, base_version=report.version, by=nomination, submit=True)
    services.publish_reports(reports=RapporteurReport.objects.all())
    page = organiser_page
    page.goto("/caribbean/organisers/sessions/1/report-back/")
    slides = page.locator(".plenary-slide")
    expect(slides.nth(0)).to_be_visible()
    expect(slides.nth(0)).to_contain_text("Conclusions of group 1")
    expect(slides.nth(1)).to_be_hidden()
    page.keyboard.press("ArrowRight")
    expect(slides.nth(1)).to_be_visible()
    expect(slides.nth(1)).to_contain_text("Conclusions of group 2")
    expect(slides.nth(0)).to_be_hidden()
    page.keyboard.press("ArrowLeft")
    expect(slides.nth(0)).to_be_visible()
