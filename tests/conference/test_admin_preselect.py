"""With one conference on the site, the admin's add forms choose it already; with two, they ask."""

import pytest
from lxml import html

from conference.models import Conference

pytestmark = pytest.mark.django_db

ADD_FORMS = [
    "/admin/agenda_sessions/room/add/",
    "/admin/agenda_sessions/session/add/",
    "/admin/groups/breakoutgroup/add/",
    "/admin/conference/thematicarea/add/",
    "/admin/conference/country/add/",
    "/admin/conference/organisation/add/",
    "/admin/conference/participant/add/",
]


def chosen_conference(client, address):
    page = html.fromstring(client.get(address).content.decode())
    return page.xpath("//select[@name='conference']/option[@selected]/@value")


def test_the_only_conference_is_preselected(admin_client, caribbean):
    assert {address: chosen_conference(admin_client, address) for address in ADD_FORMS} == {
        address: [str(caribbean.pk)] for address in ADD_FORMS
    }


def test_with_two_conferences_nothing_is_preselected(admin_client, caribbean):
    Conference.objects.create(slug="pacific", region="Pacific")
    assert {address: chosen_conference(admin_client, address) for address in ADD_FORMS} == {
        address: [""] for address in ADD_FORMS
    }
