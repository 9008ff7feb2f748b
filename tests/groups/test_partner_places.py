"""Partners choose their group by a mailed link: the join page answers every address alike and stores nothing; the
link records the place (or moves it), once; the organisers confirm it from the console; Find my group finds the
people and organisations the organisers entered, with or without a group."""

import pytest
from django.core import mail, signing
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st
from lxml import html

from conference.models import ContentVersion, Organisation, OrganisationKind, Participant
from groups import services
from groups.models import BreakoutGroup, GroupPartner
from tests.groups.places import (
    CONFIRMATION_IN_LANGUAGES,
    link_in,
    path_of,
    place_by_link,
    request_place,
    without_csrf_token,
)
from tests.test_fuzz import FUZZ, assert_harmless, fuzz_text, on_its_own

pytestmark = pytest.mark.django_db

JOIN = "/caribbean/groups/join/"


@pytest.fixture
def group2(caribbean):
    return BreakoutGroup.objects.get(conference=caribbean, number=2)


@pytest.fixture
def imported(caribbean):
    """A partner as the organisers' import records them: CARICOM Secretariat's, with an email address, no group."""
    organisation = Organisation.objects.create(
        conference=caribbean, name="CARICOM Secretariat", kind=OrganisationKind.MULTILATERAL
    )
    return Participant.objects.create(
        conference=caribbean, full_name="Robin Imported", organisation=organisation, email="robin@example.org"
    )


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def follow_link(client, message):
    """Open the mailed link, then press its button; returns the button's answer, followed."""
    page = client.get(path_of(link_in(message)))
    assert page.status_code == 200
    return client.post(path_of(link_in(message)), follow=True)


def test_known_and_unknown_addresses_get_the_same_page_byte_for_byte(client, mail_on, caribbean, imported, group2):
    """Issue 18, point 2: a known address was silently ignored while the page said the place was recorded."""
    fields = {"group": group2, "full_name": "Robin Imported", "organisation": "CARICOM Secretariat"}
    known, known_mail = request_place(client, caribbean, email="robin@example.org", **fields)
    unknown, unknown_mail = request_place(client, caribbean, email="nobody-yet@example.org", **fields)
    assert known.redirect_chain == unknown.redirect_chain == [(JOIN, 302)]
    assert without_csrf_token(known.content) == without_csrf_token(unknown.content)
    assert messages_of(known) == [
        "Check your mailbox: a mail with a link to confirm your place in Group 2 is on its way to the address you "
        "gave. The link works for 7 days."
    ]
    assert (known_mail.to, unknown_mail.to) == (["robin@example.org"], ["nobody-yet@example.org"])
    assert known_mail.subject == unknown_mail.subject == "Confirm your place in Group 2 – Caribbean regional conference"
    # Nothing is stored before a link is followed.
    assert (Participant.objects.count(), Organisation.objects.count(), GroupPartner.objects.count()) == (1, 1, 0)


def test_the_mail_says_what_the_link_does(client, mail_on, caribbean, group2):
    _response, message = request_place(
        client, caribbean, group=group2, full_name="Dana Doe", organisation="World Stats", email="dana@example.org"
    )
    link = link_in(message)
    assert link.startswith("http://testserver/caribbean/groups/join/confirm/")
    assert message.body == (
        "Dear Dana Doe,\n\n"
        "Someone, hopefully you, asked on the conference’s site for a place for this address in Group 2. To confirm "
        "it, open this link and press the button on the page:\n\n"
        f"{link}\n\n"
        "The link works once, for 7 days. The organisers then confirm your place, and your name shows on the group’s "
        "page. If you did not ask for this, ignore this mail: nothing is recorded.\n\n"
        "Caribbean regional conference\n"
    )


