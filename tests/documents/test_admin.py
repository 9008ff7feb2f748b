"""The admin's documents: a file added in the inline is checked and described as in the console."""

import pytest
from django.urls import reverse

from sessions.documents.models import Document, DocumentFile
from tests.documents import samples

pytestmark = pytest.mark.django_db


def add(client, conference, name, data):
    return client.post(
        reverse("admin:documents_document_add"),
        {
            "conference": conference.pk,
            "title": "From the admin",
            "kind": "programme",
            "is_public": "on",
            "position": "0",
            "files-TOTAL_FORMS": "1",
            "files-INITIAL_FORMS": "0",
            "files-MIN_NUM_FORMS": "0",
            "files-MAX_NUM_FORMS": "1000",
            "files-0-language": "fr",
            "files-0-file": samples.upload(name, data),
        },
    )


def test_a_file_added_in_the_admin_is_described(organiser_client, caribbean):
    response = add(organiser_client, caribbean, "programme.odt", samples.odt_bytes())
    assert response.status_code == 302
    file_row = DocumentFile.objects.get()
    assert (file_row.document.title, file_row.language, file_row.content_type, file_row.original_name) == (
        "From the admin",
        "fr",
        "application/vnd.oasis.opendocument.text",
        "programme.odt",
    )
    assert file_row.file.name.endswith("/programme.odt")


def test_a_hostile_file_is_refused_in_the_admin(organiser_client, caribbean, settings):
    response = add(organiser_client, caribbean, "programme.pdf", samples.SVG_WITH_SCRIPT)
    assert response.status_code == 200
    assert "This file is a web page or a drawing" in response.content.decode()
    assert Document.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "documents").exists()
