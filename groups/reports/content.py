"""A report's content as one value: the group's answer to each question, the main conclusions and the recommended
actions. Every other shape (model rows, form fields, a revision's JSON, a diff, the outcome) is converted from and to
this one, here or at its edge; adding a section to reports means adding it to SECTIONS (and a column to the model).

A content is a mapping of *field keys* to text: `answer_<question id>` for answers, a section's key for the others.
The same keys name the form's fields, a revision's JSON entries and the fields a merge reports on.
"""

from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import BaseValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

ANSWER_PREFIX = "answer_"
ANSWER_LIMIT = 6000


@deconstructible
class LengthLimit(BaseValidator):
    """A maximum length whose message says how much to cut. Unlike a form field's max_length it adds no HTML
    maxlength attribute, which would make browsers silently cut pasted text."""

    message = ngettext_lazy(
        "This is limited to %(limit_value)d characters and has %(show_value)d: shorten it by %(over)d character.",
        "This is limited to %(limit_value)d characters and has %(show_value)d: shorten it by %(over)d characters.",
        "over",
    )
    code = "max_length"

    def compare(self, a, b):
        return a > b

    def clean(self, x):
        return len(x)

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            params = {"limit_value": self.limit_value, "show_value": length, "over": length - self.limit_value}
            raise ValidationError(self.message, code=self.code, params=params)


@dataclass(frozen=True)
class Section:
    """A part of a report besides the answers: its key (also the model's column), its label and its limit."""

    key: str
    label: str
    limit: int
    help_text: str
    rows: int


MARKDOWN_HELP = _("Markdown: a blank line between paragraphs, “- ” at the start of a line for a list item, **bold**.")

SECTIONS = (
    Section("conclusions", _("Main conclusions"), 6000, MARKDOWN_HELP, 8),
    Section("actions", _("Recommended actions"), 4000, _("One action per line, each starting with “- ”."), 6),
)
SECTION_KEYS = tuple(section.key for section in SECTIONS)
SECTIONS_BY_KEY = {section.key: section for section in SECTIONS}


def answer_key(question_id):
    return f"{ANSWER_PREFIX}{question_id}"


def question_id_of(key):
    """The question id an answer key names, or None for a section key or anything else."""
    if key.startswith(ANSWER_PREFIX):
        number = key[len(ANSWER_PREFIX) :]
        if number.isascii() and number.isdigit():
            return int(number)
    return None


def is_known_key(key):
    return key in SECTIONS_BY_KEY or question_id_of(key) is not None


def limit_of(key):
    return SECTIONS_BY_KEY[key].limit if key in SECTIONS_BY_KEY else ANSWER_LIMIT


class ReportContent(Mapping):
    """An immutable mapping of field keys to text. Every section key is present (blank by default); an answer key is
    present when the content says something about that question: a blank answer and a missing one read the same
    (`content[key]` is "" for both), but a form's content names every question it showed, so that a merge knows
    which answers the writer could change."""

    __slots__ = ("_fields",)

    def __init__(self, fields=None, /, **sections):
        given = {**(fields or {}), **sections}
        for key in given:
            if not is_known_key(key):
                raise ValueError(f"{key!r} is not a field of a report")
        # Answers first, in the order given, then the sections in their order: the order of the form.
        answers = {key: str(text) for key, text in given.items() if key not in SECTIONS_BY_KEY}
        self._fields = {**answers, **{key: str(given.get(key, "")) for key in SECTION_KEYS}}

    @classmethod
    def from_answers(cls, answers, **sections):
        """From {question id: text} and the sections' texts."""
        return cls({answer_key(pk): text for pk, text in answers.items()}, **sections)

    def __getitem__(self, key):
        if key in self._fields:
            return self._fields[key]
        if is_known_key(key):
            return ""
        raise KeyError(key)

    def __iter__(self):
        return iter(self._fields)

    def __len__(self):
        return len(self._fields)

    def __eq__(self, other):
        if not isinstance(other, ReportContent):
            return NotImplemented
        return self.said() == other.said()

    def __hash__(self):
        return hash(tuple(sorted(self.said().items())))

    def __repr__(self):
        return f"ReportContent({self._fields!r})"

    def said(self):
        """Only the fields with text: two contents that say the same are equal."""
        return {key: text for key, text in self._fields.items() if text}

    def __getattr__(self, name):
        # content.conclusions, content.actions: the sections by name (templates read them so).
        if name in SECTIONS_BY_KEY:
            return self._fields[name]
        raise AttributeError(name)

    def answer(self, question_id):
        return self[answer_key(question_id)]

    @property
    def answers(self):
        """{question id: text} for the answers this content names."""
        return {question_id_of(key): text for key, text in self._fields.items() if question_id_of(key) is not None}

    def replace(self, changes):
        """A copy with some fields changed."""
        return ReportContent({**self._fields, **changes})

    def is_empty(self):
        return not any(text.strip() for text in self._fields.values())

    # Revisions keep a content as one JSON document.

    def to_json(self):
        said = self.said()
        return {
            "answers": {str(question_id_of(key)): text for key, text in said.items() if key.startswith(ANSWER_PREFIX)},
            **{key: self._fields[key] for key in SECTION_KEYS},
        }

    @classmethod
    def from_json(cls, data):
        answers = {int(pk): text for pk, text in (data.get("answers") or {}).items()}
        return cls.from_answers(answers, **{key: data.get(key, "") for key in SECTION_KEYS})

    def errors(self):
        """{field key: [message]} for every field over its length limit."""
        errors = {}
        for key, text in self._fields.items():
            try:
                LengthLimit(limit_of(key))(text)
            except ValidationError as error:
                errors[key] = error.messages
        return errors


@dataclass(frozen=True)
class Merge:
    """The outcome of merging a save based on an older version into the current content.

    `content` is the merged content, with the writer's text in every conflicting field; `theirs` lists the fields
    that only the other save changed (taken from it); `conflicts` maps each field both changed differently to
    (mine, theirs).
    """

    content: ReportContent
    theirs: tuple
    conflicts: dict


def merge(*, base, mine, theirs, keys):
    """Three-way merge, field by field. `keys` are the fields the writer could change (their form's fields): any
    other field keeps its current text. `base` maps each key to the text the writer started from (None when that is
    not known: then a field where both texts differ is a conflict)."""
    merged, taken, conflicts = dict(theirs.items()), [], {}
    for key in keys:
        start, own, current = base.get(key), mine[key], theirs[key]
        if own == current:
            continue  # both the same text (changed alike, or not at all)
        if start is not None and own == start:
            taken.append(key)  # only the other save changed it: its text stays
        elif start is not None and current == start:
            merged[key] = own  # only this writer changed it
        else:
            merged[key] = own
            conflicts[key] = (own, current)
    return Merge(content=ReportContent(merged), theirs=tuple(taken), conflicts=conflicts)
