"""The conference's logos: the rule of one own logo, the checks an upload passes by its content, the resized copies
and how they are served."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.template.loader import render_to_string
from django.urls import reverse
from PIL import Image

from conference.logos import ConferenceLogos, copy_for_print
from conference.models import ConferenceLogo, LogoKind
from tests.logos import add_logo, blank_png, image_bytes, logo_form, upload

pytestmark = pytest.mark.django_db

SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300">'
    b"<script>alert(document.cookie)</script><rect width='600' height='300'/></svg>"
)
# The first bytes of a Windows program, named as a PNG.
EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + bytes(4000)
HTML = b"<!doctype html><html><body><img src=x onerror=alert(1)></body></html>"


def stored_files():
    """Every file in the storage's logos folder."""
    try:
        return sorted(default_storage.listdir("logos")[1])
    except FileNotFoundError:
        return []


def test_a_conference_has_at_most_one_own_logo(conference):
    add_logo(conference, kind=LogoKind.CONFERENCE, name="First")
    second = ConferenceLogo(conference=conference, kind=LogoKind.CONFERENCE, name="Second")
    with pytest.raises(ValidationError) as error:
        second.clean()
    assert error.value.message_dict == {
        "kind": ["The conference already has its own logo: replace or remove that one."]
    }
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceLogo.objects.create(
            conference=conference, kind=LogoKind.CONFERENCE, name="Second", file_key="b" * 16, width=1, height=1
        )


def test_co_organisers_logos_are_as_many_as_needed(conference):
    for name in ("A", "B", "C"):
        add_logo(conference, name=name)
    assert list(conference.logos.values_list("name", flat=True)) == ["A", "B", "C"]


def test_the_form_refuses_a_second_own_logo_in_plain_words(conference):
    add_logo(conference, kind=LogoKind.CONFERENCE)
    form = logo_form(conference, kind=LogoKind.CONFERENCE, files={"image": upload(image_bytes())})
    assert form.errors == {"kind": ["The conference already has its own logo: replace or remove that one."]}


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("http://example.org/", "Give an address that starts with https://."),
        ("ftp://example.org/", "Give an address that starts with https://."),
        ("javascript:alert(1)", "Enter a valid URL."),
    ],
)
def test_a_link_is_https_or_nothing(conference, link, message):
    form = logo_form(conference, link=link, files={"image": upload(image_bytes())})
    assert form.errors == {"link": [message]}
    assert stored_files() == []


def test_the_database_refuses_a_link_that_is_not_https(conference):
    with pytest.raises(IntegrityError), transaction.atomic():
        ConferenceLogo.objects.create(
            conference=conference, name="X", link="http://example.org/", file_key="a" * 16, width=1, height=1
        )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (
            SVG_WITH_SCRIPT,
            "logo.svg",
            "SVG logos are not accepted: an SVG file can carry scripts. Export the logo as PNG (at least 240 pixels "
            "high) and upload that.",
        ),
        (
            SVG_WITH_SCRIPT,
            "logo.png",
            "SVG logos are not accepted: an SVG file can carry scripts. Export the logo as PNG (at least 240 pixels "
            "high) and upload that.",
        ),
        (
            EXECUTABLE,
            "logo.png",
            "This file is not a PNG, JPEG or WebP image. Save the logo in one of these formats and upload it again.",
        ),
        (
            HTML,
            "logo.png",
            "This file is not a PNG, JPEG or WebP image. Save the logo in one of these formats and upload it again.",
        ),
        (
            image_bytes(600, 300, "GIF", mode="P"),
            "logo.png",
            "This file is not a PNG, JPEG or WebP image. Save the logo in one of these formats and upload it again.",
        ),
        (
            image_bytes(600, 300)[:200],
            "logo.png",
            "This file is not a PNG, JPEG or WebP image. Save the logo in one of these formats and upload it again.",
        ),
        (
            image_bytes(400, 100),
            "logo.png",
            "This image is 100 pixels high; a logo needs at least 240 to stay sharp on phones and projectors. Upload "
            "a larger version.",
        ),
        (
            blank_png(6000, 6000),
            "logo.png",
            "This image has more than 25 million pixels, far more than a logo needs. Save it smaller (a few hundred "
            "pixels high is plenty) and upload it again.",
        ),
        (
            image_bytes(2500, 300),
            "logo.png",
            "This image is more than 8 times as wide as it is high: crop it to the logo itself.",
        ),
    ],
    ids=["svg", "svg-named-png", "executable", "html", "gif", "truncated", "too-small", "too-many-pixels", "too-wide"],
)
def test_an_upload_is_checked_by_its_content_and_nothing_is_stored(conference, content, name, message):
    form = logo_form(conference, name="Typed name", link="https://example.org/", files={"image": upload(content, name)})
    assert form.errors == {"image": [message]}
    assert form["name"].value() == "Typed name"
    assert form["link"].value() == "https://example.org/"
    assert stored_files() == []
    assert ConferenceLogo.objects.count() == 0


