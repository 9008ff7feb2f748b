"""A new conference from a file in the fixture's format (fixtures/caribbean_conference.json): a JSON list of records,
each with its model and fields, that name each other by natural keys (the conference's short name first).

All or nothing: every record is checked as the admin would check it, and the file is refused with the errors of each
record unless all of them pass. The file can only create: a record that is already in the database, or that belongs
to another conference, is refused, and so is a record that names another conference's rows (a thematic area, a
panellist, a room), by natural key or by id. Texts holding control characters or text-direction overrides are
refused. The file's size, its nesting and its number of records are bounded before it is loaded
(DJANGO_MAX_UPLOAD_BYTES, DJANGO_MAX_IMPORT_RECORDS).
"""

import ast
import contextlib
import itertools
import json
import re
from array import array
from dataclasses import dataclass

from django.conf import settings
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.serializers.base import DeserializationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from conference.models import Conference, Country, Organisation, Participant, ThematicArea
from conference.text import unsafe_character
from conference.uploads import check_size
from sessions.models import Room, Segment, Session

from .models import Breakout, BreakoutGroup, GroupCountry, Question

# Each kind of record's natural key as the file writes it, from its fields: how records name each other.
FILE_KEYS = {
    Conference: lambda fields: [fields.get("slug")],
    ThematicArea: lambda fields: [*fields.get("conference", []), fields.get("code")],
    Country: lambda fields: [*fields.get("conference", []), fields.get("code")],
    BreakoutGroup: lambda fields: [*fields.get("conference", []), fields.get("number")],
    GroupCountry: lambda fields: list(fields.get("country", [])),
    Session: lambda fields: [*fields.get("conference", []), fields.get("number")],
    Segment: lambda fields: [*fields.get("session", []), fields.get("position")],
    Breakout: lambda fields: [*fields.get("session", []), (fields.get("group") or [None])[-1]],
    Question: lambda fields: [*fields.get("breakout", []), fields.get("position")],
}
LABELS = {model._meta.label_lower: model for model in FILE_KEYS}
# What a conference's structure is made of, and how each record finds its conference.
STRUCTURE = {
    Conference: lambda record: record.pk,
    ThematicArea: lambda record: record.conference_id,
    Country: lambda record: record.conference_id,
    BreakoutGroup: lambda record: record.conference_id,
    GroupCountry: lambda record: record.group.conference_id,
    Session: lambda record: record.conference_id,
    Segment: lambda record: record.session.conference_id,
    Breakout: lambda record: record.session.conference_id,
    Question: lambda record: record.breakout.session.conference_id,
}
# How a row that a record may name finds its conference (a query path): the rows of the structure, and the people and
# rooms its sessions, segments and breakouts name.
CONFERENCE_PATHS = {
    Conference: "pk",
    ThematicArea: "conference",
    Country: "conference",
    BreakoutGroup: "conference",
    GroupCountry: "group__conference",
    Session: "conference",
    Segment: "session__conference",
    Breakout: "session__conference",
    Question: "breakout__session__conference",
    Room: "conference",
    Participant: "conference",
    Organisation: "conference",
}
# The fixture's records nest four levels (the list, a record, its fields, a natural key); deeper is not the format.
MAX_DEPTH = 8
# A JSON string (possessive, so that an unclosed one is not tried again from every character), and the brackets.
JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"')
NOT_BRACKETS = bytes(range(256)).translate(None, b"[]{}")
BRACKET_STEPS = bytes.maketrans(b"[{]}", b"\x01\x01\xff\xff")  # +1 and -1 as signed bytes


@dataclass
class RecordError:
    """What is wrong with one record of the file: its number (from 1, 0 for the file as a whole), its kind and key as
    the file gives them, and the messages."""

    number: int
    model: str
    key: str
    messages: list


class FileRefused(Exception):
    """The file was not loaded; `errors` says why, record by record. Nothing was saved. `follow_on` numbers the
    records that were not checked because they refer to a refused one (fixing that one fixes them)."""

    def __init__(self, errors, follow_on=()):
        super().__init__(f"{len(errors)} records refused")
        self.errors, self.follow_on = errors, list(follow_on)


def _refuse(message):
    raise FileRefused([RecordError(0, "", "", [message])])


