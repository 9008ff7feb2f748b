"""The French of the apps' own catalogues (conference/, sessions/, groups/, groups/reports/ and groups/live/locale,
beside the shared one in locale/): complete, compiled, and the one Django uses."""

import gettext
import re
from pathlib import Path

import pytest
from django.utils import translation

from tests.conference.test_translations import unescape

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ["conference", "sessions", "groups", "groups/reports", "groups/live"]


def entries(app, language="fr"):
    """(context, msgid, msgstr values, flags) for each entry of the app's .po file in that language (as
    tests/conference/test_translations.py reads the shared one); app "" is the project's own locale/."""
    found = []
    for block in (
        (ROOT / app / "locale" / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8").split("\n\n")
    ):
        lines = block.strip().splitlines()
        flags = " ".join(line for line in lines if line.startswith("#,"))
        fields, current = {}, None
        for line in lines:
            if match := re.match(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d\])?) "(.*)"$', line):
                current = match[1]
                fields[current] = match[2]
            elif line.startswith('"') and current:
                fields[current] += line[1:-1]
        if fields.get("msgid"):
            values = [v for k, v in fields.items() if k.startswith("msgstr")]
            found.append((fields.get("msgctxt"), fields["msgid"], values, flags))
    return found


@pytest.mark.parametrize("app", CATALOGUES)
def test_every_entry_is_translated_compiled_and_used(app):
    found = entries(app)
    assert found
    assert [msgid for _context, msgid, values, _flags in found if not all(values)] == []
    assert [msgid for _context, msgid, _values, flags in found if "fuzzy" in flags] == []
    with (ROOT / app / "locale" / "fr" / "LC_MESSAGES" / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    with translation.override("fr"):
        for context, msgid, values, _flags in found:
            if len(values) == 1 and context:
                assert compiled.pgettext(context, unescape(msgid)) == unescape(values[0]), msgid
                assert translation.pgettext(context, unescape(msgid)) == unescape(values[0]), msgid
            elif len(values) == 1:
                assert compiled.gettext(unescape(msgid)) == unescape(values[0]), msgid
                assert translation.gettext(unescape(msgid)) == unescape(values[0]), msgid


def test_the_console_in_french():
    with translation.override("fr"):
        assert translation.gettext("Organisers’ console") == "Console des organisateurs"
        assert translation.gettext("Enter the date as YYYY-MM-DD, for example 2026-11-27.") == (
            "Saisissez la date sous la forme AAAA-MM-JJ, par exemple 2026-11-27."
        )
        assert translation.ngettext("Email sent to %(names)s.", "Emails sent to %(names)s.", 2) == (
            "Courriels envoyés à %(names)s."
        )
