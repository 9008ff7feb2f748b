"""The documents' migration goes both ways on a database with a conference in it, and keeps its constraints."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_documents_tables_come_and_go_with_nothing_else_touched():
    apps = migrate(latest())
    conference = apps.get_model("conference", "Conference").objects.create(slug="kept", region="Kept")
    MigrationExecutor(connection).migrate([("documents", None)])  # unapplied: its tables are gone
    assert "documents_document" not in connection.introspection.table_names()
    apps = migrate(latest())
    assert list(apps.get_model("conference", "Conference").objects.values_list("slug", flat=True)) == ["kept"]
    document = apps.get_model("documents", "Document").objects.create(conference_id=conference.pk, title="A paper")
    file_model = apps.get_model("documents", "DocumentFile")
    file_model.objects.create(document=document, language="en", file="a.pdf", size=1, content_type="application/pdf")
    with pytest.raises(IntegrityError), transaction.atomic():
        file_model.objects.create(document=document, language="en", file="b.pdf", size=1, content_type="x")