def read_records(data, slug=""):
    """The file's records (a list of dicts), with the conference's short name replaced by `slug` when given. Refused
    (FileRefused) when too large, nested too deep or with too many records, before it is parsed where it can be."""
    if isinstance(data, str):
        data = data.encode("utf-8", errors="surrogatepass")
    try:
        check_size(len(data))
    except ValidationError as error:
        _refuse(" ".join(error.messages))
    _refuse_deep_nesting(data)
    try:
        records = json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        _refuse(_("The file is not JSON text in UTF-8: %(error)s.") % {"error": error})
    if not isinstance(records, list) or not all(
        isinstance(record, dict) and isinstance(record.get("model"), str) and isinstance(record.get("fields"), dict)
        for record in records
    ):
        _refuse(_("The file must be a list of records, each with a “model” and its “fields”, as in the fixture."))
    if not records or records[0]["model"] != "conference.conference":
        _refuse(_("The file’s first record must be the conference (“conference.conference”)."))
    if len(records) > settings.MAX_IMPORT_RECORDS:
        _refuse(
            _(
                "The file has %(count)s records; a conference from a file has at most %(limit)s "
                "(DJANGO_MAX_IMPORT_RECORDS, which the operators can raise)."
            )
            % {"count": f"{len(records):,}", "limit": f"{settings.MAX_IMPORT_RECORDS:,}"}
        )
    old_slug = records[0]["fields"].get("slug")
    if slug and isinstance(old_slug, str):
        records = [_renamed(record, old_slug, slug) for record in records]
    return records


def _refuse_deep_nesting(data):
    """Refuse JSON nested deeper than MAX_DEPTH, from its brackets outside strings, before it is parsed: the parser
    recurses once per level, and a file of thousands of "[" ended in a RecursionError. (The brackets become steps of
    +1 and -1 and their running sum is the depth, without a Python loop over the characters.)"""
    steps = JSON_STRING.sub(b"", data).translate(None, NOT_BRACKETS).translate(BRACKET_STEPS)
    if max(itertools.accumulate(array("b", steps)), default=0) > MAX_DEPTH:
        _refuse(
            _("The file nests lists or objects more than %(depth)s levels deep: it is not in the fixture’s format.")
            % {"depth": MAX_DEPTH}
        )


def _renamed(record, old, new):
    """The record with the conference's short name `old` replaced by `new`, in its own slug and in every natural key
    (natural keys start with the conference's short name)."""

    def rename(value):
        if isinstance(value, list) and value and isinstance(value[0], list):
            return [rename(item) for item in value]
        if isinstance(value, list) and value and value[0] == old:
            return [new, *value[1:]]
        return value

    fields = {name: rename(value) for name, value in record["fields"].items()}
    if record["model"] == "conference.conference":
        fields["slug"] = new
    return {**record, "fields": fields}


def _key(record):
    fields = record.get("fields", {})
    for name in ("slug", "code", "number", "position", "session", "breakout", "country"):
        if name in fields:
            return f"{name} {json.dumps(fields[name], ensure_ascii=False)}"
    return ""


def _current_format(record):
    """Files written before a presentation had contributors give each segment a `presenter`, null in every such
    file (a file holds no people): it is dropped, so that they still load. Any other value is refused as before."""
    fields = record.get("fields")
    old = record.get("model") == "agenda_sessions.segment" and isinstance(fields, dict) and "presenter" in fields
    if old and fields["presenter"] is None:
        return {**record, "fields": {name: value for name, value in fields.items() if name != "presenter"}}
    return record


@transaction.atomic
def load_conference(*, data, slug=""):
    """Create the conference the file describes, with its structure; returns it. Raises FileRefused (nothing saved)
    with each record's errors. `slug` gives the new conference another short name than the file's."""
    records = read_records(data, slug)
    _refuse_existing(records[0]["fields"].get("slug"))
    errors, follow_on, refused_keys, conference = [], [], set(), None
    for number, record in enumerate(records, start=1):
        record = {key: value for key, value in _current_format(record).items() if key != "pk"}  # by natural keys
        problem = RecordError(number, record["model"], _key(record), [])
        try:
            [item] = serializers.deserialize("json", json.dumps([record]), ignorenonexistent=False)
        except DeserializationError as error:
            message, missing = _deserialization_message(error)
            if missing is not None and missing in refused_keys:
                follow_on.append(number)
            else:
                problem.messages.append(message)
                errors.append(problem)
            refused_keys.add(_file_key(record))
            continue
        instance = item.object
        problem.messages.extend(_record_problems(item, conference))
        if problem.messages:
            errors.append(problem)
            refused_keys.add(_file_key(record))
            continue
        item.save()
        if type(instance) is Conference:
            conference = instance
    if errors or follow_on:
        raise FileRefused(errors, follow_on)
    return conference


