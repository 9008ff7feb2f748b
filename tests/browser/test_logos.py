"""The logos in a real browser: the header's logo sharp on phone and desktop screens of density 1 to 3 (the copy the
browser picks has at least as many pixels as it covers), never wider than the page; a phone downloads only the copies
its screen needs; axe finds nothing serious on a page with logos."""

import pytest
from playwright.sync_api import expect

from conference.models import Conference, LogoKind
from tests.logos import add_logo, image_bytes

from .conftest import DESKTOP, PHONE, log_in, screenshot

# What a logo's copies may add to a page on a phone (2× screen): the header's and the footer's, a few kilobytes each.
LOGO_BYTES_BUDGET = 30 * 1024
# Everything a phone downloads for the programme with its logos (the page, Bootstrap's and the site's styles, the
# script, the logos): below what a 3G connection brings in a few seconds.
PAGE_BYTES_BUDGET = 400 * 1024

REAL_PIXELS = """img => new Promise(resolve => {
    const copy = new Image();
    copy.onload = () => resolve(copy.naturalWidth);
    copy.src = img.currentSrc;
})"""


@pytest.fixture
def logos(loaded):
    conference = Conference.objects.get(slug="caribbean")
    # A wide wordmark (3:1) for the conference, the largest upload's shape a header usually meets.
    own = add_logo(conference, kind=LogoKind.CONFERENCE, name="Conference logo", content=image_bytes(1200, 400))
    first = add_logo(conference, name="First institution", link="https://first.example/", position=1)
    second = add_logo(conference, name="Second institution", position=2, content=image_bytes(400, 400, "JPEG", "RGB"))
    return own, first, second


def logo_downloads(page):
    return page.evaluate(
        """() => performance.getEntriesByType('resource')
            .filter(entry => entry.name.includes('/logos/'))
            .map(entry => [new URL(entry.name).pathname.split('-').pop(), entry.encodedBodySize])"""
    )


@pytest.mark.parametrize("density", [1, 2, 3])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360px", "desktop"])
def test_the_header_logo_is_sharp_and_fits(browser, live_server, logos, viewport, density):
    context = browser.new_context(viewport=viewport, device_scale_factor=density, base_url=live_server.url)
    page = context.new_page()
    page.goto("/caribbean/")
    logo = page.locator("header .site-brand img")
    expect(logo).to_have_attribute("alt", "Conference logo")
    expect(logo).to_have_js_property("complete", True)
    box = logo.bounding_box()
    real_width = logo.evaluate(REAL_PIXELS)
    assert box["height"] <= 48
    assert real_width >= box["width"] * density
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= viewport["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    for image in page.locator("footer img").all():
        expect(image).to_have_js_property("complete", True)
        footer_box = image.bounding_box()
        assert image.evaluate(REAL_PIXELS) >= footer_box["width"] * density
    screenshot(page, f"logos-{viewport['width']}px-{density}x")
    context.close()


def test_a_phone_downloads_only_the_copies_its_screen_needs(browser, live_server, logos):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, base_url=live_server.url)
    page = context.new_page()
    page.goto("/caribbean/")
    for image in page.locator("img").all():
        expect(image).to_have_js_property("complete", True)
    downloads = logo_downloads(page)
    assert sorted(name for name, _size in downloads) == ["96.webp", "96.webp", "96.webp"]
    assert sum(size for _name, size in downloads) <= LOGO_BYTES_BUDGET
    total = page.evaluate(
        """() => performance.getEntriesByType('navigation')[0].encodedBodySize
            + performance.getEntriesByType('resource').reduce((sum, entry) => sum + entry.encodedBodySize, 0)"""
    )
    print(f"programme with logos at 360 px, 2x: {total} bytes, logos {sum(size for _n, size in downloads)} bytes")
    assert total <= PAGE_BYTES_BUDGET
    context.close()


def test_no_serious_accessibility_violation_on_a_page_with_logos(browser, live_server, logos, axe):
    found = {}
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.add_init_script(script=axe)
        page = context.new_page()
        for path in ("/caribbean/", "/fr/caribbean/sessions/1/"):
            page.goto(path)
            expect(page.locator("footer img")).to_have_count(2)
            results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
            serious = [
                (violation["id"], [node["target"] for node in violation["nodes"]])
                for violation in results["violations"]
                if violation["impact"] in ("serious", "critical")
            ]
            if serious:
                found[f"{label} {path}"] = serious
        context.close()
    assert found == {}


def test_the_widest_logo_allowed_stays_within_a_phones_page(browser, live_server, loaded):
    """A logo eight times as wide as it is high (the widest the upload takes) beside a long name, on a 360 px phone."""
    conference = Conference.objects.get(slug="caribbean")
    add_logo(conference, kind=LogoKind.CONFERENCE, name="Banner", content=image_bytes(1920, 240))
    context = browser.new_context(viewport=PHONE, device_scale_factor=3, base_url=live_server.url)
    page = context.new_page()
    page.goto("/caribbean/")
    logo = page.locator("header .site-brand img")
    expect(logo).to_have_js_property("complete", True)
    box = logo.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    assert logo.evaluate(REAL_PIXELS) >= box["width"] * 3
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_an_organiser_adds_a_logo_from_a_phone_and_an_svg_is_refused(
    browser, live_server, loaded, organiser_login, axe
):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    context.add_init_script(script=axe)
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, organiser_login)
    page.goto("/caribbean/organisers/")
    page.get_by_role("link", name="Logos", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Logos")
    form = page.locator("form").filter(has=page.get_by_role("button", name="Add the logo"))
    form.get_by_label("Organisation name (text in place of the logo)").fill("Typed institution")
    form.get_by_label("Link").fill("https://institution.example/")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
    form.get_by_label("Image").set_input_files({"name": "logo.svg", "mimeType": "image/svg+xml", "buffer": svg})
    form.get_by_role("button", name="Add the logo").click()
    expect(page.get_by_text("SVG logos are not accepted", exact=False)).to_be_visible()
    form = page.locator("form").filter(has=page.get_by_role("button", name="Add the logo"))
    expect(form.get_by_label("Organisation name (text in place of the logo)")).to_have_value("Typed institution")
    form.get_by_label("Kind").select_option(label="the conference’s own logo")
    form.get_by_label("Image").set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": image_bytes(720, 240)}
    )
    form.get_by_role("button", name="Add the logo").click()
    expect(page.get_by_text("Logo “Typed institution” added.")).to_be_visible()
    header_logo = page.locator("header .site-brand img")
    expect(header_logo).to_have_attribute("alt", "Typed institution")
    expect(header_logo).to_have_js_property("complete", True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [v["id"] for v in results["violations"] if v["impact"] in ("serious", "critical")]
    screenshot(page, "console-logos-360px")
    context.close()
    assert (serious, refused) == ([], [])
