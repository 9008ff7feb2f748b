"""The console's logos page: organisers add, change, replace and remove logos; a refused form keeps what was typed
and says what is wrong; nothing is stored from a refused upload."""

import pytest
from django.core.files.storage import default_storage
from lxml import html

from conference.models import ConferenceLogo, LogoKind
from tests.logos import add_logo, image_bytes, upload

pytestmark = pytest.mark.django_db

PAGE = "/caribbean/organisers/logos/"


def stored_files():
    try:
        return sorted(default_storage.listdir("logos")[1])
    except FileNotFoundError:
        return []


def new_logo(**fields):
    data = {"action": "add", "new-kind": LogoKind.CO_ORGANISER, "new-name": "Institution", "new-link": ""}
    return data | {"new-position": "0"} | fields


def errors(response):
    tree = html.fromstring(response.content)
    return [" ".join(node.text_content().split()) for node in tree.xpath("//*[contains(@class, 'invalid-feedback')]")]


def messages_shown(response):
    tree = html.fromstring(response.content)
    return [" ".join(node.text_content().split()) for node in tree.xpath("//*[contains(@class, 'alert')]")]


def test_the_console_home_links_the_logos_page(organiser_client, caribbean):
    tree = html.fromstring(organiser_client.get("/caribbean/organisers/").content)
    assert tree.xpath("//a[text()='Logos']/@href") == [PAGE]


def test_an_organiser_adds_a_logo(organiser_client, caribbean):
    data = new_logo(**{"new-kind": LogoKind.CONFERENCE, "new-name": "Conference logo", "new-link": "example.org"})
    response = organiser_client.post(PAGE, data | {"new-image": upload(image_bytes(720, 240))})
    assert (response.status_code, response["Location"]) == (302, PAGE)
    logo = ConferenceLogo.objects.get()
    assert (logo.conference, logo.kind, logo.name, logo.link) == (
        caribbean,
        LogoKind.CONFERENCE,
        "Conference logo",
        "https://example.org",
    )
    page = organiser_client.get(PAGE)
    assert messages_shown(page) == ["Logo “Conference logo” added."]
    tree = html.fromstring(page.content)
    assert tree.xpath("//section[@id=$id]//img/@alt", id=f"logo-{logo.pk}") == ["Conference logo"]
    assert tree.xpath("//header//a[contains(@class, 'site-brand')]/img/@alt") == ["Conference logo"]


def test_a_refused_logo_keeps_what_was_typed_and_stores_nothing(organiser_client, caribbean):
    data = new_logo(**{"new-name": "Typed <b>name</b>", "new-link": "https://typed.example/"})
    response = organiser_client.post(PAGE, data | {"new-image": upload(b"<svg onload=alert(1)></svg>", "logo.svg")})
    assert response.status_code == 200
    assert messages_shown(response) == ["The logo was not saved: see what is wrong below."]
    assert errors(response) == [
        "SVG logos are not accepted: an SVG file can carry scripts. Export the logo as PNG (at least 240 pixels high) "
        "and upload that."
    ]
    tree = html.fromstring(response.content)
    assert tree.xpath("//input[@name='new-name']/@value") == ["Typed <b>name</b>"]
    assert tree.xpath("//input[@name='new-link']/@value") == ["https://typed.example/"]
    assert (ConferenceLogo.objects.count(), stored_files()) == (0, [])


def test_a_logo_without_image_is_refused(organiser_client, caribbean):
    response = organiser_client.post(PAGE, new_logo())
    assert response.status_code == 200
    assert errors(response) == ["This field is required."]
    assert ConferenceLogo.objects.count() == 0


def test_a_second_own_logo_is_refused_in_plain_words(organiser_client, caribbean):
    add_logo(caribbean, kind=LogoKind.CONFERENCE)
    data = new_logo(**{"new-kind": LogoKind.CONFERENCE}) | {"new-image": upload(image_bytes())}
    response = organiser_client.post(PAGE, data)
    assert errors(response) == ["The conference already has its own logo: replace or remove that one."]
    assert ConferenceLogo.objects.count() == 1


