"""Markdown, parsed by one parser: pyromark (the Rust parser pulldown-cmark), chosen for its worst cases (see
benchmarks/README.md). Its events are the parse tree every output works on: the `markdown` filter renders them to
HTML here, and the outcome's Markdown file (groups/reports/markdown_export.py) rewrites the source where they say.

A text shown under a heading has its own headings re-levelled below it by `nested_levels`, so that the outline never
skips a level whatever levels the writer typed.
"""

import re

import pyromark

# Quotes and lists nested deeper than this are not rendered as such (see parse).
MAX_NESTING = 20
# The deepest heading HTML and Word have; a heading that would go deeper becomes a bold paragraph.
DEEPEST_HEADING = 6

# Marks the lines of HTML blocks (see inline_html_only): a private-use character, replaced in the text beforehand.
_MARK = "\ue000"
_SURROGATE = re.compile("[\ud800-\udfff]")
_RAW_HEADING = re.compile(r"</?h[1-6][\s/>]", re.IGNORECASE)


def clean_source(text):
    """The text as the parser can take it: a lone surrogate (from a JSON "\\ud800" escape) cannot be encoded, and
    the mark of inline_html_only is reserved."""
    return _SURROGATE.sub("\ufffd", text or "").replace(_MARK, "\ufffd")


def inline_html_only(text):
    """The text with each line of an HTML block marked, so that it parses as a paragraph instead.

    In CommonMark a line that starts with a tag such as <script> or <div> opens an HTML block whose content is
    passed on raw, Markdown and all; the sanitiser then removes the tags, but a link or emphasis on those lines would
    stay unparsed text. Marked, such a line is a paragraph: its tags are inline HTML, which the sanitiser removes,
    and the Markdown around them is rendered (as Python-Markdown did). pulldown-cmark has no switch for HTML blocks,
    hence the mark; render() leaves it out of the HTML.
    """
    if "<" not in text:
        return text
    source = text.encode()
    starts = [where["start"] for event, where in pyromark.events_with_range(text, merge_text=True) if "Html" in event]
    if not starts:
        return text
    pieces, last = [], 0
    for start in starts:
        pieces += [source[last:start], _MARK.encode()]
        last = start
    pieces.append(source[last:])
    return b"".join(pieces).decode()


def heading_start(event):
    """The level (1 to 6) of a heading's start event, else None."""
    if isinstance(event, dict) and isinstance(event.get("Start"), dict) and "Heading" in event["Start"]:
        return int(event["Start"]["Heading"]["level"][1])
    return None


def nested_levels(levels, under):
    """The new level of each heading level a text uses, for a text shown under a heading of level `under`.

    Re-levelled by rank, not by a fixed offset: the text's highest heading becomes `under` + 1, the next level it
    uses `under` + 2, and so on, so "## Key messages" under an h4 becomes an h5 and the outline skips no level. A
    level that would go deeper than DEEPEST_HEADING maps to None: a bold paragraph.
    """
    ranked = sorted(set(levels))
    return {level: under + rank if under + rank <= DEEPEST_HEADING else None for rank, level in enumerate(ranked, 1)}


# HTML, as pulldown-cmark's own writer (pulldown_cmark::html) writes it, so that the pages stay the same.

# The bytes a link's address keeps as they are; the others are percent-encoded (pulldown-cmark's escape_href).
_HREF_SAFE = frozenset(
    b"!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ^_abcdefghijklmnopqrstuvwxyz~",
)
_BODY = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_ATTRIBUTE = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})


def _href(url):
    escaped = []
    for byte in url.encode():
        if byte in _HREF_SAFE:
            escaped.append(chr(byte))
        elif byte == ord("&"):
            escaped.append("&amp;")
        elif byte == ord("'"):
            escaped.append("&#x27;")
        else:
            escaped.append(f"%{byte:02X}")
    return "".join(escaped)


def _block(tag):
    """A block's opening tag, on a line of its own (pulldown-cmark starts a new line before it if needed)."""
    return lambda writer, value: writer.write(tag, newline_before=True)


