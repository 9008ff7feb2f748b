"""Report text made safe to paste into the outcome's Markdown file, whatever viewer renders that file.

A report is Markdown written by a rapporteur; the outcome file puts it under the document's own headings. So each
field is made inert first: raw HTML is escaped, no link may lead to a script (a lenient viewer follows `javascript:`
links that our own sanitiser drops), and the report's own headings are re-levelled below the outline's, by the same
rule as on the pages (conference.markdown.nested_levels). The text is parsed with the one parser, pyromark, whose
events say where each heading and link is; the text is parsed again to check the result; what still does not pass is
exported as a code block, verbatim.
"""

import html
import re
from dataclasses import dataclass

import pyromark

from conference.markdown import heading_start, nested_levels
from conference.text import xml_safe

SAFE_SCHEMES = {"http", "https", "mailto"}


def inline(text):
    """Organiser text (a title, a name) for a heading or a line: one line, no raw HTML."""
    return " ".join(text.split()).replace("<", "&lt;")


def plain(text):
    """Plain text (a question from the floor, a breakout point) as one line of Markdown that reads exactly as typed:
    the characters Markdown or HTML could take for syntax are escaped, and so is a start that could open a list or a
    heading."""
    line = re.sub(r"([\\`*_\[\]()<>&!#|~{}])", r"\\\1", " ".join(xml_safe(text).split()))
    return re.sub(r"^(\d*)([-+=.)])", r"\1\\\2", line)


def unsafe_link(url):
    """Whether a link target has a scheme other than http, https or mailto, as a browser reads it."""
    target = re.sub(r"[\x00-\x20\x7f]", "", html.unescape(url)).lower()
    scheme = re.match(r"([a-z][a-z0-9+.\-]*):", target)
    return scheme is not None and scheme.group(1) not in SAFE_SCHEMES


def _links(text):
    """The address of every link and image of the text, whatever its scheme: a lenient viewer makes a link of each."""
    for event in pyromark.events(text):
        tag = event.get("Start") if isinstance(event, dict) else None
        if isinstance(tag, dict) and ("Link" in tag or "Image" in tag):
            yield (tag.get("Link") or tag.get("Image"))["dest_url"]


def _ends_heading(event):
    return isinstance(event, dict) and isinstance(event.get("End"), dict) and "Heading" in event["End"]


@dataclass
class _Heading:
    """A heading of the text: its level, the bytes of the source it spans, and its words on one line."""

    level: int
    start: int
    end: int
    words: bytes


def _words(source, inner):
    """A heading's words from the events inside it: its source without the # or underline, on one line. The line
    breaks of a setext heading become spaces, and with them the quote or list indentation of its next lines, which
    lies between a break and the next event."""
    pieces, cursor = [], None
    for event, where in inner:
        if cursor is None:
            cursor = where["start"]
        if event in ("SoftBreak", "HardBreak"):
            pieces += [source[cursor : where["start"]], b" "]
            cursor = None
    if cursor is not None:
        pieces.append(source[cursor : max(where["end"] for _event, where in inner)])
    return b"".join(pieces).strip()


def _headings(source):
    """The headings of `source` (UTF-8 bytes), from the parser's events and their ranges (in bytes)."""
    headings, inner = [], None
    for event, where in pyromark.events_with_range(source.decode(), merge_text=True):
        level = heading_start(event)
        if level is not None:
            heading, inner = (level, where["start"], where["end"]), []
        elif _ends_heading(event):
            headings.append(_Heading(*heading, _words(source, inner)))
            inner = None
        elif inner is not None:
            inner.append((event, where))
    return headings


def _relevel(text, depth):
    """The text with its headings re-levelled below a heading of level `depth` (nested_levels), each written as one
    ATX line (`##### words`), or as a bold line where it would go deeper than level 6."""
    source = text.encode()
    headings = _headings(source)
    levels = nested_levels([heading.level for heading in headings], depth)
    pieces, last = [], 0
    for heading in headings:
        level = levels[heading.level]
        if level is not None:
            line = (b"#" * level + b" " + heading.words).strip()
        else:
            line = b"**" + heading.words + b"**" if heading.words else b""
        newline = b"\n" if source[heading.start : heading.end].endswith(b"\n") else b""
        pieces += [source[last : heading.start], line, newline]
        last = heading.end
    pieces.append(source[last:])
    return b"".join(pieces).decode()


def _fits(text, depth):
    levels = filter(None, map(heading_start, pyromark.events(text)))
    return all(level > depth for level in levels) and not any(unsafe_link(url) for url in _links(text))


def report_markdown(text, *, depth):
    """A report field as Markdown to place under a heading of level `depth`."""
    text = text.replace("<", "&lt;").strip()
    if not text:
        return ""
    text = _relevel(text, depth)
    if any(unsafe_link(url) for url in _links(text)):
        text = text.replace("[", "\\[")  # no link can form any more; the words stay
    if not _fits(text, depth):
        text = "\n".join(f"    {line}" for line in text.split("\n"))  # verbatim, as code
    return text
