"""Where the logos show: the site's header (the conference's own) and footer (the co-organisers', with their links),
the projector screens, the printed cards; each image with its text, its copies for every screen density and its box;
nothing at all while there is no logo; no more queries with logos than without, whatever the conference's size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from conference.models import LogoKind
from tests.logos import add_logo, image_bytes
from tests.reports.test_query_counts import PAGES as CONSOLE_PAGES
from tests.test_public_pages import PAGE_QUERIES, public_pages

pytestmark = pytest.mark.django_db


def with_logos(conference):
    own = add_logo(conference, kind=LogoKind.CONFERENCE, name="Conference logo", content=image_bytes(720, 240))
    first = add_logo(conference, name="First institution", link="https://first.example/", position=1)
    second = add_logo(conference, name="Second institution", position=2, content=image_bytes(240, 240, "WEBP"))
    return own, first, second


def images(content, xpath):
    """(alt, src, srcset, sizes, width, height) of each image the xpath finds."""
    tree = html.fromstring(content)
    return [
        (img.get("alt"), img.get("src"), img.get("srcset"), img.get("sizes"), img.get("width"), img.get("height"))
        for img in tree.xpath(xpath)
    ]


def copies(logo, width_at_48):
    """The srcset of a logo's WebP copies, `width_at_48` being its width at 48 pixels high."""
    base = f"/{logo.conference.slug}/logos/{logo.file_key}"
    return f"{base}-48.webp {width_at_48}w, {base}-96.webp {width_at_48 * 2}w, {base}-240.webp {width_at_48 * 5}w"


def test_the_header_shows_the_conferences_logo_beside_its_name(client, caribbean):
    own, _first, _second = with_logos(caribbean)
    response = client.get("/caribbean/")
    src = f"/caribbean/logos/{own.file_key}-48.webp"
    assert images(response.content, "//header//a[@class='site-brand me-auto']/img") == [
        ("Conference logo", src, copies(own, 144), "144px", "144", "48")
    ]
    brand = html.fromstring(response.content).xpath("//a[contains(@class, 'site-brand')]")[0]
    assert brand.text_content().strip() == caribbean.display_name


def test_the_footer_shows_the_co_organisers_logos_with_their_links(client, caribbean):
    _own, first, second = with_logos(caribbean)
    content = client.get("/fr/caribbean/").content
    tree = html.fromstring(content)
    assert [item.text_content().strip() for item in tree.xpath("//footer//div[@class='co-organisers']/p")] == [
        "Co-organisé par"
    ]
    assert tree.xpath("//footer//ul[@class='logo-list']/li/a/@href") == ["https://first.example/"]
    assert images(content, "//footer//img") == [
        ("First institution", f"/caribbean/logos/{first.file_key}-48.webp", copies(first, 96), "80px", "80", "40"),
        ("Second institution", f"/caribbean/logos/{second.file_key}-48.webp", copies(second, 48), "40px", "40", "40"),
    ]


def test_pages_without_logos_have_no_logo_markup(client, caribbean):
    content = client.get("/caribbean/").content
    assert b"logo" not in content.replace(b"favicon", b"")
    assert html.fromstring(content).xpath("//img") == []


def test_only_a_co_organisers_logo_leaves_the_header_as_it_was(client, caribbean):
    add_logo(caribbean, name="Only institution")
    tree = html.fromstring(client.get("/caribbean/").content)
    assert tree.xpath("//header//img") == []
    assert [img.get("alt") for img in tree.xpath("//footer//img")] == ["Only institution"]


def test_the_screens_show_every_logo(organiser_client, caribbean):
    own, first, second = with_logos(caribbean)
    for address in ("/caribbean/organisers/sessions/1/screen/", "/caribbean/organisers/sessions/1/report-back/"):
        content = organiser_client.get(address).content
        assert images(content, "//header[@class='screen-head']//img") == [
            ("Conference logo", f"/caribbean/logos/{own.file_key}-96.webp", copies(own, 144), "216px", "216", "72"),
            (
                "First institution",
                f"/caribbean/logos/{first.file_key}-96.webp",
                copies(first, 96),
                "144px",
                "144",
                "72",
            ),
            (
                "Second institution",
                f"/caribbean/logos/{second.file_key}-96.webp",
                copies(second, 48),
                "72px",
                "72",
                "72",
            ),
        ], address


def test_the_cards_show_the_conferences_logo(organiser_client, caribbean):
    own, _first, _second = with_logos(caribbean)
    content = organiser_client.get("/caribbean/organisers/sessions/1/cards/").content
    shown = images(content, "//p[@class='card-conference']/img")
    room_cards = len(html.fromstring(content).xpath("//article[contains(@class, 'room-card')]"))
    assert room_cards > 0
    assert set(shown) == {
        ("Conference logo", f"/caribbean/logos/{own.file_key}-48.webp", copies(own, 144), "120px", "120", "40")
    }
    assert len(shown) == len(html.fromstring(content).xpath("//article"))


def test_every_copy_a_page_names_is_served(client, caribbean):
    with_logos(caribbean)
    tree = html.fromstring(client.get("/caribbean/").content)
    addresses = {candidate.split()[0] for srcset in tree.xpath("//img/@srcset") for candidate in srcset.split(", ")}
    assert len(addresses) == 9
    for address in sorted(addresses):
        response = client.get(address)
        assert (response.status_code, response["Content-Type"]) == (200, "image/webp"), address


@pytest.mark.parametrize("size", ["caribbean_with_people", "large_conference"])
def test_logos_cost_no_query_more_than_none(client, organiser, size, request):
    """The public pages and the console's pages that show logos: the same counts as without them (one query reads
    the logos on every page in the site's layout, logos or not)."""
    conference = request.getfixturevalue(size)
    with_logos(conference)
    pages = public_pages(conference)
    counts = {}
    for page in sorted(PAGE_QUERIES):
        with CaptureQueriesContext(connection) as queries:
            client.get(pages[page])
        counts[page] = len(queries)
    assert counts == PAGE_QUERIES
    client.force_login(organiser)
    shown = ["organisers' home", "dashboard", "cards", "breakout screen", "report-back screen"]
    counts = {}
    for page in shown:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(CONSOLE_PAGES[page][0].format(slug=conference.slug))
        assert response.status_code == 200
        counts[page] = len(queries)
    assert counts == {page: CONSOLE_PAGES[page][1] for page in shown}


@pytest.mark.django_db(transaction=True)  # the version rises once per transaction: the logo is saved for real
def test_a_new_logo_shows_on_pages_kept_in_the_page_cache(client, caribbean):
    assert html.fromstring(client.get("/caribbean/").content).xpath("//img") == []
    add_logo(caribbean, kind=LogoKind.CONFERENCE, name="New logo")
    assert html.fromstring(client.get("/caribbean/").content).xpath("//header//img/@alt") == ["New logo"]


def test_a_logos_copy_is_served_in_one_query_whatever_the_number_of_logos(client, caribbean, django_assert_num_queries):
    logos = [add_logo(caribbean, name=f"Institution {number}", position=number) for number in range(10)]
    for logo in (logos[0], logos[-1]):
        with django_assert_num_queries(1):  # the logo's row, to check the copy is one of its own
            response = client.get(f"/caribbean/logos/{logo.file_key}-48.webp")
        assert response.status_code == 200
