"""The live app's French catalogue (groups/live/locale) is complete, compiled, and used on the French pages."""

import gettext
import re
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

from tests.conference.test_translations import unescape

PO = Path(__file__).resolve().parents[2] / "groups" / "live" / "locale" / "fr" / "LC_MESSAGES" / "django.po"


def entries():
    """(msgid, [msgstr…]) of each entry, continuation lines joined."""
    found = []
    for block in PO.read_text(encoding="utf-8").split("\n\n"):
        fields, current = {}, None
        for line in block.strip().splitlines():
            if match := re.match(r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line):
                current = match[1]
                fields[current] = match[2]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            found.append((fields["msgid"], [value for key, value in fields.items() if key.startswith("msgstr")]))
    return found


def test_every_entry_is_translated_and_compiled():
    assert len(entries()) > 150
    assert [msgid for msgid, values in entries() if not all(values)] == []
    with PO.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for msgid, values in entries():
        if len(values) == 1:
            assert compiled.gettext(unescape(msgid)) == unescape(values[0]), msgid


@pytest.mark.django_db
def test_the_french_pages_are_in_french(caribbean):
    with translation.override("fr"):
        assert translation.gettext("Send the question") == "Envoyer la question"
    with translation.override("en"):  # the request activates French; put back what was active
        page = Client().get("/fr/caribbean/sessions/1/questions/").content.decode()
    assert "Envoyer la question" in page
    assert "Questions, séance 1" in page
