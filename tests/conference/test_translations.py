"""The French catalogue is complete and its compiled form matches it."""

import ast
import gettext
import re
from pathlib import Path

from django.utils import translation

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PO = LOCALE / "fr" / "LC_MESSAGES" / "django.po"


def unescape(po_string):
    """A .po string's C escapes (\\n, \\") to the text they stand for."""
    return ast.literal_eval(f'"{po_string}"')


def po_entries():
    """(msgid, msgstr values, flags) for each entry of the .po file, continuation lines joined."""
    entries = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            if match := re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line):
                current = match[1]
                fields[current] = match[2]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if "msgid" in fields:
            entries.append((fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], flags))
    return entries


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = [e for e in po_entries() if e[0]]
    assert len(entries) > 200
    assert [msgid for msgid, values, _flags in entries if not all(values)] == []
    assert [msgid for msgid, _values, flags in entries if "fuzzy" in flags] == []


def test_compiled_catalogue_matches_the_po_file():
    with (LOCALE / "fr" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, values, _flags in po_entries():
        if msgid and len(values) == 1:
            assert compiled.gettext(unescape(msgid)) == unescape(values[0]), msgid


def test_interface_strings_in_french():
    with translation.override("fr"):
        assert translation.gettext("Find my group") == "Trouver mon groupe"
        assert translation.gettext("to be announced") == "à annoncer"
