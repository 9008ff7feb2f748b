"""Report text made safe to paste into the outcome's Markdown file, whatever viewer renders that file.

A report is Markdown written by a rapporteur; the outcome file puts it under the document's own headings. So each
field is made inert first: raw HTML is escaped, no link may lead to a script (a lenient viewer follows `javascript:`
links that our own sanitiser drops), and the report's own headings are re-levelled below the outline's, by the same
rule and by the same function as on the pages (conference.markdown.relevelled). The text is parsed with the one
parser, pyromark, whose events say where each heading and link is; the text is parsed again to check the result; what
still does not pass is exported as a code block, verbatim.
"""

import html
import re

import pyromark

from conference.markdown import heading_start, relevelled
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


def _fits(text, depth):
    levels = filter(None, map(heading_start, pyromark.events(text)))
    return all(level > depth for level in levels) and not any(unsafe_link(url) for url in _links(text))


def report_markdown(text, *, depth):
    """A report field as Markdown to place under a heading of level `depth`."""
    text = text.replace("<", "&lt;").strip()
    if not text:
        return ""
    text = relevelled(text, depth)
    if any(unsafe_link(url) for url in _links(text)):
        text = text.replace("[", "\\[")  # no link can form any more; the words stay
    if not _fits(text, depth):
        text = "\n".join(f"    {line}" for line in text.split("\n"))  # verbatim, as code
    return text