def test_a_new_partner_is_recorded_when_the_link_is_followed(client, mail_on, caribbean, group2):
    version = ContentVersion.current()
    _response, message = request_place(
        client, caribbean, group=group2, full_name="  Dana   Doe ", organisation="World Stats", email="dana@example.org"
    )
    page = client.get(path_of(link_in(message)))
    tree = html.fromstring(page.content)
    assert tree.xpath("normalize-space(//main//form//button)") == "Confirm my place in Group 2"
    assert page["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert Participant.objects.count() == 0  # opening the link (as a mail scanner does) records nothing
    response = client.post(path_of(link_in(message)), follow=True)
    assert response.redirect_chain == [("/caribbean/groups/2/", 302)]
    assert messages_of(response) == [
        "Thank you, Dana Doe. Your place in Group 2 is recorded: your name will show on the group’s page once the "
        "organisers have confirmed it."
    ]
    place = GroupPartner.objects.select_related("participant__organisation").get()
    person = place.participant
    assert (place.group, place.confirmed_at) == (group2, None)
    assert (person.full_name, person.email, person.language, person.from_signup) == (
        "Dana Doe",
        "dana@example.org",
        "en",
        True,
    )
    assert (person.organisation.name, person.organisation.from_signup, person.organisation.kind) == (
        "World Stats",
        True,
        "",
    )
    assert ContentVersion.current() == version  # no public page changed: no flood can empty the cache
    assert "Dana Doe" not in client.get("/caribbean/groups/2/").content.decode()


def test_a_link_works_once(client, mail_on, caribbean, group2):
    _response, message = request_place(
        client, caribbean, group=group2, full_name="Dana Doe", organisation="World Stats", email="dana@example.org"
    )
    assert follow_link(client, message).status_code == 200
    again = client.post(path_of(link_in(message)))
    assert again.status_code == 410
    assert "This link was already used, or a newer choice replaced it." in again.content.decode()
    assert client.get(path_of(link_in(message))).status_code == 410
    assert GroupPartner.objects.count() == 1


def test_an_imported_partner_gets_a_place_and_keeps_their_details(client, mail_on, caribbean, imported, group2):
    _response, message = request_place(
        client, caribbean, group=group2, full_name="Someone Else", organisation="Other", email="ROBIN@example.org"
    )
    follow_link(client, message)
    place = GroupPartner.objects.select_related("participant__organisation").get()
    assert (place.participant, place.group, place.confirmed_at) == (imported, group2, None)
    imported.refresh_from_db()
    assert (imported.full_name, imported.organisation.name, imported.from_signup, imported.language) == (
        "Robin Imported",
        "CARICOM Secretariat",
        False,
        "en",
    )
    assert Organisation.objects.count() == 1


def test_a_partner_in_a_group_moves_by_the_link_and_waits_for_a_confirmation(
    client, mail_on, caribbean, imported, group2
):
    group1 = BreakoutGroup.objects.get(conference=caribbean, number=1)
    GroupPartner.objects.create(group=group1, participant=imported, confirmed_at=timezone.now())
    _response, message = request_place(
        client, caribbean, group=group2, full_name="Robin", organisation="CARICOM", email="robin@example.org"
    )
    follow_link(client, message)
    assert list(GroupPartner.objects.values_list("group__number", "participant", "confirmed_at")) == [
        (2, imported.pk, None)
    ]
    assert "Robin Imported" not in client.get("/caribbean/groups/1/").content.decode()


def test_an_older_link_stops_working_once_a_newer_one_is_followed(client, mail_on, caribbean, group2):
    fields = {"full_name": "Dana", "organisation": "World Stats", "email": "dana@example.org"}
    _response, first = request_place(client, caribbean, group=group2, **fields)
    _response, second = request_place(client, caribbean, group=BreakoutGroup.objects.get(number=3), **fields)
    follow_link(client, second)
    assert client.post(path_of(link_in(first))).status_code == 410
    assert list(GroupPartner.objects.values_list("group__number", flat=True)) == [3]


def test_an_expired_or_altered_link_records_nothing(client, caribbean, group2, monkeypatch):
    token = services.place_link_token(
        conference=caribbean,
        group=group2,
        full_name="Dana",
        organisation_name="World Stats",
        email="dana@example.org",
        language="en",
    )
    address = f"/caribbean/groups/join/confirm/{token}/"
    altered = f"/caribbean/groups/join/confirm/{token[:-3]}abc/"
    assert client.post(altered).status_code == 404
    assert "This link is not complete or not valid." in client.get(altered).content.decode()
    # Read eight days later: the signature's time is older than the link's seven days.
    real_loads = signing.loads
    monkeypatch.setattr(
        services.signing,
        "loads",
        lambda *args, max_age, **kwargs: real_loads(*args, max_age=max_age.total_seconds() - 8 * 86400, **kwargs),
    )
    expired = client.post(address)
    assert expired.status_code == 410
    assert "This link has expired." in expired.content.decode()
    assert GroupPartner.objects.count() == Participant.objects.count() == 0


def test_a_link_made_for_another_conference_is_not_valid_here(client, caribbean, group2):
    from groups.services import copy_conference

    other = copy_conference(conference=caribbean, slug="pacific")
    token = services.place_link_token(
        conference=other,
        group=other.breakout_groups.get(number=2),
        full_name="Dana",
        organisation_name="World Stats",
        email="dana@example.org",
        language="en",
    )
    assert client.post(f"/caribbean/groups/join/confirm/{token}/").status_code == 404
    assert GroupPartner.objects.count() == 0


def test_a_delegate_following_a_link_keeps_their_country_group(client, mail_on, caribbean, group2):
    jamaica = caribbean.countries.get(code="JM")
    delegate = Participant.objects.create(conference=caribbean, full_name="Del", country=jamaica, email="d@example.org")
    _response, message = request_place(
        client, caribbean, group=group2, full_name="Del", organisation="Org", email="d@example.org"
    )
    response = follow_link(client, message)
    assert messages_of(response) == ["Delegates are in their country’s group: you need not choose one."]
    assert GroupPartner.objects.count() == 0
    delegate.refresh_from_db()
    assert delegate.organisation_id is None


def test_without_a_mail_server_the_page_says_so_and_sends_nothing(client, caribbean, group2, settings):
    settings.EMAIL_CONFIGURED = False
    data = {"full_name": "Dana", "organisation": "World Stats", "email": "dana@example.org", "group": group2.pk}
    response = client.post(JOIN, data)
    assert response.status_code == 503
    assert (
        "This site cannot send mail yet, so your place cannot be confirmed here. Please ask the organisers."
        in response.content.decode()
    )
    assert 'value="Dana"' in response.content.decode()
    assert mail.outbox == []


def test_a_refused_mail_is_said_alike_for_every_address(client, caribbean, group2, send_email_to, refused_port):
    send_email_to(f"smtp://127.0.0.1:{refused_port}")
    data = {"full_name": "Dana", "organisation": "World Stats", "email": "dana@example.org", "group": group2.pk}
    response = client.post(JOIN, data)
    assert response.status_code == 503
    assert "The mail could not be sent. Please try again in a few minutes." in response.content.decode()


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "button"),
    CONFIRMATION_IN_LANGUAGES,
)
def test_the_mail_and_the_partner_are_in_the_page_language(
    client, mail_on, caribbean, group2, language, subject, greeting, button
):
    _response, message = request_place(
        client,
        caribbean,
        group=group2,
        full_name="Dana Doe",
        organisation="World Stats",
        email="dana@example.org",
        language=language,
    )
    assert message.subject == subject
    assert message.body.splitlines()[0] == greeting
    assert "Someone, hopefully you" not in message.body
    assert link_in(message).startswith(f"http://testserver/{language}/caribbean/groups/join/confirm/")
    page = client.get(path_of(link_in(message)))
    assert html.fromstring(page.content).xpath("normalize-space(//main//form//button)") == button
    client.post(path_of(link_in(message)))
    assert Participant.objects.get().language == language


