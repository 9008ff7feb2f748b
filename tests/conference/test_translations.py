"""The French catalogue is complete and its compiled form matches it."""

from django.utils import translation

from tests.catalogues import compiled, entries


def test_every_entry_is_translated_and_none_is_fuzzy():
    found = entries("", "fr")
    assert len(found) > 200
    assert [msgid for _context, msgid, values, _flags in found if not all(values)] == []
    assert [msgid for _context, msgid, _values, flags in found if "fuzzy" in flags] == []


def test_compiled_catalogue_matches_the_po_file():
    catalogue = compiled("", "fr")
    for context, msgid, values, _flags in entries("", "fr"):
        if len(values) == 1 and context:
            assert catalogue.pgettext(context, msgid) == values[0], msgid
        elif len(values) == 1:
            assert catalogue.gettext(msgid) == values[0], msgid


def test_interface_strings_in_french():
    with translation.override("fr"):
        assert translation.gettext("Find my group") == "Trouver mon groupe"
        assert translation.gettext("to be announced") == "à annoncer"
