"""The live pages in French (the catalogue itself, groups/live/locale, is checked in tests/test_app_translations.py)."""

import pytest
from django.test import Client
from django.utils import translation


@pytest.mark.django_db
def test_the_french_pages_are_in_french(caribbean):
    with translation.override("fr"):
        assert translation.gettext("Send the question") == "Envoyer la question"
    with translation.override("en"):  # the request activates French; put back what was active
        page = Client().get("/fr/caribbean/sessions/1/questions/").content.decode()
    assert "Envoyer la question" in page
    assert "Questions, séance 1" in page