def found(client, name):
    """What Find my group answers for a name: a redirect's target, or the list of (label, group or the note)."""
    response = client.get("/caribbean/groups/find/", {"name": name})
    if response.status_code == 302:
        return response["Location"]
    items = html.fromstring(response.content).xpath("//main//h2[.='Found']/following-sibling::ul[1]/li")
    return [" ".join(item.text_content().split()) for item in items]


def test_caricom_finds_the_imported_organisation_without_a_group(client, caribbean, imported):
    """Issue 18, point 2: "CARICOM" answered "No participant or organisation matches" though CARICOM Secretariat
    was imported (only partners with a confirmed place were searched)."""
    assert found(client, "CARICOM") == ["CARICOM Secretariat: registered, not in a group yet"]
    assert found(client, "robin") == ["Robin Imported (CARICOM Secretariat): registered, not in a group yet"]


def test_an_organisation_is_found_by_its_acronym_with_its_partners_groups(client, caribbean, imported):
    Organisation.objects.filter(pk=imported.organisation_id).update(acronym="CCS")
    GroupPartner.objects.create(
        group=BreakoutGroup.objects.get(number=2), participant=imported, confirmed_at=timezone.now()
    )
    assert found(client, "ccs") == "/caribbean/groups/2/"
    other = Participant.objects.create(
        conference=caribbean, full_name="Sam", organisation=imported.organisation, email="sam@example.org"
    )
    GroupPartner.objects.create(
        group=BreakoutGroup.objects.get(number=4), participant=other, confirmed_at=timezone.now()
    )
    assert found(client, "ccs") == [
        "CARICOM Secretariat (CCS): Group 2",
        "CARICOM Secretariat (CCS): Group 4",
    ]


