"""Two app servers sharing one PostgreSQL and one S3 object store (moto's standalone server), as several servers
behind a load balancer run: a document an organiser uploads through one server's console downloads through the other.
PostgreSQL only (the servers are separate gunicorn processes), as in test_live_servers.py."""

import os
import sys
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import Group
from django.db import connection
from playwright.sync_api import expect

from benchmarks.server import gunicorn
from conference.roles import ORGANISERS, sync_organisers_group
from sessions.documents.models import DocumentFile
from tests.documents import samples

from .conftest import DESKTOP, log_in
from .test_live_servers import database_url

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_servers_on_s3(loaded, s3_server, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("two app servers need PostgreSQL (run with DATABASE_URL=postgres://…, as .ci/test does)")
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_") and key != "CACHE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="conference.settings", DATABASE_URL=database_url(), DJANGO_LOG_LEVEL="WARNING")
    env.update(s3_server.env)
    assert Path(sys.executable).parent.joinpath("gunicorn").exists()
    with (
        gunicorn(env, tmp_path / "a.log", workers=1, threads=4, probe="/caribbean/") as (_a, port_a),
        gunicorn(env, tmp_path / "b.log", workers=1, threads=4, probe="/caribbean/") as (_b, port_b),
    ):
        yield f"http://127.0.0.1:{port_a}", f"http://127.0.0.1:{port_b}"


@pytest.fixture
def organiser_for_servers(transactional_db, django_user_model):
    """An organiser whose password the app servers can check (Django's default hasher, in few rounds)."""
    sync_organisers_group()
    login = {"username": "org", "password": "a-long-test-password"}
    hasher = PBKDF2PasswordHasher()
    password = hasher.encode(login["password"], hasher.salt(), iterations=1000)
    user = django_user_model.objects.create(username=login["username"], password=password, is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    return login


def test_a_document_uploaded_through_one_server_downloads_through_the_other(
    browser, two_servers_on_s3, organiser_for_servers, s3_server
):
    server_a, server_b = two_servers_on_s3
    page = browser.new_context(viewport=DESKTOP, base_url=server_a).new_page()
    log_in(page, organiser_for_servers, next_url="/caribbean/organisers/documents/")
    page.get_by_label("Title").fill("A paper on the object store")
    page.locator("input[name=file]").set_input_files(
        {"name": "paper.pdf", "mimeType": "application/pdf", "buffer": samples.pdf_bytes("Shared")}
    )
    page.get_by_role("button", name="Add the document").click()
    expect(page.locator(".alert-success")).to_have_text("“A paper on the object store” is added.")
    file_row = DocumentFile.objects.get()
    assert s3_server.keys() == [file_row.file.name]

    other = browser.new_context(base_url=server_b)
    response = other.request.get(f"/caribbean/documents/{file_row.document_id}/en/{file_row.download_name}")
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    assert response.body() == samples.pdf_bytes("Shared")
