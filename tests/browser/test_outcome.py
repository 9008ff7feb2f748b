"""The public outcome in a real browser, on a 360 px phone and a desktop: a delegate opens it from the programme,
reads it without sideways scrolling and downloads its PDF; the outcome and the list of participants have no serious
accessibility problem (axe)."""

import io
import re

import pypdf
import pytest
from playwright.sync_api import expect

from conference.models import Conference
from tests.conftest import add_people

from .conftest import DESKTOP, PHONE, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(loaded):
    """The Caribbean conference with rapporteurs and reports (a third published), its conclusions written, the
    outcome published and the list of participants public (tests.conftest.add_people)."""
    conference = Conference.objects.get(slug="caribbean")
    add_people(conference)
    conference.conclusions = "The conference agreed to modernise together.\n\n## Key messages\n\n- Share methods."
    conference.save()
    return conference


def serious_violations(page):
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"]) for v in results["violations"] if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize(("label", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_a_delegate_opens_the_outcome_from_the_programme_and_downloads_the_pdf(
    browser, live_server, published, axe, label, viewport
):
    context = browser.new_context(viewport=viewport, base_url=live_server.url, accept_downloads=True)
    context.add_init_script(script=axe)
    page = context.new_page()
    page.goto("/caribbean/")
    page.get_by_role("link", name="The conference’s outcome").click()
    expect(page).to_have_url(re.compile(r"/caribbean/outcome/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Conference outcome: Caribbean regional conference")
    expect(page.get_by_role("heading", name="Key messages")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert serious_violations(page) == []
    screenshot(page, f"outcome-{label}")
    with page.expect_download() as downloaded:
        page.get_by_role("link", name="Download as PDF").click()
    download = downloaded.value
    assert download.suggested_filename == "caribbean-outcome-en.pdf"
    reader = pypdf.PdfReader(io.BytesIO(download.path().read_bytes()))
    assert reader.metadata.title == "Conference outcome: Caribbean regional conference"
    assert len(reader.pages) > 2
    page.goto("/caribbean/")
    page.get_by_role("link", name="List of participants").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("List of participants")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    assert serious_violations(page) == []
    context.close()