def _record_problems(item, conference):
    """What keeps a record read from the file (`item`, deserialized) from being added to `conference` (None while
    the file's conference is not saved yet): the messages, none when it may be saved."""
    instance = item.object
    if type(instance) not in STRUCTURE:
        return [_("This kind of record is not part of a conference’s structure.")]
    if instance.pk is not None:
        return [_("This record is already in the database: a file can only add a new conference.")]
    if conference is None and type(instance) is not Conference:
        return [_("The conference must come first.")]
    if conference is not None and (
        type(instance) is Conference or STRUCTURE[type(instance)](instance) != conference.pk
    ):
        return [_("This record belongs to another conference than the file’s.")]
    try:
        instance.full_clean()
    except ValidationError as error:
        cleaned = error.message_dict
    else:
        cleaned = {}
    return [
        *_character_problems(instance),
        *(
            f"{field}: {message}" if field != "__all__" else message
            for field, messages in cleaned.items()
            for message in messages
        ),
        *_related_problems(item, conference, said=cleaned.keys()),
    ]


def _character_problems(instance):
    """A message for each text of the record holding a character an import refuses (conference.text)."""
    problems, checked = [], set()
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname)
        if isinstance(field, models.CharField | models.TextField) and isinstance(value, str) and value not in checked:
            checked.add(value)  # a translated text's English column ("title_en") holds the same text as "title"
            character = unsafe_character(value, lines=isinstance(field, models.TextField))
            if character:
                problems.append(
                    _(
                        "%(field)s: it holds the invisible character %(character)s (a control character or a "
                        "text-direction override); remove it."
                    )
                    % {"field": field.name, "character": character}
                )
    return problems


def _related_problems(item, conference, said=()):
    """A message for each field of a deserialized record (`item`) that names rows of another conference than
    `conference`: its foreign keys and its many-to-many values (thematic areas, panellists…), by natural key or id.
    The fields in `said` have a message already (the model's own check)."""
    instance, problems = item.object, []
    named = [
        (field, [getattr(instance, field.attname)])
        for field in instance._meta.concrete_fields
        if field.is_relation and getattr(instance, field.attname) is not None and field.name not in said
    ]
    named += [(instance._meta.get_field(name), pks) for name, pks in item.m2m_data.items() if pks]
    for field, pks in named:
        related = field.related_model
        path = CONFERENCE_PATHS.get(related)
        if path is None:
            problems.append(_("%(field)s: a conference file cannot name these.") % {"field": field.name})
            continue
        foreign = set(pks) - set(
            related._default_manager.filter(pk__in=pks, **{path: conference.pk}).values_list("pk", flat=True)
        )
        if foreign:
            problems.append(
                _("%(field)s: it names %(rows)s of another conference, not of this file’s.")
                % {"field": field.name, "rows": ", ".join(_described(related, pk) for pk in sorted(foreign, key=str))}
            )
    return problems


def _described(model, pk):
    row = model._default_manager.filter(pk=pk).first()
    return f"“{row}”" if row is not None else f"{model._meta.verbose_name} {pk}"


def _refuse_existing(slug):
    """Refuse the file when its conference's short name is taken."""
    if Conference.objects.filter(slug=slug).exists():
        _refuse(
            _(
                "A conference with the short name “%(slug)s” already exists. Give the new one another short name, "
                "or use “Copy this conference” on the existing one."
            )
            % {"slug": slug}
        )


def _file_key(record):
    """The record's natural key as the file would name it (JSON text), or None for a kind that has none here."""
    model = LABELS.get(record["model"])
    try:
        return json.dumps(FILE_KEYS[model](record["fields"]), ensure_ascii=False) if model else None
    except TypeError:  # a key field that is not a list: nothing can refer to this record
        return None


def _deserialization_message(error):
    """A record that could not be read, in words: a value that is not one, or a natural key that names nothing.
    Returns (message, the natural key it missed as JSON text, or None)."""
    chain, current = [], error
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    original = chain[-1]
    described = next((str(item) for item in chain if "field_value was '" in str(item)), "")
    value = described.rsplit("field_value was '", 1)[1][:-1] if described else ""
    if isinstance(original, ObjectDoesNotExist) or "matching query does not exist" in str(original):
        with contextlib.suppress(ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
            value = json.dumps(ast.literal_eval(value), ensure_ascii=False)
        message = _("It refers to %(value)s, which is neither earlier in the file nor in the database.")
        return message % {"value": value}, value
    if "Invalid model identifier" in str(original):
        return _("Unknown kind of record."), None
    if isinstance(original, ValidationError):
        return _("“%(value)s”: %(messages)s") % {"value": value, "messages": " ".join(original.messages)}, None
    if isinstance(original, FieldDoesNotExist):
        return _("Unknown field: %(error)s") % {"error": original}, None
    return str(original) or str(error), None
