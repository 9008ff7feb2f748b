"""What a document upload accepts and refuses (conference/uploads.check_document): the kind decided from the bytes,
never from the name or the browser's declared type."""

import pytest
from django.core.exceptions import ValidationError

from conference.uploads import check_document
from tests.documents import samples


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("note.pdf", samples.pdf_bytes(), "application/pdf"),
        ("renamed.txt", samples.pdf_bytes(), "application/pdf"),
        ("note.docx", samples.docx_bytes(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("sheet.xlsx", samples.xlsx_bytes(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "slides.pptx",
            samples.pptx_bytes(),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("text.odt", samples.odt_bytes(), "application/vnd.oasis.opendocument.text"),
        ("picture.png", samples.png_bytes(), "image/png"),
    ],
)
def test_accepted_documents_are_known_by_their_bytes(name, data, expected):
    assert check_document(samples.upload(name, data, "text/html")) == expected


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("page.html", samples.HTML, "markup"),
        ("page.pdf", samples.HTML, "markup"),
        ("drawing.svg", samples.SVG_WITH_SCRIPT, "markup"),
        ("drawing.png", samples.SVG, "markup"),
        ("bom.pdf", b"\xef\xbb\xbf  \n" + samples.HTML, "markup"),
        ("slides.pdf", samples.EXECUTABLE, "program"),
        ("slides.docx", samples.ELF, "program"),
        ("run.odt", samples.SCRIPT, "program"),
        ("plain.zip", samples.plain_zip_bytes(), "not_a_document"),
        ("macros.pptx", samples.pptm_bytes(), "not_a_document"),
        ("bomb.odt", samples.zip_bomb_bytes(), "zip_bomb"),
        ("empty.pdf", b"", "not_a_document"),
        ("text.pdf", b"Just some text", "not_a_document"),
        ("broken.docx", b"PK\x03\x04broken", "not_a_document"),
    ],
)
def test_refused_whatever_their_name(name, data, code):
    with pytest.raises(ValidationError) as refused:
        check_document(samples.upload(name, data, "application/pdf"))
    assert refused.value.code == code


def test_refused_above_the_documents_limit(settings):
    settings.MAX_DOCUMENT_BYTES = 1000
    data = samples.pdf_bytes("x" * 2000)
    with pytest.raises(ValidationError) as refused:
        check_document(samples.upload("big.pdf", data))
    assert refused.value.code == "too_large"
    assert refused.value.messages == [
        f"The file has {len(data) / 1024:.1f} KB; documents of at most 1000\xa0bytes are accepted.".replace(
            " KB", "\xa0KB"
        )
    ]
    assert check_document(samples.upload("small.pdf", samples.pdf_bytes())) == "application/pdf"


def test_the_file_is_read_from_its_start_again_after_the_check():
    uploaded = samples.upload("note.docx", samples.docx_bytes())
    check_document(uploaded)
    assert uploaded.read() == uploaded.file.getvalue()


def test_old_office_files_are_known_by_their_signature():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    word = ole + b"\xec\xa5\xc1\x00" + b"\0" * 600
    assert check_document(samples.upload("old.doc", word)) == "application/msword"
    with pytest.raises(ValidationError) as refused:  # another compound file (an installer, say)
        check_document(samples.upload("setup.doc", ole + b"\0" * 600))
    assert refused.value.code == "not_a_document"
