"""The French of the apps' own catalogues (conference/, sessions/, groups/, groups/reports/ and groups/live/locale,
beside the shared one in locale/): complete, compiled, and the one Django uses."""

from pathlib import Path

import pytest
from django.utils import translation

from tests.catalogues import compiled, entries

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = ["conference", "sessions", "groups", "groups/reports", "groups/live"]


@pytest.mark.parametrize("app", CATALOGUES)
def test_every_entry_is_translated_compiled_and_used(app):
    found = entries(app)
    assert found
    assert [msgid for _context, msgid, values, _flags in found if not all(values)] == []
    assert [msgid for _context, msgid, _values, flags in found if "fuzzy" in flags] == []
    catalogue = compiled(app, "fr")
    with translation.override("fr"):
        for context, msgid, values, _flags in found:
            if len(values) == 1 and context:
                assert catalogue.pgettext(context, msgid) == values[0], msgid
                assert translation.pgettext(context, msgid) == values[0], msgid
            elif len(values) == 1:
                assert catalogue.gettext(msgid) == values[0], msgid
                assert translation.gettext(msgid) == values[0], msgid


def test_the_console_in_french():
    with translation.override("fr"):
        assert translation.gettext("Organisers’ console") == "Console des organisateurs"
        assert translation.gettext("Enter the date as YYYY-MM-DD, for example 2026-11-27.") == (
            "Saisissez la date sous la forme AAAA-MM-JJ, par exemple 2026-11-27."
        )
        assert translation.ngettext("Email sent to %(names)s.", "Emails sent to %(names)s.", 2) == (
            "Courriels envoyés à %(names)s."
        )
