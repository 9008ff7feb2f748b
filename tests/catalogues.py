"""The translation catalogues as the tests read them: with polib (which the app uses for the translators' export),
texts as gettext gives them, escapes read."""

import gettext
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent


def catalogue_path(app, language, suffix="po"):
    """The catalogue of `app` (a folder such as "groups/live"; "" is the project's own locale/) in `language`."""
    return ROOT / app / "locale" / language / "LC_MESSAGES" / f"django.{suffix}"


def entries(app, language="fr"):
    """(context, msgid, msgstr values, flags) for each entry of the catalogue, the obsolete ones left out."""
    return [
        (
            entry.msgctxt,
            entry.msgid,
            [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)] if entry.msgid_plural else [entry.msgstr],
            entry.flags,
        )
        for entry in polib.pofile(str(catalogue_path(app, language)))
        if not entry.obsolete
    ]


def compiled(app, language):
    """The compiled catalogue (.mo) beside it, as gettext reads it."""
    with catalogue_path(app, language, "mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)
