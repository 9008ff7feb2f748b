import pytest
from django.urls import reverse
from lxml import html

from conference.models import Conference

pytestmark = pytest.mark.django_db


def test_home_goes_to_the_only_conference(client, caribbean):
    response = client.get(reverse("pages:home"))
    assert response.status_code == 302
    assert response["Location"] == "/caribbean/"


def test_home_lists_conferences_when_there_are_several(client, caribbean):
    Conference.objects.create(slug="pacific", region="Pacific")
    response = client.get(reverse("pages:home"))
    assert [c.slug for c in response.context["conferences"]] == ["caribbean", "pacific"]


def test_programme_shows_the_loaded_conference(client, caribbean):
    response = client.get(reverse("pages:programme", kwargs={"conference": "caribbean"}))
    content = response.content.decode()
    assert response.status_code == 200
    assert [[s.number for s in day.sessions] for day in response.context["days"]] == [[1, 2, 3, 4, 5]]
    assert "<h1>Caribbean regional conference</h1>" in content
    tree = html.fromstring(content)
    assert [
        (dt.text_content(), dd.text_content())
        for dt, dd in zip(tree.xpath("//dl/dt"), tree.xpath("//dl/dd"), strict=True)
    ] == [
        ("Dates", "to be announced"),
        ("Venue", "to be announced"),
        ("Aim", "to be announced"),
    ]
    # The session dates and contributors are not known either: one day to be announced, no time, no room.
    assert [h.text_content() for h in tree.xpath("//h3[@class='day-heading']")] == ["Date to be announced"]
    assert content.count("Time to be announced") == 5
    assert content.count('Plenary room: <span class="tba">to be announced</span>') == 5
