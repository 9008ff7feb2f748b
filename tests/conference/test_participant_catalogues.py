"""The interface of the participants' pages in French, Spanish and Dutch (issue 10): every string of their templates
translated. The catalogues themselves (complete, not fuzzy, compiled) are checked in test_catalogues.py and
tests/test_app_translations.py."""

import re
from pathlib import Path

import pytest
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent.parent
PARTICIPANT_TEMPLATES = [
    "templates/base.html",
    "templates/404.html",
    "templates/500.html",
    "templates/503.html",
    *sorted(
        str(path.relative_to(ROOT))
        for folder in ("conference", "groups", "sessions")
        for path in (ROOT / "templates" / folder).glob("*.html")
    ),
    "templates/reports/_published_report.html",
]
TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1""")


def template_strings():
    found = set()
    for name in PARTICIPANT_TEMPLATES:
        found.update(match[1] for match in TRANSLATE_TAG.findall((ROOT / name).read_text(encoding="utf-8")))
    return sorted(found)


@pytest.mark.parametrize("language", ["fr", "es", "nl"])
def test_every_string_of_the_participants_templates_is_translated(language):
    strings = template_strings()
    assert len(strings) > 80
    with translation.override(language):
        untranslated = [
            text
            for text in strings
            if translation.gettext(text.replace("%", "%%")) == text.replace("%", "%%") and text not in SAME_IN[language]
        ]
    assert untranslated == []


# Words that are the same in the language (checked by hand).
SAME_IN = {
    "fr": {"Dates", "Documents", "Notes", "Programme", "Sessions"},
    "es": set(),
    "nl": {"Breakout:", "Rapporteur:"},
}
