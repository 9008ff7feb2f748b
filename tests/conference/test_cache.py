"""The public page cache: fast for the many, never stale after an edit, never personal."""

import contextlib
import datetime

import pytest
from django.db import transaction
from django.urls import reverse

from conference.models import ContentVersion, Country, Organisation, OrganisationKind, ThematicArea
from conference.roles import sync_organisers_group
from groups.models import Question
from sessions.models import Session
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db
# The version rises once per transaction, and a test's changes all run in one (pytest-django's) unless it commits
# for real: the tests of what happens between transactions commit for real.
committing = pytest.mark.django_db(transaction=True)


@pytest.fixture
def organisers_group(transactional_db):
    """The Organisers group, made again: an earlier test's flush may have emptied its table."""
    sync_organisers_group()


def test_a_cached_page_costs_one_query(client, caribbean, django_assert_num_queries):
    url = reverse("pages:session", kwargs={"conference": "caribbean", "number": 1})
    first = client.get(url).content
    with django_assert_num_queries(1):
        assert client.get(url).content == first


@committing
def test_an_edit_shows_on_the_next_request(client, caribbean):
    url = reverse("pages:session", kwargs={"conference": "caribbean", "number": 1})
    client.get(url)
    question = Question.objects.filter(breakout__session__number=1).first()
    question.text = "An edited question?"
    question.save()
    assert "An edited question?" in client.get(url).content.decode()


@committing
def test_related_changes_raise_the_version(caribbean):
    before = ContentVersion.current()
    session = Session.objects.get(number=1)
    session.thematic_areas.clear()
    after_m2m = ContentVersion.current()
    session.delete()
    assert before < after_m2m < ContentVersion.current()


@committing
def test_organiser_edit_in_admin_shows_at_once(client, caribbean, organisers_group, organiser):
    url = reverse("pages:programme", kwargs={"conference": "caribbean"})
    assert "Kingston venue" not in client.get(url).content.decode()
    admin = client.__class__()
    admin.force_login(organiser)
    change = reverse("admin:conference_conference_change", args=[caribbean.pk])
    data = form_data(admin.get(change))  # the page's own form, with its rooms' inline
    data["venue"] = "Kingston venue"
    assert admin.post(change, data).status_code == 302
    assert "Kingston venue" in client.get(url).content.decode()


def test_logged_in_users_and_messages_bypass_the_cache(client, caribbean, organiser, django_assert_num_queries):
    url = reverse("pages:session", kwargs={"conference": "caribbean", "number": 1})
    client.get(url)
    client.force_login(organiser)
    # The page built afresh (with its public documents and the presentations' contributors), then the login session,
    # the user and their permissions (the menu links an organiser to the console), and the conference's logos.
    with django_assert_num_queries(17):
        client.get(url)


def test_forms_with_a_csrf_token_are_not_cached(client, caribbean):
    url = reverse("groups:join", kwargs={"conference": "caribbean"})
    first, second = client.get(url), client.__class__().get(url)
    assert first.context is not None
    assert second.context is not None


def test_the_scheme_is_part_of_the_key(client, caribbean):
    url = reverse("sessions:schedule_json", kwargs={"conference": "caribbean"})
    caribbean.start_date = caribbean.end_date = datetime.date(2027, 5, 3)
    caribbean.time_zone = "America/Port_of_Spain"
    caribbean.save()
    Session.objects.filter(number=1).update(date=datetime.date(2027, 5, 3), start_time=datetime.time(9))
    assert "http://testserver/caribbean/sessions/1/" in client.get(url).content.decode()
    # The same address over HTTPS was answered from the HTTP copy, with http:// links.
    content = client.get(url, secure=True).content.decode()
    assert ("https://testserver/caribbean/sessions/1/" in content, "http://testserver" in content) == (True, False)


def test_made_up_query_strings_share_one_cached_page(client, caribbean, django_assert_num_queries):
    programme = reverse("pages:programme", kwargs={"conference": "caribbean"})
    session = reverse("pages:session", kwargs={"conference": "caribbean", "number": 1})
    first = client.get(programme).content
    # 320 made-up query strings filled the local-memory cache (300 entries) and evicted every page.
    for number in range(320):
        client.get(session, {"utm_source": number})
    with django_assert_num_queries(1):  # the content version: the page is still in the cache
        assert client.get(programme).content == first
    with django_assert_num_queries(1):
        assert client.get(programme, {"x": "anything"}).content == first
    with django_assert_num_queries(1):
        assert client.get(session).status_code == 200


def test_a_page_reads_only_the_query_it_names(client, caribbean, django_assert_num_queries):
    find = reverse("groups:find", kwargs={"conference": "caribbean"})
    empty = client.get(find, {"find": "Find my group"}).content.decode()
    assert "Choose your country or territory, or type your organisation or name." in empty
    with django_assert_num_queries(1):
        assert client.get(find, {"find": "Find my group", "utm_source": "x"}).content.decode() == empty
    assert (
        "No participant or organisation matches “Somebody”" in client.get(find, {"name": "Somebody"}).content.decode()
    )
    # A parameter the page does not name does not reach it: the form is not taken as submitted empty.
    assert "Choose your country or territory, or type" not in client.get(find, {"utm_source": "x"}).content.decode()


@committing
def test_a_transaction_raises_the_version_once_and_inside_it(caribbean):
    # As a partner sign-up saved an organisation, a participant and a place: three raises in one transaction.
    before = ContentVersion.current()
    with transaction.atomic():
        area = ThematicArea.objects.create(conference=caribbean, code="9", title="New area")
        assert ContentVersion.current() == before + 1  # raised with the first change, in the transaction
        Country.objects.create(conference=caribbean, code="CU", name="Cuba")
        caribbean.venue = "Kingston"
        caribbean.save()
        area.delete()
    assert ContentVersion.current() == before + 1
    caribbean.save()  # outside a transaction each change is one
    caribbean.save()
    assert ContentVersion.current() == before + 3
    with transaction.atomic():  # the next transaction raises it again
        caribbean.save()
        caribbean.save()
    assert ContentVersion.current() == before + 4


