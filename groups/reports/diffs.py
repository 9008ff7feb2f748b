"""Show two contents of a report side by side, as an HTML table of their differences."""

import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .content import SECTIONS, answer_key


def content_lines(content, questions):
    """A report content as lines of text, one heading per field: the answers in the questions' order (answers to
    questions deleted since come last), then the sections."""
    lines, shown = [], set()
    for question in questions:
        key = answer_key(question.pk)
        shown.add(key)
        if question.retired and not content[key]:
            continue
        lines.append(_("## Answer to question %(position)s") % {"position": question.position})
        lines.extend(content[key].splitlines() or [""])
        lines.append("")
    for key, text in content.said().items():
        if key.startswith("answer_") and key not in shown:
            lines.append(_("## Answer to a question that was deleted"))
            lines.extend(text.splitlines())
            lines.append("")
    for section in SECTIONS:
        lines.append(f"## {section.label}")
        lines.extend(content[section.key].splitlines() or [""])
        lines.append("")
    return lines[:-1]


def diff_table(old, new, questions, old_label, new_label):
    """An HTML table showing the changes from one content to the other.

    difflib escapes the compared text (&, <, >), and the labels are escaped here, so no markup from a report gets
    through.
    """
    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        content_lines(old, questions),
        content_lines(new, questions),
        escape(old_label),
        escape(new_label),
        context=False,
    )
    return mark_safe(table)  # noqa: S308 -- built by difflib from escaped text, see docstring