def test_a_decompression_bomb_is_refused_before_it_is_decoded(conference):
    """A PNG a few kilobytes long that claims 30,000 × 30,000 pixels: refused from its header alone."""
    content = blank_png(30_000, 30_000)
    assert len(content) < 200_000
    form = logo_form(conference, files={"image": upload(content)})
    assert form.errors == {
        "image": [
            "This image has more than 25 million pixels, far more than a logo needs. Save it smaller (a few hundred "
            "pixels high is plenty) and upload it again."
        ]
    }


def test_a_file_over_the_upload_limit_is_refused(conference, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    form = logo_form(conference, files={"image": upload(image_bytes())})
    size = filesizeformat(len(image_bytes()))
    assert form.errors == {"image": [f"The file has {size}; files of at most 1000\xa0bytes are accepted."]}
    assert stored_files() == []


def test_copies_are_made_at_the_heights_shown(conference):
    logo = add_logo(conference, content=image_bytes(900, 300, "JPEG", mode="RGB"))
    key = logo.file_key
    assert (logo.width, logo.height, logo.file_format) == (900, 300, "jpg")
    assert logo.image.name == f"logos/{key}-original.jpg"
    assert [(r["name"], r["format"], r["width"], r["height"]) for r in logo.renditions] == [
        (f"logos/{key}-48.webp", "webp", 144, 48),
        (f"logos/{key}-96.webp", "webp", 288, 96),
        (f"logos/{key}-240.webp", "webp", 720, 240),
        (f"logos/{key}-240.png", "png", 720, 240),
    ]
    for rendition in logo.renditions:
        with default_storage.open(rendition["name"]) as file:
            content = file.read()
        assert len(content) == rendition["bytes"]
        with Image.open(io.BytesIO(content)) as image:
            assert (image.format, image.size) == (
                rendition["format"].upper(),
                (rendition["width"], rendition["height"]),
            )
    assert stored_files() == sorted(
        os.path.basename(name) for name in [logo.image.name, *(r["name"] for r in logo.renditions)]
    )


def test_replacing_the_image_removes_the_old_files_once_saved(conference, django_capture_on_commit_callbacks):
    logo = add_logo(conference)
    old_key = logo.file_key
    form = logo_form(conference, instance=logo, name="Institution", files={"image": upload(image_bytes(800, 400))})
    with django_capture_on_commit_callbacks(execute=True):
        assert form.is_valid(), form.errors
        form.save()
    logo.refresh_from_db()
    assert logo.file_key != old_key
    assert (logo.width, logo.height) == (800, 400)
    assert [name for name in stored_files() if name.startswith(old_key)] == []
    assert len(stored_files()) == 5


def test_editing_the_text_keeps_the_image(conference, django_capture_on_commit_callbacks):
    logo = add_logo(conference)
    files = stored_files()
    form = logo_form(conference, instance=logo, name="New name")
    with django_capture_on_commit_callbacks(execute=True):
        assert form.is_valid(), form.errors
        form.save()
    logo.refresh_from_db()
    assert logo.name == "New name"
    assert stored_files() == files


def test_removing_a_logo_removes_its_files(conference, django_capture_on_commit_callbacks):
    logo = add_logo(conference)
    with django_capture_on_commit_callbacks(execute=True):
        logo.delete()
    assert stored_files() == []


def test_a_copy_is_served_with_its_type_and_kept_for_a_year(client, conference):
    logo = add_logo(conference)
    shown = ConferenceLogos(conference).footer[0]
    response = client.get(shown.src)
    assert shown.src == f"/test/logos/{logo.file_key}-48.webp"
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    with default_storage.open(logo.renditions[0]["name"]) as file:
        assert response.content == file.read()


def test_only_a_logos_own_copies_are_served(client, conference, make_country):
    logo = add_logo(conference)
    other = type(conference).objects.create(slug="other", region="Other")
    name = f"{logo.file_key}-48.webp"
    assert client.get(f"/other/logos/{name}").status_code == 404
    assert client.get(f"/test/logos/{logo.file_key}-49.webp").status_code == 404
    assert client.get(f"/test/logos/{'0' * 16}-48.webp").status_code == 404
    assert client.get(f"/test/logos/{logo.file_key}-original.png").status_code == 404
    assert client.post(f"/test/logos/{name}").status_code == 405
    assert other.logos.count() == 0


def test_the_address_of_a_copy_has_no_language_prefix(client, conference):
    logo = add_logo(conference)
    with pytest.MonkeyPatch.context():
        from django.utils.translation import override

        with override("fr"):
            assert ConferenceLogos(conference).footer[0].src == f"/test/logos/{logo.file_key}-48.webp"
    assert reverse("logos:file", kwargs={"conference": "test", "name": f"{logo.file_key}-48.webp"}) == (
        f"/test/logos/{logo.file_key}-48.webp"
    )


def test_what_pages_show_of_a_logo(conference):
    own = add_logo(conference, kind=LogoKind.CONFERENCE, name="The conference", content=image_bytes(480, 240))
    add_logo(conference, name="B", link="https://b.example/", position=2, content=image_bytes(300, 300))
    add_logo(conference, name="A", position=1)
    logos = ConferenceLogos(conference)
    assert logos.own == own
    header = logos.header
    key = own.file_key
    assert (header.name, header.width, header.height, header.sizes) == ("The conference", 96, 48, "96px")
    assert header.src == f"/test/logos/{key}-48.webp"
    assert (
        header.srcset
        == f"/test/logos/{key}-48.webp 96w, /test/logos/{key}-96.webp 192w, /test/logos/{key}-240.webp 480w"
    )
    assert [(logo.name, logo.width, logo.height) for logo in logos.footer] == [("A", 80, 40), ("B", 40, 40)]
    assert [logo.name for logo in logos.screen] == ["The conference", "A", "B"]
    assert logos.cover[0].print_src == f"/test/logos/{key}-240.png"


def test_no_logos_show_nothing(conference):
    logos = ConferenceLogos(conference)
    assert (bool(logos), logos.header, logos.footer, logos.screen) == (False, None, [], [])


def test_the_outcomes_cover_shows_every_logo_as_its_png_copy(conference):
    """How the outcome's PDF cover uses the include: each logo's PNG copy, read from the storage by its address."""
    own = add_logo(conference, kind=LogoKind.CONFERENCE, name="The conference", content=image_bytes(480, 240))
    other = add_logo(conference, name="A & B")
    content = render_to_string(
        "conference/_logos.html", {"logos": ConferenceLogos(conference).cover, "print": True}
    ).strip()
    assert content == (
        '<ul class="logo-list">'
        f'<li><img class="logo" src="/test/logos/{own.file_key}-240.png" width="160" height="80" alt="The conference">'
        "</li>"
        f'<li><img class="logo" src="/test/logos/{other.file_key}-240.png" width="160" height="80" alt="A &amp; B">'
        "</li></ul>"
    )
    copy = copy_for_print(f"http://testserver/test/logos/{own.file_key}-240.png")
    with default_storage.open(f"logos/{own.file_key}-240.png") as file:
        assert copy == {"string": file.read(), "mime_type": "image/png"}
    assert copy_for_print(f"/test/logos/{own.file_key}-96.webp")["mime_type"] == "image/webp"
    assert copy_for_print(f"/test/logos/{'0' * 16}-240.png") is None
    assert copy_for_print("/static/css/site.css") is None
    assert copy_for_print(f"/test/logos/{own.file_key}-original.png") is None


def test_without_logos_the_include_writes_nothing(conference):
    assert render_to_string("conference/_logos.html", {"logos": ConferenceLogos(conference).cover}).strip() == ""


def test_a_photo_marked_as_turned_is_turned_upright_before_it_is_checked(conference):
    """A JPEG 600 × 200 marked (EXIF) to be shown turned a quarter: upright, it is 200 × 600."""
    image = Image.new("RGB", (600, 200), "white")
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    logo = add_logo(conference, content=buffer.getvalue())
    assert (logo.width, logo.height) == (200, 600)
    assert [(r["width"], r["height"]) for r in logo.renditions] == [(16, 48), (32, 96), (80, 240), (80, 240)]
