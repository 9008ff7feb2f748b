"""Every interface string of the code and templates is translated into French, Spanish and Dutch. Django's
makemessages finds the strings, run on a copy of the project (it writes into every catalogue it finds); each is then
looked up in the project's own catalogues: French in locale/fr or an app's own (docs/translators.md), Spanish and
Dutch in locale/es and locale/nl. The catalogues' own checks (no fuzzy entry, compiled) are in test_catalogues.py
and test_app_translations.py."""

import shutil
import subprocess
import sys

import polib
import pytest

from tests.catalogues import ROOT, catalogue_path
from tests.test_app_translations import CATALOGUES

LANGUAGES = ["fr", "es", "nl"]
# Where each language's translations are: "" is the project's locale/.
TRANSLATED_IN = {"fr": ["", *CATALOGUES], "es": [""], "nl": [""]}
# Not copied: what makemessages is told to ignore in docs/translators.md, and what holds no interface string.
NOT_COPIED = shutil.ignore_patterns(
    ".*", "build", "staticfiles", "node_modules", "tests", "static", "__pycache__", "*.mo", "screenshots"
)

pytestmark = pytest.mark.skipif(shutil.which("xgettext") is None, reason="makemessages needs GNU gettext")


@pytest.fixture(scope="module")
def source_strings(tmp_path_factory):
    """(context, msgid) -> the entry, for each language, as makemessages extracts them from the code and templates."""
    copy = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(ROOT, copy, ignore=NOT_COPIED)
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location"]
    subprocess.run(  # noqa: S603 (this Python, fixed arguments)
        [*command, *(f"--locale={language}" for language in LANGUAGES)],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    found = {language: {} for language in LANGUAGES}
    for path in copy.glob("**/locale/*/LC_MESSAGES/django.po"):
        language = path.parent.parent.name
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                found[language][(entry.msgctxt, entry.msgid)] = entry
    return found


def translated(language):
    """(context, msgid) of every entry the project's catalogues translate into `language`, fuzzy ones left out."""
    keys = set()
    for app in TRANSLATED_IN[language]:
        for entry in polib.pofile(str(catalogue_path(app, language))):
            values = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
            if not entry.obsolete and "fuzzy" not in entry.flags and all(values):
                keys.add((entry.msgctxt, entry.msgid))
    return keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_interface_string_is_translated(source_strings, language):
    strings = source_strings[language]
    assert len(strings) > 900
    assert (None, "Back in a moment") in strings
    assert (None, "typed in on the join page") in strings
    assert sorted(msgid for context, msgid in strings.keys() - translated(language)) == []
