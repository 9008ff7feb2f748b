"""Operations on a conference's records that touch several of them: its texts sent to a translator and the
translation brought back.

The texts are every field registered for translation (each app's translation.py): names, titles, topics,
questions… A translator gets them as a PO file (gettext's format, which translation tools such as Poedit, Weblate,
Lokalise or OmegaT open), one entry per text: the English text as `msgid`, the current translation (if any) as
`msgstr`, and where it shows as a comment. Importing the file back sets each translated text that is not marked
fuzzy (a translator's draft) and whose English is still the one that was sent.
"""

import codecs
from dataclasses import dataclass, field

import polib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from modeltranslation.translator import translator

from .languages import ORIGINAL
from .text import unsafe_character
from .uploads import check_size

# Byte-order marks, the longest first (UTF-32's little-endian mark starts with UTF-16's).
BYTE_ORDER_MARKS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]

# The languages a translation can be imported into: every language of the site but the original (English).
TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != ORIGINAL]


def _registrations():
    """(model, options) for every model with translated texts, in the order of the file (see translation.py)."""
    registered = [(model, translator.get_options_for_model(model)) for model in translator.get_registered_models()]
    registered = [(model, options) for model, options in registered if hasattr(options, "conference_path")]
    return sorted(registered, key=lambda item: item[1].position)


def _records(conference, model, options):
    records = model._default_manager.filter(**{options.conference_path: conference.pk})
    return records.filter(**getattr(options, "only", {})).order_by(*model._meta.ordering, "pk")


def _context(model, pk, name):
    return f"{model._meta.label_lower}:{pk}:{name}"


def translation_file(*, conference, language):
    """The conference's texts for a translator into `language`, as a PO file (bytes, UTF-8)."""
    if language not in TRANSLATED_LANGUAGES:
        raise ValueError(f"Not a language to translate into: {language!r}")
    po = polib.POFile(wrapwidth=0)
    po.metadata = {
        "Project-Id-Version": conference.slug,
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "POT-Creation-Date": timezone.now().strftime("%Y-%m-%d %H:%M%z"),
    }
    po.header = _(
        "Texts of the conference “%(conference)s” to translate from English. Translate each msgstr; leave it empty "
        "to keep the text in English, or mark the entry fuzzy while it is a draft (drafts are not imported)."
    ) % {"conference": conference.slug}
    for model, options in _registrations():
        for record in _records(conference, model, options):
            for name in options.fields:
                english = getattr(record, f"{name}_{ORIGINAL}") or ""
                if not english.strip():
                    continue
                po.append(
                    polib.POEntry(
                        msgctxt=_context(model, record.pk, name),
                        msgid=english,
                        msgstr=getattr(record, f"{name}_{language}") or "",
                        comment=f"{model._meta.verbose_name}: {record} – {model._meta.get_field(name).verbose_name}",
                    )
                )
    return str(po).encode()


@dataclass
class TranslationImport:
    """What an import did: how many texts it set, and the entries it left out, each with the reason."""

    updated: int = 0
    unchanged: int = 0
    untranslated: int = 0
    drafts: list = field(default_factory=list)
    outdated: list = field(default_factory=list)
    refused: list = field(default_factory=list)


def import_translation(*, conference, language, content):
    """Set the `language` texts of the conference from a PO file a translator sent back (bytes or text).

    An entry is imported when it is translated, not marked fuzzy (a draft for the organisers to review), names a
    text of this conference and carries the English text that text still has (an entry whose English has changed
    since the file was made is left out: its translation is of an older text). A translation is checked as the
    admin's form checks it (its length); one transaction, so that the public pages change once.
    """
    po = _read_po(content, language)
    registrations = {model._meta.label_lower: (model, options) for model, options in _registrations()}
    result = TranslationImport()
    with transaction.atomic():
        for entry in po:
            if not entry.obsolete:
                _import_entry(entry, conference=conference, language=language, registrations=registrations, into=result)
    return result


def _read_po(content, language):
    """The PO file (bytes or text) as polib reads it; refused (ValidationError) when it cannot be read or declares
    another language than `language`."""
    if language not in TRANSLATED_LANGUAGES:
        raise ValidationError(_("Choose the language of the translation."))
    text = _decoded(content) if isinstance(content, bytes) else content
    if "\n" not in text:
        text += "\n"  # polib takes a text without a line break for the name of a file to open
    try:
        po = polib.pofile(text)
    except (OSError, ValueError, UnicodeError) as error:
        raise ValidationError(_("This is not a PO file that can be read: %(error)s") % {"error": error}) from error
    declared = po.metadata.get("Language", "").split("_")[0].split("-")[0].lower()
    if declared and declared != language:
        raise ValidationError(
            _("This file is a translation into “%(declared)s”, not into “%(language)s”.")
            % {"declared": declared, "language": language}
        )
    return po


def _decoded(content):
    """A PO file's bytes as text, in the encoding its byte-order mark or its header gives (UTF-8 when neither does):
    refused (ValidationError) when too large or not in that encoding."""
    check_size(len(content))
    encoding = next((name for mark, name in BYTE_ORDER_MARKS if content.startswith(mark)), None)
    if encoding is None and len(content) > 1 and (content[0] == 0) != (content[1] == 0):
        encoding = "utf-16-be" if content[0] == 0 else "utf-16-le"  # UTF-16 without its mark: every other byte 0
    if encoding is None:
        # polib reads the header's charset; a text without a line break it would take for a file's name.
        encoding = polib.detect_encoding(content if b"\n" in content else content + b"\n")
    try:
        return content.decode(encoding)
    except UnicodeDecodeError as error:
        raise ValidationError(
            _(
                "This file is not in the encoding its header gives (%(encoding)s): byte %(position)s is not. Save it "
                "as UTF-8, with “charset=UTF-8” in its header."
            )
            % {"encoding": encoding, "position": error.start + 1}
        ) from error


def _import_entry(entry, *, conference, language, registrations, into):
    """Set the text one entry translates, or count in `into` (a TranslationImport) why it was left out."""
    if not entry.msgstr.strip():
        into.untranslated += 1
        return
    if "fuzzy" in entry.flags:
        into.drafts.append(entry.msgid)
        return
    record, name = _record_of(entry.msgctxt or "", registrations, conference)
    if record is None:
        into.refused.append((entry.msgid, _("not a text of this conference")))
        return
    if (getattr(record, f"{name}_{ORIGINAL}") or "") != entry.msgid:
        into.outdated.append(entry.msgid)
        return
    column = f"{name}_{language}"
    character = unsafe_character(entry.msgstr, lines=isinstance(record._meta.get_field(name), models.TextField))
    if character:
        into.refused.append(
            (
                entry.msgid,
                _(
                    "the translation of %(context)s holds the invisible character %(character)s (a control "
                    "character or a text-direction override); remove it"
                )
                % {"context": entry.msgctxt, "character": character},
            )
        )
        return
    try:
        value = record._meta.get_field(column).clean(entry.msgstr, record)
    except ValidationError as error:
        into.refused.append((entry.msgid, " ".join(error.messages)))
        return
    if getattr(record, column) == value:
        into.unchanged += 1
        return
    setattr(record, column, value)
    record.save(update_fields=[column])
    into.updated += 1


def _record_of(context, registrations, conference):
    """The record and field an entry's context names, if it is a translated text of this conference."""
    label, _sep, rest = context.partition(":")
    pk, _sep, name = rest.partition(":")
    if label not in registrations or not pk.isdigit():
        return None, None
    model, options = registrations[label]
    if name not in options.fields:
        return None, None
    record = _records(conference, model, options).filter(pk=int(pk)).first()
    return record, name
