"""The public page cache: fast for the many, never stale after an edit, never personal."""

import pytest
from django.urls import reverse

from conference.models import ContentVersion
from groups.models import Question
from sessions.models import Session

pytestmark = pytest.mark.django_db


def test_a_cached_page_costs_one_query(client, caribbean, django_assert_num_queries):
    url = reverse("sessions:detail", kwargs={"conference": "caribbean", "number": 1})
    first = client.get(url).content
    with django_assert_num_queries(1):
        assert client.get(url).content == first


def test_an_edit_shows_on_the_next_request(client, caribbean):
    url = reverse("sessions:detail", kwargs={"conference": "caribbean", "number": 1})
    client.get(url)
    question = Question.objects.filter(breakout__session__number=1).first()
    question.text = "An edited question?"
    question.save()
    assert "An edited question?" in client.get(url).content.decode()


def test_related_changes_raise_the_version(caribbean):
    before = ContentVersion.current()
    session = Session.objects.get(number=1)
    session.thematic_areas.clear()
    after_m2m = ContentVersion.current()
    session.delete()
    assert before < after_m2m < ContentVersion.current()


def test_organiser_edit_in_admin_shows_at_once(client, caribbean, organiser):
    url = reverse("conference:programme", kwargs={"conference": "caribbean"})
    assert "Kingston venue" not in client.get(url).content.decode()
    admin = client.__class__()
    admin.force_login(organiser)
    change = reverse("admin:conference_conference_change", args=[caribbean.pk])
    data = {"slug": "caribbean", "region": "Caribbean", "name": "", "aim": "", "venue": "Kingston venue"}
    data |= {"start_date": "", "end_date": "", "time_zone": "", "modalities": caribbean.modalities}
    assert admin.post(change, data).status_code == 302
    assert "Kingston venue" in client.get(url).content.decode()


def test_logged_in_users_and_messages_bypass_the_cache(client, caribbean, organiser, django_assert_num_queries):
    url = reverse("sessions:detail", kwargs={"conference": "caribbean", "number": 1})
    client.get(url)
    client.force_login(organiser)
    # The page built afresh, then the login session, the user and their permissions (the menu links an organiser to
    # the console).
    with django_assert_num_queries(15):
        client.get(url)


def test_forms_with_a_csrf_token_are_not_cached(client, caribbean):
    url = reverse("groups:join", kwargs={"conference": "caribbean"})
    first, second = client.get(url), client.__class__().get(url)
    assert first.context is not None
    assert second.context is not None
