import pytest

from sessions.documents import services
from sessions.documents.models import DocumentKind
from tests.documents import samples


@pytest.fixture
def make_document():
    """A document with one file per language given ({"en": bytes, …}; a PDF in English by default)."""

    def make(conference, title="A test document", *, files=None, kind=DocumentKind.OTHER, **place):
        files = files or {"en": samples.pdf_bytes(title)}
        (first_language, first_data), *others = files.items()
        document = services.create_document(
            conference=conference,
            title=title,
            kind=kind,
            language=first_language,
            upload=samples.upload(f"{title}.bin", first_data),
            **place,
        )
        for language, data in others:
            services.put_file(document=document, language=language, upload=samples.upload(f"{title}.bin", data))
        return document

    return make