@committing
def test_nested_atomic_blocks_raise_the_version_once(caribbean):
    before = ContentVersion.current()
    with transaction.atomic():
        Country.objects.create(conference=caribbean, code="CU", name="Cuba")
        with transaction.atomic():
            Country.objects.create(conference=caribbean, code="AW", name="Aruba")
            with transaction.atomic():
                ThematicArea.objects.create(conference=caribbean, code="9", title="New area")
        # A savepoint rolled back after the raise leaves it standing.
        with contextlib.suppress(RuntimeError), transaction.atomic():
            Country.objects.create(conference=caribbean, code="QM", name="Made-up M")
            raise RuntimeError
        assert ContentVersion.current() == before + 1
        Country.objects.create(conference=caribbean, code="QN", name="Made-up N")
    assert ContentVersion.current() == before + 1
    with transaction.atomic():  # raised in a savepoint that is kept: it counts for the whole transaction
        with transaction.atomic():
            Country.objects.create(conference=caribbean, code="QO", name="Made-up O")
        Country.objects.create(conference=caribbean, code="QP", name="Made-up P")
    assert ContentVersion.current() == before + 2


@committing
def test_a_rolled_back_raise_is_raised_again(caribbean):
    before = ContentVersion.current()
    with transaction.atomic():
        with contextlib.suppress(RuntimeError), transaction.atomic():
            Country.objects.create(conference=caribbean, code="CU", name="Cuba")
            assert ContentVersion.current() == before + 1
            raise RuntimeError
        assert ContentVersion.current() == before
        Country.objects.create(conference=caribbean, code="AW", name="Aruba")
    assert ContentVersion.current() == before + 1
    assert list(Country.objects.filter(code__in=["CU", "AW"]).values_list("code", flat=True)) == ["AW"]


@committing
def test_a_rolled_back_transaction_raises_nothing_and_the_next_one_raises_it(caribbean):
    before = ContentVersion.current()
    with contextlib.suppress(RuntimeError), transaction.atomic():
        Country.objects.create(conference=caribbean, code="CU", name="Cuba")
        assert ContentVersion.current() == before + 1
        raise RuntimeError
    assert ContentVersion.current() == before
    with transaction.atomic():
        Country.objects.create(conference=caribbean, code="AW", name="Aruba")
    assert ContentVersion.current() == before + 1
    with transaction.atomic():
        Country.objects.create(conference=caribbean, code="CU", name="Cuba")
        transaction.set_rollback(True)  # rolled back without an exception
    with transaction.atomic():
        Country.objects.create(conference=caribbean, code="QN", name="Made-up N")
    assert ContentVersion.current() == before + 2


@committing
def test_an_admin_save_with_inlines_raises_the_version_once(client, caribbean, organisers_group, organiser):
    client.force_login(organiser)
    session = Session.objects.get(number=2)
    url = reverse("admin:agenda_sessions_session_change", args=[session.pk])
    data = form_data(client.get(url)) | {"title": "Renamed", "segments-0-min_minutes": "11"}
    before = ContentVersion.current()
    assert client.post(url, data).status_code == 302
    assert ContentVersion.current() == before + 1


def test_a_test_is_one_transaction(caribbean):
    # Without a real commit a test's changes are one transaction (pytest-django's): the fixture raised the version,
    # these changes do not raise it again.
    before = ContentVersion.current()
    Country.objects.create(conference=caribbean, code="CU", name="Cuba")
    Country.objects.create(conference=caribbean, code="AW", name="Aruba")
    assert ContentVersion.current() == before


@committing
def test_a_model_decides_per_record_whether_it_shows(monkeypatch, caribbean):
    def has_a_kind(self):
        return self.kind != ""  # say, only organisations with a kind are shown

    monkeypatch.setattr(Organisation, "affects_public_pages", has_a_kind, raising=False)
    before = ContentVersion.current()
    hidden = Organisation.objects.create(conference=caribbean, name="Hidden")
    hidden.delete()
    assert ContentVersion.current() == before
    shown = Organisation.objects.create(conference=caribbean, name="Shown", kind=OrganisationKind.BILATERAL)
    shown.delete()  # the record as it was
    assert ContentVersion.current() == before + 2

    def once_changed(self, created=False):
        return not created  # say, a new record shows nowhere until it is edited

    monkeypatch.setattr(Organisation, "affects_public_pages", once_changed)
    later = Organisation.objects.create(conference=caribbean, name="Later")
    assert ContentVersion.current() == before + 2
    later.save()
    assert ContentVersion.current() == before + 3

    monkeypatch.setattr(Organisation, "affects_public_pages", False)  # the class attribute still works
    Organisation.objects.create(conference=caribbean, name="Never", kind=OrganisationKind.BILATERAL).delete()
    assert ContentVersion.current() == before + 3


def test_searched_names_are_never_stored(client, caribbean, monkeypatch):
    """A flood of made-up names on the find page must not fill the cache with one page per name."""
    from conference import cache as page_cache

    stored = []
    monkeypatch.setattr(page_cache.cache, "set", lambda key, *args, **kwargs: stored.append(key))
    for number in range(5):
        assert client.get(f"/caribbean/groups/find/?name=nobody-{number}").status_code == 200
    assert stored == []
    assert client.get("/caribbean/groups/find/").status_code == 200  # the empty form is stored, once
    assert len(stored) == 1