class _HtmlWriter:
    """Renders pyromark's events to HTML; headings get the level `levels` maps theirs to (see nested_levels)."""

    def __init__(self, levels):
        self.levels = levels
        self.out = []
        self.end_newline = True
        self.alt = 0  # inside an image: its text goes to the alt attribute
        self.titles = []  # the titles of the images being written

    def write(self, text, *, newline_before=False):
        if newline_before and not self.end_newline:
            text = "\n" + text
        self.out.append(text)
        if text:
            self.end_newline = text.endswith("\n")

    def render(self, events):
        for event in events:
            if self.alt:
                self.alt_text(event)
            elif isinstance(event, str):
                self.write(_SIMPLE[event], newline_before=event == "Rule")
            else:
                ((kind, value),) = event.items()
                _EVENTS[kind](self, value)
        return "".join(self.out)

    def alt_text(self, event):
        """An event inside an image: its text, escaped, for the alt attribute (pulldown-cmark's raw_text)."""
        if isinstance(event, str):
            self.out.append(" ")
            return
        ((kind, value),) = event.items()
        if kind in ("Text", "Code", "Html", "InlineHtml"):
            self.out.append(value.translate(_ATTRIBUTE))
        elif value == "Image" or (isinstance(value, dict) and "Image" in value):
            self.alt += 1 if kind == "Start" else -1
            if not self.alt:
                title = self.titles.pop()
                self.write(f'" title="{title.translate(_ATTRIBUTE)}" />' if title else '" />')

    def start(self, tag):
        if isinstance(tag, str):
            _START[tag](self, None)
        else:
            ((name, value),) = tag.items()
            _START[name](self, value)

    def end(self, tag):
        if isinstance(tag, str):  # see _END
            self.write(_END[tag])
        else:
            ((name, value),) = tag.items()
            _END[name](self, value)

    def raw(self, html):
        """Raw HTML, which the sanitiser cleans; but a heading tag is left out: the text's headings are its
        Markdown ones, re-levelled under the page's."""
        if not _RAW_HEADING.match(html):
            self.write(html)

    def heading(self, level, *, closing):
        new = self.levels.get(level, level)
        if new is None:
            self.write("</strong></p>\n" if closing else "<p><strong>", newline_before=not closing)
        else:
            self.write(f"</h{new}>\n" if closing else f"<h{new}>", newline_before=not closing)

    def link(self, link):
        prefix = "mailto:" if link["link_type"] == "Email" else ""
        title = f'" title="{link["title"].translate(_ATTRIBUTE)}' if link["title"] else ""
        self.write(f'<a href="{prefix}{_href(link["dest_url"])}{title}">')

    def image(self, image):
        self.write(f'<img src="{_href(image["dest_url"])}" alt="')
        self.titles.append(image["title"])
        self.alt = 1

    def list_start(self, start):
        if start is None:
            self.write("<ul>\n", newline_before=True)
        else:
            self.write("<ol>\n" if start == 1 else f'<ol start="{start}">\n', newline_before=True)

    def code_block(self, kind):
        language = kind["Fenced"].split(" ")[0] if isinstance(kind, dict) else ""
        tag = f'<pre><code class="language-{language.translate(_ATTRIBUTE)}">' if language else "<pre><code>"
        self.write(tag, newline_before=True)


_SIMPLE = {"SoftBreak": "\n", "HardBreak": "<br />\n", "Rule": "<hr />\n"}
_EVENTS = {
    "Start": _HtmlWriter.start,
    "End": _HtmlWriter.end,
    "Text": lambda writer, text: writer.write(text.translate(_BODY)),
    "Code": lambda writer, text: writer.write(f"<code>{text.translate(_BODY)}</code>"),
    "Html": _HtmlWriter.raw,
    "InlineHtml": _HtmlWriter.raw,
}
_START = {
    "Paragraph": _block("<p>"),
    "Item": _block("<li>"),
    "BlockQuote": _block("<blockquote>\n"),
    "CodeBlock": _HtmlWriter.code_block,
    "List": _HtmlWriter.list_start,
    "Heading": lambda writer, heading: writer.heading(int(heading["level"][1]), closing=False),
    "Emphasis": lambda writer, _: writer.write("<em>"),
    "Strong": lambda writer, _: writer.write("<strong>"),
    "Link": _HtmlWriter.link,
    "Image": _HtmlWriter.image,
    "HtmlBlock": lambda writer, _: None,
}
# An end event is a name ("Paragraph"), whose closing tag is written as it is, or a name with a value
# ({"List": ordered}), whose closing tag depends on it.
_END = {
    "Paragraph": "</p>\n",
    "Item": "</li>\n",
    "BlockQuote": lambda writer, _: writer.write("</blockquote>\n"),
    "CodeBlock": "</code></pre>\n",
    "List": lambda writer, ordered: writer.write("</ol>\n" if ordered else "</ul>\n"),
    "Heading": lambda writer, level: writer.heading(int(level[1]), closing=True),
    "Emphasis": "</em>",
    "Strong": "</strong>",
    "Link": "</a>",
    "HtmlBlock": "",
}


def parse(text):
    """The text's events (raw HTML inline only), or None if its quotes and lists nest deeper than MAX_NESTING: the
    sanitiser's time grows with the square of the nesting, and no report needs more than a few levels."""
    events, depth = [], 0
    for event in pyromark.events(inline_html_only(text)):
        events.append(event)
        if isinstance(event, dict) and ("Start" in event or "End" in event):
            tag = event.get("Start") or event.get("End")
            if isinstance(tag, dict) and ("List" in tag or "BlockQuote" in tag):
                depth += 1 if "Start" in event else -1
                if depth > MAX_NESTING:
                    return None
    return events


def render(text, under=None):
    """The text (from clean_source) as HTML, not yet sanitised, or None if it nests too deeply (see parse). With
    `under`, the level of the heading the text is shown under, its headings are re-levelled below it
    (nested_levels)."""
    events = parse(text)
    if events is None:
        return None
    levels = {}
    if under is not None:
        levels = nested_levels(filter(None, map(heading_start, events)), under)
    return _HtmlWriter(levels).render(events).replace(_MARK, "")
