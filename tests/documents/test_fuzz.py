"""Bad input in the console's documents forms (the patterns of tests/test_fuzz.py): long, empty, Unicode,
control-character and HTML text in every field, with good and hostile files. No page fails, nothing typed runs on a
page that shows it back, refused input says why with what was typed kept, and a refused file leaves nothing stored."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client
from hypothesis import event, example, given
from hypothesis import strategies as st

from sessions.documents.models import Document, DocumentFile
from tests.documents import samples
from tests.test_fuzz import (
    FUZZ,
    assert_errors_shown,
    assert_harmless,
    assert_kept,
    form_messages,
    fuzz_text,
    on_its_own,
)

pytestmark = pytest.mark.django_db

FILES = {
    "pdf": ("paper.pdf", samples.pdf_bytes()),
    "docx": ("paper.docx", samples.docx_bytes()),
    "html": ("page.pdf", samples.HTML),
    "svg": ("drawing.svg", samples.SVG_WITH_SCRIPT),
    "program": ("slides.pptx", samples.EXECUTABLE),
    "empty": ("empty.pdf", b""),
    "bomb": ("bomb.odt", samples.zip_bomb_bytes()),
}


def stored_count():
    root = Path(django_settings.MEDIA_ROOT)
    return sum(1 for path in root.rglob("*") if path.is_file()) if root.exists() else 0


@FUZZ
@given(
    fuzzed=st.dictionaries(
        st.sampled_from(["title", "kind", "place", "language", "is_public"]),
        st.one_of(fuzz_text, st.sampled_from(["conference", "session-1", "segment-1", "fr", "slides", "on"])),
        max_size=3,
    ),
    file=st.sampled_from(sorted(FILES)),
    file_name=st.one_of(st.none(), fuzz_text.filter(lambda name: "\x00" not in name and 0 < len(name) < 200)),
)
@example(fuzzed={"title": "<script>alert(1)</script>"}, file="pdf", file_name="<img src=x onerror=alert(1)>.pdf")
@example(fuzzed={"title": "Paper\x00"}, file="pdf", file_name=None)
@example(fuzzed={"title": "\u202eevil"}, file="docx", file_name=None)
@on_its_own
def test_new_document_form(organiser_client, caribbean, fuzzed, file, file_name):
    name, data = FILES[file]
    typed = {"title": "A paper", "kind": "background", "place": "conference", "language": "en"} | fuzzed
    before = stored_count()
    response = organiser_client.post(
        "/caribbean/organisers/documents/", {**typed, "file": samples.upload(file_name or name, data)}
    )
    assert_harmless(response)
    if response.status_code == 200:
        event("refused")
        assert_errors_shown(response, form_messages(response.context["form"]))
        assert_kept(response, {"title": typed["title"]})
        assert (Document.objects.count(), stored_count()) == (0, before)
        return
    event("added")
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.files.count() == 1
    assert_harmless(organiser_client.get(response["Location"]))
    assert_harmless(organiser_client.get(f"/caribbean/organisers/documents/{document.pk}/"))
    for page in ("/caribbean/", "/fr/caribbean/", "/caribbean/sessions/1/"):
        assert_harmless(Client().get(page))


@FUZZ
@given(language=st.one_of(fuzz_text, st.sampled_from(["en", "fr", "es", "nl"])), file=st.sampled_from(sorted(FILES)))
@example(language="fr", file="html")
@example(language="de", file="pdf")
@on_its_own
def test_language_file_form(organiser_client, caribbean, make_document, language, file):
    document = make_document(caribbean)
    name, data = FILES[file]
    before = list(DocumentFile.objects.values_list("language", "file", "size"))
    address = f"/caribbean/organisers/documents/{document.pk}/"
    response = organiser_client.post(address, {"language": language, "file": samples.upload(name, data)})
    assert_harmless(response)
    if response.status_code == 200:
        event("refused")
        assert_errors_shown(response, form_messages(response.context["form"]))
        assert list(DocumentFile.objects.values_list("language", "file", "size")) == before
        return
    event("uploaded")
    assert response.status_code == 302
    assert DocumentFile.objects.filter(document=document, language=language).exists()
    assert_harmless(organiser_client.get(address))


@FUZZ
@given(value=fuzz_text, next_url=st.one_of(fuzz_text, st.just("https://elsewhere.example/")))
@on_its_own
def test_public_toggle(organiser_client, caribbean, make_document, value, next_url):
    document = make_document(caribbean)
    address = f"/caribbean/organisers/documents/{document.pk}/public/"
    response = organiser_client.post(address, {"is_public": value, "next": next_url})
    assert response.status_code == 302
    assert not response["Location"].startswith("https://elsewhere")
    document.refresh_from_db()
    assert document.is_public is (value == "1")
