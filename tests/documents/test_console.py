"""The console's documents: add one with its first file, add and replace a language's file, make it public or keep
it for the organisers, withdraw it; refused files say why, keep what was typed and store nothing."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from lxml import html

from sessions.documents.models import Document, DocumentFile, DocumentKind
from sessions.models import SegmentKind
from tests.documents import samples

pytestmark = pytest.mark.django_db


def stored_files(settings):
    """Every file on the storage (the test's own media folder)."""
    root = settings.MEDIA_ROOT
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()) if root.exists() else []


def page_text(response):
    return " ".join(html.fromstring(response.content).text_content().split())


def list_url(conference):
    return reverse("pages:documents", kwargs={"conference": conference.slug})


def new_document(client, conference, **fields):
    data = {"title": "A background paper", "kind": DocumentKind.BACKGROUND, "place": "conference", "language": "en"}
    data |= {"is_public": "on", "file": samples.upload("paper.pdf", samples.pdf_bytes())} | fields
    return client.post(list_url(conference), data)


def test_an_organiser_adds_a_document_with_its_first_file(organiser_client, caribbean, settings):
    response = new_document(organiser_client, caribbean)
    assert (response.status_code, response["Location"]) == (302, list_url(caribbean))
    document = Document.objects.get()
    assert (document.title, document.kind, document.session, document.is_public) == (
        "A background paper",
        "background",
        None,
        True,
    )
    file_row = document.files.get()
    assert (file_row.language, file_row.content_type, file_row.original_name) == ("en", "application/pdf", "paper.pdf")
    assert stored_files(settings) == [file_row.file.name]
    with default_storage.open(file_row.file.name) as stored:
        assert stored.read() == samples.pdf_bytes()
    page = organiser_client.get(list_url(caribbean))
    assert "“A background paper” is added." in page_text(page)
    assert "A background paper Background paper · EN · public" in page_text(page)


def test_a_presentations_document_takes_its_session(organiser_client, caribbean):
    segment = caribbean.sessions.get(number=1).segments.filter(kind=SegmentKind.PRESENTATION).first()
    response = new_document(organiser_client, caribbean, place=f"segment-{segment.pk}", kind="slides")
    assert response.status_code == 302
    document = Document.objects.get()
    assert (document.session, document.segment) == (segment.session, segment)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.html", samples.HTML, "This file is a web page or a drawing"),
        ("drawing.svg", samples.SVG_WITH_SCRIPT, "This file is a web page or a drawing"),
        ("slides.pdf", samples.EXECUTABLE, "This file is a program, not a document"),
    ],
)
def test_a_refused_file_says_why_keeps_the_fields_and_stores_nothing(
    organiser_client, caribbean, settings, name, data, message
):
    response = new_document(organiser_client, caribbean, title="Kept title", file=samples.upload(name, data))
    assert response.status_code == 200
    assert message in page_text(response)
    form = html.fromstring(response.content)
    assert form.xpath("//input[@name='title']/@value") == ["Kept title"]
    assert Document.objects.count() == DocumentFile.objects.count() == 0
    assert stored_files(settings) == []


def test_a_file_over_the_limit_is_refused(organiser_client, caribbean, settings):
    settings.MAX_DOCUMENT_BYTES = 500
    response = new_document(organiser_client, caribbean)
    assert "documents of at most 500 bytes are accepted" in page_text(response)
    assert (Document.objects.count(), stored_files(settings)) == (0, [])


def test_a_place_of_another_conference_is_refused(organiser_client, caribbean, conference):
    other = conference.sessions.create(number=1, title="Elsewhere")
    response = new_document(organiser_client, caribbean, place=f"session-{other.pk}")
    assert "Select a valid choice." in page_text(response)
    assert Document.objects.count() == 0


def test_a_language_file_is_added_then_replaced_and_the_old_file_leaves(
    organiser_client, caribbean, settings, make_document, django_capture_on_commit_callbacks
):
    document = make_document(caribbean)
    url = reverse("pages:document", kwargs={"conference": caribbean.slug, "pk": document.pk})
    french = samples.upload("note-fr.pdf", samples.pdf_bytes("En francais"))
    response = organiser_client.post(url, {"language": "fr", "file": french})
    assert response.status_code == 302
    assert "The French file is added." in page_text(organiser_client.get(url))
    old = document.files.get(language="fr").file.name
    replacement = samples.upload("note-fr-2.docx", samples.docx_bytes())
    with django_capture_on_commit_callbacks(execute=True):  # the old file leaves once the database has the new one
        organiser_client.post(url, {"language": "fr", "file": replacement})
    assert "The French file is replaced." in page_text(organiser_client.get(url))
    new = document.files.get(language="fr")
    assert new.content_type == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert stored_files(settings) == sorted([document.files.get(language="en").file.name, new.file.name])
    assert old not in stored_files(settings)


def test_a_refused_replacement_keeps_the_file_there_was(organiser_client, caribbean, settings, make_document):
    document = make_document(caribbean)
    before = stored_files(settings)
    url = reverse("pages:document", kwargs={"conference": caribbean.slug, "pk": document.pk})
    response = organiser_client.post(url, {"language": "en", "file": samples.upload("x.pdf", samples.SCRIPT)})
    assert response.status_code == 200
    assert "This file is a program" in page_text(response)
    assert stored_files(settings) == before


def test_public_or_organisers_only(organiser_client, caribbean, make_document):
    document = make_document(caribbean)
    url = reverse("pages:document_public", kwargs={"conference": caribbean.slug, "pk": document.pk})
    organiser_client.post(url, {"is_public": "0"})
    document.refresh_from_db()
    assert document.is_public is False
    organiser_client.post(url, {"is_public": "1"})
    document.refresh_from_db()
    assert document.is_public is True


def test_withdrawing_asks_then_deletes_the_rows_and_the_files(
    organiser_client, caribbean, settings, make_document, django_capture_on_commit_callbacks
):
    document = make_document(caribbean, files={"en": samples.pdf_bytes(), "fr": samples.png_bytes()})
    url = reverse("pages:document_withdraw", kwargs={"conference": caribbean.slug, "pk": document.pk})
    confirm = organiser_client.get(url)
    assert "Withdraw “A test document”? Its 2 files are deleted" in page_text(confirm)
    assert len(stored_files(settings)) == 2
    assert Document.objects.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url)
    assert (response.status_code, response["Location"]) == (302, list_url(caribbean))
    assert (Document.objects.count(), DocumentFile.objects.count(), stored_files(settings)) == (0, 0, [])


def test_the_console_home_links_the_documents(organiser_client, caribbean):
    page = html.fromstring(organiser_client.get(f"/{caribbean.slug}/organisers/").content)
    assert list_url(caribbean) in page.xpath("//a/@href")
