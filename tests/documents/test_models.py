"""The documents' rules: a presentation's document is in the presentation's session (a constraint, and clean() in
words), one file per language, and a deleted file row's file leaves the storage whatever deleted it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from sessions.documents.models import Document, DocumentFile
from sessions.models import SegmentKind
from tests.documents import samples
from tests.documents.test_console import stored_files

pytestmark = pytest.mark.django_db


def presentation(conference, session):
    return conference.sessions.get(number=session).segments.filter(kind=SegmentKind.PRESENTATION).first()


def test_a_presentations_document_has_a_session(caribbean):
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.create(conference=caribbean, segment=presentation(caribbean, 1), title="Slides")


def test_clean_says_in_words_what_is_wrong(caribbean, conference):
    segment = presentation(caribbean, 1)
    other_session = caribbean.sessions.get(number=2)
    questions = caribbean.sessions.get(number=1).segments.exclude(kind=SegmentKind.PRESENTATION).first()
    cases = [
        (Document(conference=caribbean, session=other_session, segment=segment, title="x"), "segment"),
        (Document(conference=caribbean, session=questions.session, segment=questions, title="x"), "segment"),
        (Document(conference=conference, session=other_session, title="x"), "session"),
    ]
    messages = []
    for document, field in cases:
        with pytest.raises(ValidationError) as refused:
            document.clean()
        messages.append(refused.value.message_dict[field])
    assert messages == [
        ["This presentation is in session 1: choose that session, or another presentation."],
        ["Choose a presentation: documents belong to presentations only."],
        ["Choose a session of this document’s conference."],
    ]
    Document(conference=caribbean, session=segment.session, segment=segment, title="x").clean()


def test_one_file_per_language(caribbean, make_document):
    document = make_document(caribbean)
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentFile.objects.create(document=document, language="en", file="x.pdf", size=1, content_type="x")


def test_the_page_language_else_english_else_the_first(caribbean, make_document):
    files = {"fr": samples.pdf_bytes(), "es": samples.pdf_bytes()}
    document = Document.objects.with_files().get(pk=make_document(caribbean, files=files).pk)
    assert [document.file_for(language).language for language in ("fr", "es", "nl", "en")] == ["fr", "es", "es", "es"]
    make_document(caribbean, "Other", files={"nl": samples.pdf_bytes(), "en": samples.pdf_bytes()})
    other = Document.objects.with_files().get(title="Other")
    assert [other.file_for(language).language for language in ("nl", "fr")] == ["nl", "en"]


def test_deleting_a_session_takes_its_documents_files_off_the_storage(
    caribbean, make_document, settings, django_capture_on_commit_callbacks
):
    make_document(caribbean, "Kept")
    make_document(caribbean, "Slides", segment=presentation(caribbean, 1), files={"en": samples.pptx_bytes()})
    assert len(stored_files(settings)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        caribbean.sessions.get(number=1).delete()
    assert list(Document.objects.values_list("title", flat=True)) == ["Kept"]
    assert stored_files(settings) == [DocumentFile.objects.get().file.name]
