"""Documents on an S3-compatible object store, through a real S3 API server (moto's standalone server): the storage
that conference/settings.py reads from the environment (DJANGO_STORAGE=s3), an upload through the console, the
download through the site, a replacement and a withdrawal that leave no object behind."""

import json
import os
import subprocess
import sys

import pytest
from django.urls import reverse

from sessions.documents.models import Document
from tests.documents import samples

pytestmark = pytest.mark.django_db

PRINT_STORAGE = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"


def storage_from_environment(extra):
    """settings.STORAGES["default"] as conference/settings.py reads it from the environment `extra`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env |= {"DJANGO_SETTINGS_MODULE": "conference.settings", **extra}
    command = [sys.executable, "-c", f"import django; django.setup(); {PRINT_STORAGE}"]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)  # noqa: S603
    return json.loads(result.stdout)


@pytest.fixture
def on_s3(s3_server, settings):
    """The app's default storage on the S3 server, configured as an operator would (the environment)."""
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_environment(s3_server.env)}
    return s3_server


def test_the_environment_chooses_the_storage(s3_server):
    assert storage_from_environment({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    storage = storage_from_environment(s3_server.env)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert {key: storage["OPTIONS"][key] for key in ("bucket_name", "endpoint_url", "access_key", "location")} == {
        "bucket_name": "conference-files",
        "endpoint_url": s3_server.endpoint,
        "access_key": "test-key",
        "location": "",
    }


def test_an_unknown_storage_is_refused_at_start():
    with pytest.raises(subprocess.CalledProcessError) as refused:
        storage_from_environment({"DJANGO_STORAGE": "ftp"})
    assert "DJANGO_STORAGE must be filesystem or s3, not 'ftp'." in refused.value.stderr


def test_upload_through_the_console_and_download_through_the_site(
    on_s3, organiser_client, client, caribbean, django_capture_on_commit_callbacks
):
    data = {"title": "Concept note", "kind": "concept_note", "place": "conference", "language": "en", "is_public": "on"}
    data["file"] = samples.upload("concept-note.pdf", samples.pdf_bytes("On the object store"))
    response = organiser_client.post(reverse("pages:documents", kwargs={"conference": "caribbean"}), data)
    assert response.status_code == 302
    file_row = Document.objects.get().files.get()
    assert on_s3.keys() == [file_row.file.name]
    stored = on_s3.client().get_object(Bucket=on_s3.bucket, Key=file_row.file.name)["Body"].read()
    assert stored == samples.pdf_bytes("On the object store")

    url = f"/caribbean/documents/{file_row.document_id}/en/{file_row.download_name}"
    served = client.get(url)
    assert (served.status_code, served["Content-Type"]) == (200, "application/pdf")
    assert b"".join(served.streaming_content) == samples.pdf_bytes("On the object store")

    document_url = reverse("pages:document", kwargs={"conference": "caribbean", "pk": file_row.document_id})
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            document_url, {"language": "en", "file": samples.upload("new.docx", samples.docx_bytes())}
        )
    replaced = Document.objects.get().files.get()
    assert on_s3.keys() == [replaced.file.name] != [file_row.file.name]

    withdraw_url = reverse("pages:document_withdraw", kwargs={"conference": "caribbean", "pk": file_row.document_id})
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(withdraw_url)
    assert on_s3.keys() == []


def test_a_refused_file_reaches_no_store(on_s3, organiser_client, caribbean):
    data = {"title": "A page", "kind": "other", "place": "conference", "language": "en"}
    data["file"] = samples.upload("page.pdf", samples.HTML)
    response = organiser_client.post(reverse("pages:documents", kwargs={"conference": "caribbean"}), data)
    assert response.status_code == 200
    assert (Document.objects.count(), on_s3.keys()) == (0, [])
