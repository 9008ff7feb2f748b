"""Text for machine-readable formats, which cannot carry every character people type or paste."""

import re

# Control characters that XML 1.0 does not allow (python-docx refuses them; an XML reader stops at them), and that
# iCalendar text does not allow either. Tab, line feed and carriage return are kept.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text):
    """The text without the control characters XML 1.0 forbids: they are invisible, and usually pasted by accident
    (a word processor's manual line break is \\x0b)."""
    return XML_INVALID.sub("", text)
