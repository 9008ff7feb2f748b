"""The organisers' texts in the reader's language, and honest about it when a text is not translated yet.

Texts participants read are stored in every language of the site (django-modeltranslation: `title_en`, `title_fr`,
…; see each app's translation.py). A text not translated into the page's language is shown in English, and marked
`lang="en"` so that screen readers and browsers read it as English inside a page in another language.
"""

import unicodedata

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

ORIGINAL = settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def current_language():
    """The page's language, as one of the site's language codes."""
    return (get_language() or ORIGINAL).split("-")[0]


def text_and_language(obj, field):
    """(text, language) of `obj.field` for the page's language: its translation, or the English text and "en"."""
    language = current_language()
    if language != ORIGINAL:
        translated = getattr(obj, f"{field}_{language}", None)
        if translated:
            return translated, language
    return getattr(obj, f"{field}_{ORIGINAL}", None) or "", ORIGINAL


def language_of(obj, field):
    """The language `obj.field` is shown in on this page (for a `lang` attribute around a longer text)."""
    return text_and_language(obj, field)[1]


def shown(obj, field):
    """`obj.field` as HTML for the page's language: escaped, and wrapped in <span lang="en"> when it falls back to
    English on a page in another language."""
    text, language = text_and_language(obj, field)
    if not text:
        return ""
    if language == current_language():
        return escape(text)
    return mark_safe(f'<span lang="{language}">{escape(text)}</span>')  # noqa: S308 (escaped above)


def mark_fallback(text, language):
    """Already-chosen text as HTML, wrapped in <span lang="…"> when its language is not the page's."""
    if not text:
        return ""
    if language == current_language():
        return escape(text)
    return mark_safe(f'<span lang="{language}">{escape(text)}</span>')  # noqa: S308 (escaped above)


def sort_key(text):
    """A key that sorts names as readers expect in any of the site's languages: case and accents aside
    ("Île" with "Ile")."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
