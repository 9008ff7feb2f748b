"""Text for machine-readable formats, which cannot carry every character people type or paste."""

import re

# Control characters that XML 1.0 does not allow (python-docx refuses them; an XML reader stops at them), and that
# iCalendar text does not allow either. Tab, line feed and carriage return are kept.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    """The text without the control characters XML 1.0 forbids: they are invisible, and usually pasted by accident
    (a word processor's manual line break is \\x0b)."""
    return XML_INVALID.sub("", text)


# Characters refused in text that comes in from a file (an import): the control characters, invisible and NUL among
# them (PostgreSQL refuses it), and the bidirectional embeddings, overrides and isolates, which reorder what follows
# them on the page ("\u202etxt.exe" shows as "exe.txt"). A text of several lines keeps its line feeds and tabs.
UNSAFE_IN_A_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
UNSAFE_IN_LINES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def unsafe_character(text, *, lines=False):
    """The first character of `text` that an import refuses, as its code point ("U+202E"), or None. `lines`: the
    text may have several lines (line feeds and tabs are allowed)."""
    found = (UNSAFE_IN_LINES if lines else UNSAFE_IN_A_LINE).search(text)
    return f"U+{ord(found.group()):04X}" if found else None