def test_unconfirmed_sign_ups_are_not_found_until_the_organisers_confirm_them(client, caribbean, group2):
    place = place_by_link(
        caribbean, group=group2, full_name="Dana Doe", organisation_name="Made-up Agency", email="dana@example.org"
    )
    assert found(client, "Dana") == []
    assert found(client, "Made-up") == []
    services.confirm_partners(places=GroupPartner.objects.filter(pk=place.pk))
    assert found(client, "Dana") == "/caribbean/groups/2/"
    assert found(client, "Dana Doe (Made-up Agency)") == []  # names and organisations are searched apart
    assert found(client, "Made-up") == "/caribbean/groups/2/"


def test_an_imported_partner_waiting_for_confirmation_is_registered_not_in_a_group(client, caribbean, imported, group2):
    place_by_link(caribbean, group=group2, full_name="Robin", organisation_name="CARICOM", email="robin@example.org")
    assert found(client, "Robin") == ["Robin Imported (CARICOM Secretariat): registered, not in a group yet"]


def test_find_by_name_reads_a_fixed_number_of_queries(client, caribbean, django_assert_num_queries):
    """People and organisations, each with their group: the same queries for a few matches as for many."""
    organisation = Organisation.objects.create(conference=caribbean, name="Agency")
    groups = list(BreakoutGroup.objects.filter(conference=caribbean))
    jamaica = caribbean.countries.get(code="JM")
    for size in (2, 24):
        for number in range(size):
            person = Participant.objects.create(
                conference=caribbean, full_name=f"Agent {size}-{number}", organisation=organisation
            )
            if number % 2:
                GroupPartner.objects.create(group=groups[number % 4], participant=person, confirmed_at=timezone.now())
            Participant.objects.create(
                conference=caribbean, full_name=f"Agent delegate {size}-{number}", country=jamaica
            )
        # The conference; the people, their confirmed places, their countries' groups; the organisations and their
        # partners' groups; the form's countries; the conference's logos.
        with django_assert_num_queries(8):
            response = client.get("/caribbean/groups/find/", {"name": "Agen"})
        people = Participant.objects.filter(full_name__startswith="Agent").count()
        groups_of_agency = GroupPartner.objects.values("group").distinct().count()
        assert len(response.context["matches"]) == people + groups_of_agency


CONSOLE = "/caribbean/organisers/partners/"


def waiting(caribbean, count, start=0):
    """`count` partners who followed their link: their places wait for the organisers."""
    groups = list(BreakoutGroup.objects.filter(conference=caribbean))
    return [
        place_by_link(
            caribbean,
            group=groups[number % 4],
            full_name=f"Partner {number:02}",
            organisation_name="World Stats",
            email=f"p{number}@example.org",
        )
        for number in range(start, start + count)
    ]


def listed(response):
    tree = html.fromstring(response.content)
    return [
        " ".join(item.text_content().split()) for item in tree.xpath("//ul[@class='list-unstyled console-partners']/li")
    ]


def test_the_console_lists_the_places_to_confirm_and_confirms_one(organiser_client, caribbean):
    _first, second = waiting(caribbean, 2)
    response = organiser_client.get(CONSOLE)
    assert listed(response) == [
        "Partner 00 (World Stats) in Group 1 Confirm",
        "Partner 01 (World Stats) in Group 2 Confirm",
    ]
    tree = html.fromstring(response.content)
    assert tree.xpath("//main//form/button/text()")[0].strip() == "Confirm all 2 places"
    assert tree.xpath("//a[.='Partners to confirm']/@href") == [CONSOLE]  # in the console's navigation
    response = organiser_client.post(CONSOLE, {"place": second.pk}, follow=True)
    assert messages_of(response) == ["1 place confirmed."]
    assert listed(response) == ["Partner 00 (World Stats) in Group 1 Confirm"]
    assert list(GroupPartner.objects.confirmed().values_list("pk", flat=True)) == [second.pk]
    assert "Partner 01 (World Stats)" in organiser_client.get("/caribbean/groups/2/").content.decode()


