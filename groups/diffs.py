"""Show two copies of a report side by side: as plain lines, and as an HTML table of their differences."""

import difflib

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def snapshot_lines(snapshot):
    """A report copy (see RapporteurReport.snapshot) as lines of text, one heading per part."""
    lines = []
    for answer in snapshot["answers"]:
        lines.append(_("## Answer to question %(position)s") % {"position": answer["position"]})
        lines.extend(answer["text"].splitlines() or [""])
        lines.append("")
    lines.append(_("## Main conclusions"))
    lines.extend(snapshot["text"].splitlines() or [""])
    lines.append("")
    lines.append(_("## Recommended actions"))
    lines.extend(snapshot["actions"].splitlines() or [""])
    return lines


def diff_table(old, new, old_label, new_label):
    """An HTML table showing the changes from one copy to the other.

    difflib escapes the compared text (&, <, >), and the labels are escaped here, so no markup from a report gets
    through.
    """
    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        snapshot_lines(old), snapshot_lines(new), escape(old_label), escape(new_label), context=False
    )
    return mark_safe(table)  # noqa: S308 -- built by difflib from escaped text, see docstring
