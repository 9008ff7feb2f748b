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


@pytest.mark.parametrize(
    ("language", "question", "point"),
    [
        ("en", "Up to 300 characters.", "A short point, up to 400 characters."),
        ("fr", "300 caractères au plus.", "Un point bref, de 400 caractères au plus."),
        ("es", "Hasta 300 caracteres.", "Un punto breve, de hasta 400 caracteres."),
        ("nl", "Tot 300 tekens.", "Een kort punt, tot 400 tekens."),
    ],
)
def test_the_live_forms_help_texts_are_in_the_pages_language(language, question, point):
    from groups.live.forms import AskForm, PointForm

    with translation.override(language):
        assert str(AskForm.base_fields["text"].help_text) == question
        assert str(PointForm.base_fields["text"].help_text) == point
