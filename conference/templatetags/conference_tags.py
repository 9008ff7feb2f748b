import re

import nh3
import pyromark
from django import template
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from conference import clock, languages

register = template.Library()

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre", "h3", "h4", "a", "hr"}

# Quotes and lists nested deeper than this are not rendered as such: nh3's HTML parser takes time that grows with the
# square of the nesting depth (6,000 ">" make 6,000 nested quotes: 0.1 s), and no report needs more than a few levels.
MAX_NESTING = 20
_NESTING_TAG = re.compile(r"<(/?)(?:blockquote|ul|ol)\b")
_SURROGATE = re.compile("[\ud800-\udfff]")
# Marks the lines of HTML blocks (see _inline_html_only): a private-use character, replaced in the text beforehand.
_MARK = "\ue000"


def _inline_html_only(text):
    """The text with each line of an HTML block marked, so that it parses as a paragraph instead.

    In CommonMark a line that starts with a tag such as <script> or <div> opens an HTML block whose content is
    passed on raw, Markdown and all; nh3 then removes the tags, but a link or emphasis on those lines would stay
    unparsed text. Marked, such a line is a paragraph: its tags are inline HTML, which nh3 removes, and the
    Markdown around them is rendered (as Python-Markdown did). The marks are removed from the HTML.
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


def _nesting(html):
    """How deeply quotes and lists nest in `html` (counted quickly when there are too few to matter)."""
    if html.count("<blockquote") + html.count("<ul") + html.count("<ol") <= MAX_NESTING:
        return 0
    depth = deepest = 0
    for tag in _NESTING_TAG.finditer(html):
        depth += -1 if tag[1] else 1
        if depth > deepest:
            deepest = depth
    return deepest


_HEADING_TAG = re.compile(r"<(/?)h([1-6])>")
DEEPEST_HEADING = 6


def _under(html, level):
    """The text's headings moved below a page heading of `level`: its # becomes h(level + 1), its ## h(level + 2)…;
    a heading that would go deeper than h6 becomes a bold paragraph. The page's outline stays in order."""

    def demoted(tag):
        closing, new_level = tag[1], int(tag[2]) + level
        if new_level > DEEPEST_HEADING:
            return "</strong></p>" if closing else "<p><strong>"
        return f"<{closing}h{new_level}>"

    return _HEADING_TAG.sub(demoted, html)


@register.filter
def markdown(text, under=None):
    """CommonMark to HTML, sanitised with nh3 so that no script or raw HTML from the text reaches the page.

    pyromark (the Rust parser pulldown-cmark) takes time linear in the text's length whatever it holds; the
    benchmark `benchmarks/markdown` prints the worst cases. Raw HTML is inline only (see _inline_html_only). Text
    whose quotes or lists nest deeper than MAX_NESTING is shown as escaped plain paragraphs instead.

    `under` is the level of the page heading the text is shown under (`{{ text|markdown:4 }}`): the text's own
    headings are demoted below it, so that the page's headings stay in order. Without it, only h3 and h4 are kept.
    """
    # A lone surrogate (from a JSON "\ud800" escape) cannot be encoded for the parser.
    text = _SURROGATE.sub("\ufffd", text or "").replace(_MARK, "\ufffd")
    html = pyromark.html(_inline_html_only(text)).replace(_MARK, "").rstrip("\n")
    if _nesting(html) > MAX_NESTING:
        return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 -- escaped by linebreaks
    tags = ALLOWED_TAGS
    if under is not None:
        html, tags = _under(html, int(under)), ALLOWED_TAGS | {"h2", "h3", "h4", "h5", "h6"}
    return mark_safe(nh3.clean(html, tags=tags, link_rel="noopener noreferrer nofollow"))  # noqa: S308


@register.filter
def tr(obj, field):
    """An organiser's text in the page's language, or in English marked lang="en" (conference.languages)."""
    return languages.shown(obj, field)


@register.filter
def lang_of(obj, field):
    """The language an organiser's text shows in on this page, for a lang attribute around a longer text."""
    return languages.language_of(obj, field)


@register.filter
def moment(value):
    """A stored moment in the page's zone (the venue's), with the zone named (conference.clock)."""
    return clock.moment(value)


@register.simple_tag(takes_context=True)
def webcal(context, path):
    """A calendar feed's subscription address (webcal://): calendar apps subscribe to it and keep it up to date."""
    return "webcal://" + context["request"].get_host() + path
