"""The public join page: what it suggests as organisations, and that no shared cache keeps it."""

import re

import pytest
from django.urls import reverse

from conference.models import Organisation
from groups import services
from groups.models import BreakoutGroup, GroupPartner
from tests.groups.places import place_by_link

pytestmark = pytest.mark.django_db


def join_url(conference):
    return reverse("groups:join", kwargs={"conference": conference.slug})


def suggestions(client, conference):
    page = client.get(join_url(conference)).content.decode()
    datalist = re.search(r'<datalist id="organisation-names">(.*?)</datalist>', page, re.S).group(1)
    return re.findall(r'<option value="([^"]*)">', datalist)


def test_made_up_organisations_of_sign_ups_are_not_suggested(client, caribbean):
    """Finding 7 of "Venue-proof II": 40 sign-ups in 4 s put 40 made-up organisations into the suggestions at once."""
    Organisation.objects.create(conference=caribbean, name="Statistics Canada")
    group = BreakoutGroup.objects.get(conference=caribbean, number=1)
    for number in range(40):
        place_by_link(
            caribbean,
            full_name=f"Partner {number}",
            organisation_name=f"Made-up agency {number}",
            email=f"partner{number}@example.org",
            group=group,
        )
    assert Organisation.objects.filter(name__startswith="Made-up agency").count() == 40
    assert suggestions(client, caribbean) == ["Statistics Canada"]


def test_an_organisation_is_suggested_once_a_partner_of_it_is_confirmed(client, caribbean):
    group = BreakoutGroup.objects.get(conference=caribbean, number=1)
    for name, email in [("Agency One", "one@example.org"), ("Agency Two", "two@example.org")]:
        place_by_link(caribbean, full_name="A partner", organisation_name=name, email=email, group=group)
    assert suggestions(client, caribbean) == []
    services.confirm_partners(places=GroupPartner.objects.filter(participant__organisation__name="Agency Two"))
    assert suggestions(client, caribbean) == ["Agency Two"]


def test_a_sign_up_naming_a_known_organisation_keeps_it_suggested(client, caribbean):
    Organisation.objects.create(conference=caribbean, name="World Stats")
    group = BreakoutGroup.objects.get(conference=caribbean, number=1)
    place_by_link(caribbean, full_name="B", organisation_name="world stats", email="b@example.org", group=group)
    assert suggestions(client, caribbean) == ["World Stats"]


def test_the_join_page_is_private(client, caribbean):
    """Finding 7 of "Venue-proof II": the join page (a form with its CSRF token) sent no Cache-Control: private."""
    response = client.get(join_url(caribbean))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private"