def test_the_console_confirms_all_at_once(organiser_client, caribbean):
    waiting(caribbean, 3)
    response = organiser_client.post(CONSOLE, follow=True)
    assert messages_of(response) == ["3 places confirmed."]
    assert "No place waits for a confirmation." in response.content.decode()
    assert GroupPartner.objects.filter(confirmed_at__isnull=True).count() == 0


def test_the_console_home_links_to_the_partners_page(organiser_client, caribbean):
    tree = html.fromstring(organiser_client.get("/caribbean/organisers/").content)
    assert tree.xpath("//ul[@class='console-links']//a[.='Partners to confirm']/@href") == [CONSOLE]


def test_another_conference_places_are_neither_listed_nor_confirmed(organiser_client, caribbean):
    other = services.copy_conference(conference=caribbean, slug="pacific")
    place = place_by_link(
        other,
        group=other.breakout_groups.get(number=1),
        full_name="Far",
        organisation_name="Far Org",
        email="far@example.org",
    )
    assert listed(organiser_client.get(CONSOLE)) == []
    organiser_client.post(CONSOLE, {"place": place.pk})
    place.refresh_from_db()
    assert place.confirmed_at is None


def test_staff_without_the_right_to_change_places_cannot_confirm(client, caribbean, django_user_model):
    from django.contrib.auth.models import Permission

    waiting(caribbean, 1)
    viewer = django_user_model.objects.create_user(username="viewer", password="x-long-password", is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_rapporteurreport", "view_grouppartner"]))
    client.force_login(viewer)
    assert client.get(CONSOLE).status_code == 200
    assert client.post(CONSOLE).status_code == 403
    assert GroupPartner.objects.confirmed().count() == 0


def test_the_partners_page_reads_a_fixed_number_of_queries(organiser_client, caribbean, django_assert_num_queries):
    for count, start in ((2, 0), (30, 2)):
        waiting(caribbean, count, start)
        with django_assert_num_queries(7):  # one of them the conference's logos
            response = organiser_client.get(CONSOLE)
        assert len(listed(response)) == start + count


def test_a_link_to_the_group_a_partner_is_confirmed_in_keeps_the_confirmation(caribbean, imported, group2):
    confirmed_at = timezone.now()
    place = GroupPartner.objects.create(group=group2, participant=imported, confirmed_at=confirmed_at)
    again = place_by_link(
        caribbean, group=group2, full_name="Robin", organisation_name="CARICOM", email="robin@example.org"
    )
    assert (again.pk, again.confirmed_at) == (place.pk, confirmed_at)


# Fuzzed: the console's form and the link's key, as anyone may post them --------------------------------------------


@FUZZ
@given(places=st.lists(st.one_of(fuzz_text, st.integers(-(2**70), 2**70).map(str)), max_size=4))
@example(places=["１", "²", "1 "])  # digits that are not ASCII ones, and a space
@on_its_own
def test_the_console_form_takes_any_place_values(organiser_client, caribbean, places):
    waiting(caribbean, 2)
    response = organiser_client.post(CONSOLE, {"place": places})
    assert response.status_code == 302
    known = {str(pk) for pk in GroupPartner.objects.values_list("pk", flat=True)}
    confirmed = GroupPartner.objects.confirmed().count()
    assert confirmed == (len(known & set(places)) if places else 2)  # no place named: Confirm all


@FUZZ
@given(token=fuzz_text.filter(lambda text: "/" not in text and text.strip()))
@on_its_own
def test_a_made_up_link_key_records_nothing(client, caribbean, token):
    from urllib.parse import quote

    response = client.post(f"/caribbean/groups/join/confirm/{quote(token)}/")
    assert response.status_code in (404, 410)
    assert_harmless(response)
    assert Participant.objects.count() == 0
