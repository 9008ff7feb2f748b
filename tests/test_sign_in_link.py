"""The public site's discreet way in for organisers: a footer link to the admin's login that comes back to the
console in the page's language; an organiser already signed in sees the console's link instead."""

import pytest
from lxml import html

pytestmark = pytest.mark.django_db

SIGN_IN = "/admin/login/?next=/caribbean/organisers/"


def footer_links(response):
    page = html.fromstring(response.content)
    return [(a.text_content(), a.get("href")) for a in page.cssselect("footer.site-footer a")]


@pytest.mark.parametrize(
    ("prefix", "label"),
    [
        ("", "Organisers’ sign-in"),
        ("/fr", "Connexion des organisateurs"),
        ("/es", "Acceso para organizadores"),
        ("/nl", "Inloggen voor organisatoren"),
    ],
)
def test_the_programme_has_a_sign_in_link_for_organisers(client, caribbean, prefix, label):
    links = footer_links(client.get(f"{prefix}/caribbean/"))
    assert links[-1] == (label, f"/admin/login/?next={prefix}/caribbean/organisers/")


def test_signing_in_from_the_link_leads_to_the_console(client, caribbean, organiser):
    page = client.get(SIGN_IN)
    assert page.status_code == 200
    answer = client.post(
        SIGN_IN, {"username": "org", "password": "pw-for-tests-only", "next": "/caribbean/organisers/"}
    )
    assert (answer.status_code, answer["Location"]) == (302, "/caribbean/organisers/")
    assert client.get("/caribbean/organisers/").status_code == 200


def test_a_signed_in_organiser_sees_no_sign_in_link(client, caribbean, organiser):
    client.force_login(organiser)
    assert [href for _label, href in footer_links(client.get("/caribbean/"))] == ["/caribbean/groups/join/"]
