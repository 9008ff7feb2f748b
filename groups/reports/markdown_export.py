"""Report text made safe to paste into the outcome's Markdown file, whatever viewer renders that file.

A report is Markdown written by a rapporteur; the outcome file puts it under the document's own headings. So each
field is made inert first: raw HTML is escaped, no link may lead to a script (a lenient viewer follows `javascript:`
links that our own sanitiser drops), and the report's own headings are demoted below the outline's. The text is then
parsed again with a CommonMark parser to check it; what still does not pass is exported as a code block, verbatim.
"""

import html
import re

from markdown_it import MarkdownIt

from conference.text import xml_safe

# A lenient viewer: every link it would make, including the ones markdown-it itself refuses by default.
_PARSER = MarkdownIt("commonmark")
_PARSER.validateLink = lambda url: True

SAFE_SCHEMES = {"http", "https", "mailto"}
DEEPEST = 6


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


def _walk(tokens):
    for token in tokens:
        yield token
        if token.children:
            yield from _walk(token.children)


def _links(tokens):
    for token in _walk(tokens):
        if token.type == "link_open":
            yield token.attrs.get("href", "")
        elif token.type == "image":
            yield token.attrs.get("src", "")


def _demote(text, depth):
    """Every heading of the text moved `depth` levels down (at most to level 6), setext ones written as ATX."""
    lines = text.split("\n")
    headings = [token for token in _PARSER.parse(text) if token.type == "heading_open" and token.map]
    for token in reversed(headings):
        start, end = token.map
        level = min(int(token.tag[1]) + depth, DEEPEST)
        if token.markup.startswith("#"):
            pattern = re.compile(r"^([\s>*+\-0-9.)]*?)" + "#" * len(token.markup) + r"(?=\s|$)")
            lines[start] = pattern.sub(lambda found, level=level: found.group(1) + "#" * level, lines[start], count=1)
        else:  # setext: the text lines, then a line of = or -
            prefix = re.match(r"^[\s>]*", lines[start]).group(0)
            words = " ".join(line[len(prefix) :].strip() for line in lines[start : end - 1])
            lines[start:end] = [f"{prefix}{'#' * level} {words}"]
    return "\n".join(lines)


def _fits(text, depth):
    tokens = _PARSER.parse(text)
    headings_below = all(int(t.tag[1]) > depth for t in tokens if t.type == "heading_open")
    return headings_below and not any(unsafe_link(url) for url in _links(tokens))


def report_markdown(text, *, depth):
    """A report field as Markdown to place under a heading of level `depth`."""
    text = text.replace("<", "&lt;").strip()
    if not text:
        return ""
    text = _demote(text, depth)
    if any(unsafe_link(url) for url in _links(_PARSER.parse(text))):
        text = text.replace("[", "\\[")  # no link can form any more; the words stay
    if not _fits(text, depth):
        text = "\n".join(f"    {line}" for line in text.split("\n"))  # verbatim, as code
    return text
