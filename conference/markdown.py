"""Markdown, parsed by one parser: pyromark (the Rust parser pulldown-cmark), chosen for its worst cases (see
benchmarks/README.md). Its events, with the source range of each, are the parse tree: `relevelled` rewrites the
source where they say, and pulldown-cmark's own writer renders the result (`render`, for the `markdown` filter), or
the outcome's Markdown file takes it as it is (groups/reports/markdown_export.py).

A text shown under a heading has its own headings re-levelled below it by `nested_levels`, so that the outline never
skips a level whatever levels the writer typed.
"""

import re
from dataclasses import dataclass

import pyromark

# The deepest heading HTML and Word have; a heading that would go deeper becomes a bold paragraph.
DEEPEST_HEADING = 6

# Marks the lines of HTML blocks (see inline_html_only): a private-use character, replaced in the text beforehand.
_MARK = "\ue000"
_SURROGATE = re.compile("[\ud800-\udfff]")


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


_BREAKS = ("SoftBreak", "HardBreak")
# A raw heading tag, alone in its event: an inline one, or an HTML block's line that holds nothing else. It is
# replaced by an empty comment, raw HTML too, which the sanitiser removes: without anything in its place, the
# characters around it would meet, and emphasis next to it could pair otherwise than the text was parsed.
_RAW_HEADING_TAG = re.compile(r"</?h[1-6](?:[\s/][^>]*)?>\s*", re.IGNORECASE)
_NO_TAG = b"<!---->"
# What a text must hold for relevelled to have anything to do (see _may_rewrite): a raw heading tag, or (with
# `under`) a "#" or a line that may underline a setext heading.
_RAW_HEADING = re.compile(r"</?h[1-6]", re.IGNORECASE)
_UNDERLINE = re.compile(r"^[ \t>]*(?:=+|-+)[ \t]*$", re.MULTILINE)
# A paragraph's content: its text, and the end of each inline element, whose range ends where its source does.
_INLINE = ("Text", "Code", "InlineHtml")
_INLINE_ENDS = ("Emphasis", "Strong", "Strikethrough", "Link", "Image")
_CLOSING_HASHES = re.compile(rb"(^|[ \t])(#*)#$")
_NOT_QUOTE = re.compile(rb"[^>\s]")


def _raw_heading(kind, value):
    """Whether the event (its kind and value) is a raw <h1>-<h6> tag typed in the text."""
    return kind in ("InlineHtml", "Html") and _RAW_HEADING_TAG.fullmatch(value) is not None


def _is_heading(value):
    """Whether a start or end event's value is a heading's."""
    return isinstance(value, dict) and "Heading" in value


def _continues(source, heading, kind, value, where):
    """Whether the event starts a line right after `heading` that would continue it or underline it once it is written
    as a bold line: a text line, a rule, or another heading written as a bold line."""
    continuing = kind == "Rule" or (kind == "Start" and (value == "Paragraph" or _is_heading(value)))
    return continuing and b"\n" not in source[heading.end : where["start"]]


def _text_end(kind, value, where, text_end):
    """Where the last paragraph's text ends, after this event (a code block's text is no paragraph's)."""
    if value == "CodeBlock":
        return None
    return where["end"] if kind in _INLINE or value in _INLINE_ENDS else text_end


@dataclass
class _Heading:
    """A heading of the text: its level, the bytes of the source it spans, its words on one line, and whether a
    paragraph's line comes right before or after it (with no blank line between)."""

    level: int
    start: int
    end: int
    words: bytes = b""
    text_before: bool = False
    text_after: bool = False


def _words(source, inner):
    """A heading's words from the events inside it (kind, value, range): its source without the # or underline, on
    one line. The line breaks of a setext heading become spaces, and with them the quote or list indentation of its
    next lines, which lies between a break and the next event; a raw heading tag inside it is left out."""
    pieces, cursor, cut = [], None, 0
    for kind, value, where in inner:
        if kind in _BREAKS or _raw_heading(kind, value):
            if cursor is not None:
                pieces.append(source[cursor : where["start"]])
            pieces.append(b" " if kind in _BREAKS else _NO_TAG)
            cursor, cut = None, where["end"]
        elif cursor is None:
            cursor = max(where["start"], cut)  # an end event's range starts where its element does, before the cut
            cursor -= cursor > cut and source[cursor - 1] == ord("\\")  # a text's range starts after its escape
    if cursor is not None:
        pieces.append(source[cursor : max(where["end"] for _kind, _value, where in inner)])
    words = b"".join(pieces).replace(b"\n", b" ").strip()  # a code span's line break, too
    # A last word of only "#" would close an ATX heading, and go: escape its last "#".
    return _CLOSING_HASHES.sub(rb"\1\2\\#", words) if words.endswith(b"#") else words


