"""The conference's logos in the admin: an inline on the conference's page, with the console's checks."""

import pytest
from django.core.files.storage import default_storage
from lxml import html

from conference.models import ConferenceLogo, LogoKind
from tests.html_forms import form_data
from tests.logos import image_bytes, upload

pytestmark = pytest.mark.django_db

PREFIX = "logos-"


def change_page(conference):
    return f"/admin/conference/conference/{conference.pk}/change/"


def with_new_logos(data, *logos):
    """The page's form with new inline rows, each {field: value}."""
    data = dict(data)
    for number, fields in enumerate(logos):
        data |= {f"{PREFIX}{number}-{name}": value for name, value in fields.items()}
    data[f"{PREFIX}TOTAL_FORMS"] = str(len(logos))
    return data


def admin_errors(response):
    tree = html.fromstring(response.content.decode())
    return [" ".join(node.text_content().split()) for node in tree.xpath("//ul[contains(@class, 'errorlist')]/li")]


def stored_files():
    try:
        return sorted(default_storage.listdir("logos")[1])
    except FileNotFoundError:
        return []


def test_an_organiser_adds_a_logo_in_the_admin(organiser_client, scheduled):
    address = change_page(scheduled)
    data = with_new_logos(
        form_data(organiser_client.get(address)),
        {
            "kind": LogoKind.CONFERENCE,
            "name": "Conference logo",
            "link": "",
            "position": "0",
            "image": upload(image_bytes()),
        },
    )
    response = organiser_client.post(address, data)
    assert response.status_code == 302, admin_errors(response)
    logo = ConferenceLogo.objects.get()
    assert (logo.conference, logo.name, logo.width, logo.height, len(logo.renditions)) == (
        scheduled,
        "Conference logo",
        600,
        300,
        4,
    )
    assert len(stored_files()) == 5


def test_the_admin_refuses_an_svg_and_stores_nothing(organiser_client, scheduled):
    address = change_page(scheduled)
    svg = upload(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "logo.svg")
    data = with_new_logos(
        form_data(organiser_client.get(address)),
        {"kind": LogoKind.CO_ORGANISER, "name": "Institution", "link": "", "position": "0", "image": svg},
    )
    response = organiser_client.post(address, data)
    assert response.status_code == 200
    assert admin_errors(response) == [
        "SVG logos are not accepted: an SVG file can carry scripts. Export the logo as PNG (at least 240 pixels high) "
        "and upload that."
    ]
    assert (ConferenceLogo.objects.count(), stored_files()) == (0, [])


def test_the_admin_refuses_two_own_logos_at_once(organiser_client, scheduled):
    address = change_page(scheduled)
    own = {"kind": LogoKind.CONFERENCE, "link": "", "position": "0"}
    data = with_new_logos(
        form_data(organiser_client.get(address)),
        own | {"name": "First", "image": upload(image_bytes())},
        own | {"name": "Second", "image": upload(image_bytes())},
    )
    response = organiser_client.post(address, data)
    assert response.status_code == 200
    assert admin_errors(response) == ["A conference has at most one logo of its own: make the others co-organisers’."]
    assert (ConferenceLogo.objects.count(), stored_files()) == (0, [])
