"""A document's file as the site serves it: its type, name, headers and caching; organisers-only files reach the
organisers alone."""

import pytest
from django.urls import reverse

from tests.documents import samples

pytestmark = pytest.mark.django_db


def file_url(file_row, conference):
    return reverse(
        "documents:file",
        kwargs={
            "conference": conference.slug,
            "pk": file_row.document_id,
            "language": file_row.language,
            "name": file_row.download_name,
        },
    )


def get(client, url, **kwargs):
    """The answer, its file read (as `body`) and closed."""
    response = client.get(url, **kwargs)
    response.body = b"".join(response.streaming_content) if response.streaming else response.content
    return response


def test_a_public_pdf_opens_in_the_browser_with_its_headers(client, conference, make_document):
    document = make_document(conference, "Concept note")
    file_row = document.files.get()
    response = get(client, file_url(file_row, conference))
    assert response.status_code == 200
    assert response.body == samples.pdf_bytes("Concept note")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'inline; filename="concept-note.pdf"'
    assert response["Content-Length"] == str(file_row.size)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, no-cache"
    assert response["ETag"].startswith(f'"{file_row.pk}-')
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_office_files_download_in_a_sandbox(client, conference, make_document):
    document = make_document(conference, "Slides", files={"en": samples.pptx_bytes()})
    response = get(client, file_url(document.files.get(), conference))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert response["Content-Disposition"] == 'attachment; filename="slides.pptx"'
    assert response["Content-Security-Policy"].startswith("sandbox; default-src 'none'")


def test_an_unchanged_file_answers_not_modified(client, conference, make_document):
    file_row = make_document(conference).files.get()
    url = file_url(file_row, conference)
    etag = get(client, url)["ETag"]
    again = get(client, url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.body == b""


def test_an_old_name_leads_to_the_current_one(client, conference, make_document):
    file_row = make_document(conference).files.get()
    response = get(client, file_url(file_row, conference).replace(file_row.download_name, "old-name.pdf"))
    assert (response.status_code, response["Location"]) == (302, file_url(file_row, conference))


def test_organisers_only_documents_are_a_404_to_the_public(client, organiser, conference, make_document):
    document = make_document(conference, "Draft", is_public=False)
    url = file_url(document.files.get(), conference)
    assert get(client, url).status_code == 404
    client.force_login(organiser)
    response = get(client, url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("language", ["fr", "xx"])
def test_a_language_the_document_lacks_is_a_404(client, conference, make_document, language):
    file_row = make_document(conference).files.get()
    url = file_url(file_row, conference).replace("/en/", f"/{language}/")
    assert get(client, url).status_code == 404


def test_another_conferences_address_finds_nothing(client, conference, make_document, caribbean):
    file_row = make_document(conference).files.get()
    assert get(client, file_url(file_row, caribbean)).status_code == 404


def test_a_file_is_served_in_one_query_whatever_the_number_of_documents(
    client, conference, make_document, django_assert_num_queries
):
    files = [make_document(conference, f"Paper {number}").files.get() for number in range(10)]
    for file_row in (files[0], files[-1]):
        with django_assert_num_queries(1):  # the file's row with its document
            response = get(client, file_url(file_row, conference))
        assert response.status_code == 200