def _scan(source):
    """The headings of `source` (UTF-8 bytes) and its raw heading tags, each tag's range with whether it lies in a
    heading, from the parser's events and their ranges (in bytes)."""
    headings, raw_tags, inner = [], [], None
    text_end = after = None  # where the last paragraph's text ends; the heading the next block follows
    for event, where in pyromark.events_with_range(source.decode(), merge_text=True):
        kind, value = (event, None) if isinstance(event, str) else next(iter(event.items()))
        if after is not None and kind != "End":
            after.text_after, after = _continues(source, after, kind, value, where), None
        if inner is not None and kind == "End" and _is_heading(value):
            headings[-1].words, inner, after = _words(source, inner), None, headings[-1]
        elif inner is not None:
            inner.append((kind, value, where))
        elif kind == "Start" and _is_heading(value):
            text_before = text_end is not None and source.count(b"\n", text_end, where["start"]) == 1
            headings.append(_Heading(int(value["Heading"]["level"][1]), where["start"], where["end"], b"", text_before))
            inner = []
        else:
            text_end = _text_end(kind, value, where, text_end)
        if _raw_heading(kind, value):  # the tag, without the line's end an HTML block's line has
            raw_tags.append((where["start"], where["start"] + len(value.rstrip().encode()), inner is not None))
    return headings, raw_tags


def _bold_line(source, heading):
    """A heading as a bold line, a paragraph of its own: a blank line (in its quotes) parts it from a paragraph's line
    right before or after it, which would otherwise take it in, as a lazy line or as its continuation."""
    words = heading.words if heading.words.strip(b"*") else heading.words.replace(b"*", b"\\*")  # not a rule
    line = b"**" + words + b"**" if words else b""
    prefix = source[source.rfind(b"\n", 0, heading.start) + 1 : heading.start]
    continuation = _NOT_QUOTE.sub(b" ", prefix)  # a list item's marker becomes its indentation
    if heading.text_before and continuation == prefix:  # (after a list item's marker, no line can come before)
        line = b"\n" + continuation + line
    if heading.text_after:
        line += b"\n" + continuation.rstrip()
    return line


def _heading_line(source, heading, level):
    """A heading as one line: ATX at `level`, or bold words where `level` is None (deeper than HTML goes)."""
    if level is not None:
        return (b"#" * level + b" " + heading.words).strip()
    return _bold_line(source, heading)


def _may_rewrite(text, under):
    """Whether the text may hold what relevelled rewrites, looked for quickly before it is parsed."""
    return bool(_RAW_HEADING.search(text) or (under is not None and ("#" in text or _UNDERLINE.search(text))))


def relevelled(text, under=None):
    """The Markdown source `text` with its raw <h1>-<h6> tags made empty comments (their words stay: a text's
    headings are its Markdown ones) and, with `under`, its headings re-levelled below a heading of level `under`
    (nested_levels), each written as one ATX line (`##### words`), or as a bold line where it would go deeper than
    level 6.

    The parse tree decides which lines are headings (setext ones, in quotes and lists, not in code), and the source is
    rewritten where its events say, so that any CommonMark renderer reads the result the same way. A raw tag is found
    as an event of its own: inline HTML, or an HTML block's line that holds nothing else (the `markdown` filter makes
    every HTML block inline first, see inline_html_only; the outcome's Markdown file escapes all raw HTML)."""
    if not _may_rewrite(text, under):
        return text
    source = text.encode()
    headings, raw_tags = _scan(source)
    # Without `under` the headings stay as typed, so a tag inside one goes by itself; with it, with its heading's line.
    edits = [(start, end, _NO_TAG) for start, end, in_heading in raw_tags if under is None or not in_heading]
    if under is not None:
        levels = nested_levels([heading.level for heading in headings], under)
        for heading in headings:
            newline = b"\n" if source[heading.start : heading.end].endswith(b"\n") else b""
            edits.append((heading.start, heading.end, _heading_line(source, heading, levels[heading.level]) + newline))
    if not edits:
        return text
    pieces, last = [], 0
    for start, end, replacement in sorted(edits):
        pieces += [source[last:start], replacement]
        last = end
    pieces.append(source[last:])
    return b"".join(pieces).decode()


def render(text, under=None):
    """The text (from clean_source) as HTML, not yet sanitised: raw HTML inline only, raw heading tags left out, and
    with `under` its headings re-levelled below a heading of that level (see relevelled). pulldown-cmark writes it."""
    return pyromark.html(relevelled(inline_html_only(text), under)).replace(_MARK, "")
