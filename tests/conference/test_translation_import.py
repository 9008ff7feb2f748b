"""Importing a translator's PO file (conference.services.import_translation): what is set, and what is left out
and why."""

import polib
import pytest
from django.core.exceptions import ValidationError

from conference.models import Conference, ThematicArea
from conference.services import import_translation, translation_file

pytestmark = pytest.mark.django_db


def exported(conference):
    return polib.pofile(translation_file(conference=conference, language="fr").decode())


def entry_for(po, context):
    [found] = [entry for entry in po if entry.msgctxt == context]
    return found


def test_import_sets_the_translated_texts_and_says_what_it_left_out(caribbean):
    po = exported(caribbean)
    assert len(po) == 74
    entry_for(po, f"conference.conference:{caribbean.pk}:region").msgstr = "Caraïbes"
    entry_for(po, "conference.thematicarea:1:title").msgstr = "Coordination"
    draft = entry_for(po, "conference.thematicarea:2:title")
    draft.msgstr, draft.flags = "Communication (brouillon)", ["fuzzy"]
    stale = entry_for(po, "conference.thematicarea:3:title")
    stale.msgid, stale.msgstr = "An older title", "Un ancien titre"
    entry_for(po, "conference.thematicarea:4:title").msgstr = "x" * 301
    po.append(polib.POEntry(msgctxt="conference.conference:999999:region", msgid="Elsewhere", msgstr="Ailleurs"))
    po.append(polib.POEntry(msgctxt="nothing", msgid="Nothing", msgstr="Rien"))
    po.append(polib.POEntry(msgctxt="conference.conference:1:region", msgid="Gone", msgstr="Parti", obsolete=True))

    result = import_translation(conference=caribbean, language="fr", content=str(po).encode())

    assert (result.updated, result.unchanged, result.untranslated) == (2, 0, 69)
    assert result.drafts == ["Communication and advocacy"]
    assert result.outdated == ["An older title"]
    assert result.refused == [
        (
            "Innovation and modernisation through standard-based statistical business architecture",
            "Ensure this value has at most 300 characters (it has 301).",
        ),
        ("Elsewhere", "not a text of this conference"),
        ("Nothing", "not a text of this conference"),
    ]
    assert Conference.objects.get(pk=caribbean.pk).region_fr == "Caraïbes"
    assert list(ThematicArea.objects.filter(pk__in=[1, 2, 3, 4]).order_by("pk").values_list("title_fr", flat=True)) == [
        "Coordination",
        None,
        None,
        None,
    ]

    again = import_translation(conference=caribbean, language="fr", content=str(po).encode("utf-8"))
    assert (again.updated, again.unchanged) == (0, 2)


@pytest.mark.parametrize(
    ("language", "content", "message"),
    [
        ("en", b"", "Choose the language of the translation."),
        (
            "fr",
            'msgid ""\nmsgstr ""\n"Language: es\\n"\n',
            "This file is a translation into “es”, not into “fr”.",
        ),
        ("fr", b'msgid "a"\nfoo bar\n', "This is not a PO file that can be read: Syntax error in po file (line 2)"),
    ],
)
def test_import_refuses_a_file_it_cannot_take(caribbean, language, content, message):
    with pytest.raises(ValidationError) as refused:
        import_translation(conference=caribbean, language=language, content=content)
    assert refused.value.messages == [message]
    assert Conference.objects.get(pk=caribbean.pk).region_fr is None
