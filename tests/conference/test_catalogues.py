"""The Spanish and Dutch interface: one project-level catalogue each (locale/es, locale/nl), complete,
compiled, and the one Django uses; the participants' pages come out in those languages."""

import pytest
from django.utils import translation

from tests.catalogues import ROOT, compiled, entries

LANGUAGES = ["es", "nl"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_entry_is_translated_and_none_is_fuzzy(language):
    found = entries("", language)
    assert len(found) > 800
    assert [msgid for _context, msgid, values, _flags in found if not all(values)] == []
    assert [msgid for _context, msgid, _values, flags in found if "fuzzy" in flags] == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_header(language):
    catalogue = compiled("", language)
    info = catalogue.info()
    assert info["language"] == language
    assert info["plural-forms"] == "nplurals=2; plural=(n != 1);"
    assert info["content-type"] == "text/plain; charset=UTF-8"
    assert "fuzzy" not in (ROOT / "locale" / language / "LC_MESSAGES" / "django.po").read_text().split("\n\n")[0]


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalogue_matches_the_po_file(language):
    catalogue = compiled("", language)
    for context, msgid, values, _flags in entries("", language):
        if len(values) == 1 and context:
            assert catalogue.pgettext(context, msgid) == values[0], msgid
        elif len(values) == 1:
            assert catalogue.gettext(msgid) == values[0], msgid
        else:
            # The plural forms by n (plural=(n != 1)); the English plural is only a fallback, never looked up.
            for n, value in ((1, values[0]), (2, values[1])):
                found = (
                    catalogue.npgettext(context, msgid, msgid, n) if context else catalogue.ngettext(msgid, msgid, n)
                )
                assert found == value, msgid


@pytest.mark.parametrize("language", LANGUAGES)
def test_django_uses_the_project_catalogue(language):
    """Every entry comes out of Django as the project's catalogue has it, not as an app's French one or Django's own."""
    with translation.override(language):
        for context, msgid, values, _flags in entries("", language):
            if len(values) == 1 and context:
                assert translation.pgettext(context, msgid) == values[0], msgid
            elif len(values) == 1:
                assert translation.gettext(msgid) == values[0], msgid


def test_interface_strings_in_spanish():
    with translation.override("es"):
        assert translation.gettext("Programme") == "Programa"
        assert translation.gettext("Find my group") == "Encontrar mi grupo"
        assert translation.gettext("How the sessions work") == "Cómo funcionan las sesiones"
        assert translation.gettext("to be announced") == "por anunciar"
        assert translation.ngettext("%(count)d vote", "%(count)d votes", 1) % {"count": 1} == "1 voto"
        assert translation.ngettext("%(count)d vote", "%(count)d votes", 3) % {"count": 3} == "3 votos"


def test_interface_strings_in_dutch():
    with translation.override("nl"):
        assert translation.gettext("Programme") == "Programma"
        assert translation.gettext("Find my group") == "Mijn groep vinden"
        assert translation.gettext("How the sessions work") == "Hoe de sessies verlopen"
        assert translation.gettext("to be announced") == "nog aan te kondigen"
        assert translation.ngettext("%(count)d vote", "%(count)d votes", 1) % {"count": 1} == "1 stem"
        assert translation.ngettext("%(count)d vote", "%(count)d votes", 3) % {"count": 3} == "3 stemmen"


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("es", ["Ir al contenido principal", "Programa", "Encontrar mi grupo", "Cómo funcionan las sesiones"]),
        ("nl", ["Naar de hoofdinhoud", "Programma", "Mijn groep vinden", "Hoe de sessies verlopen"]),
    ],
)
def test_the_programme_page_in_the_language(client, caribbean, language, labels):
    page = client.get(f"/{language}/caribbean/").content.decode()
    assert f'<html lang="{language}"' in page
    for label in labels:
        assert label in page
    assert "Find my group" not in page