def test_an_organiser_replaces_a_logos_image_and_changes_its_text(
    organiser_client, caribbean, django_capture_on_commit_callbacks
):
    logo = add_logo(caribbean, name="Old name")
    old_key = logo.file_key
    prefix = f"logo-{logo.pk}-"
    data = {"action": "change", "logo": logo.pk, prefix + "kind": LogoKind.CO_ORGANISER, prefix + "name": "New name"}
    data |= {prefix + "link": "https://new.example/", prefix + "position": "3"}
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(PAGE, data | {prefix + "image": upload(image_bytes(900, 300))})
    assert response.status_code == 302
    logo.refresh_from_db()
    assert (logo.name, logo.link, logo.position, logo.width, logo.height) == (
        "New name",
        "https://new.example/",
        3,
        900,
        300,
    )
    assert logo.file_key != old_key
    assert [name for name in stored_files() if name.startswith(old_key)] == []
    assert messages_shown(organiser_client.get(PAGE)) == ["Logo “New name” saved."]


def test_a_refused_change_keeps_the_logo_as_it_was(organiser_client, caribbean):
    logo = add_logo(caribbean, name="Kept")
    files = stored_files()
    prefix = f"logo-{logo.pk}-"
    data = {"action": "change", "logo": logo.pk, prefix + "kind": LogoKind.CO_ORGANISER, prefix + "name": "Typed"}
    data |= {prefix + "link": "http://insecure.example/", prefix + "position": "0"}
    response = organiser_client.post(PAGE, data | {prefix + "image": upload(image_bytes(300, 100))})
    assert errors(response) == [
        "Give an address that starts with https://.",
        "This image is 100 pixels high; a logo needs at least 240 to stay sharp on phones and projectors. Upload a "
        "larger version.",
    ]
    tree = html.fromstring(response.content)
    assert tree.xpath("//input[@name=$name]/@value", name=prefix + "name") == ["Typed"]
    logo.refresh_from_db()
    assert logo.name == "Kept"
    assert stored_files() == files


def test_an_organiser_removes_a_logo(organiser_client, caribbean, django_capture_on_commit_callbacks):
    logo = add_logo(caribbean, name="Gone")
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(PAGE, {"action": "remove", "logo": logo.pk})
    assert response.status_code == 302
    assert (ConferenceLogo.objects.count(), stored_files()) == (0, [])
    assert messages_shown(organiser_client.get(PAGE)) == ["Logo “Gone” removed."]


@pytest.mark.parametrize("pk", ["999999", "-1", "x", "9" * 30, ""])
def test_a_logo_that_is_not_there_changes_nothing(organiser_client, caribbean, pk):
    add_logo(caribbean)
    response = organiser_client.post(PAGE, {"action": "remove", "logo": pk})
    assert response.status_code == 302
    assert ConferenceLogo.objects.count() == 1
    assert messages_shown(organiser_client.get(PAGE)) == ["This logo was removed in the meantime."]


def test_another_conferences_logo_cannot_be_reached(organiser_client, caribbean):
    other = type(caribbean).objects.create(slug="other", region="Other")
    logo = add_logo(other)
    organiser_client.post(PAGE, {"action": "remove", "logo": logo.pk})
    assert ConferenceLogo.objects.filter(pk=logo.pk).exists()


def test_staff_without_the_logo_permissions_are_refused(client, caribbean, django_user_model):
    user = django_user_model.objects.create_user("staff", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, new_logo() | {"new-image": upload(image_bytes())}).status_code == 403
    assert ConferenceLogo.objects.count() == 0


def test_the_logos_page_reads_a_fixed_number_of_queries(organiser_client, caribbean, django_assert_num_queries):
    """The login session, the user, their own and their groups' permissions, the conference, its logos (for the page
    and its header and footer at once): the same with two logos or twelve."""
    for count in (2, 10):
        for number in range(count):
            add_logo(caribbean, name=f"Institution {count}-{number}", content=image_bytes(480, 240))
        with django_assert_num_queries(6):
            response = organiser_client.get(PAGE)
        assert len(html.fromstring(response.content).xpath("//section[contains(@class, 'console-logo')]")) == (
            2 if count == 2 else 12
        )
