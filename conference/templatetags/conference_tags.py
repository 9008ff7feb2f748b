import re

import nh3
from django import template
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

from conference import clock, languages
from conference.markdown import clean_source, render

register = template.Library()

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre", "h3", "h4", "a", "hr"}

# Quotes and lists nested deeper than this are not rendered as such: nh3's HTML parser takes time that grows with the
# square of the nesting depth (6,000 ">" make 6,000 nested quotes: 0.1 s), and no report needs more than a few levels.
MAX_NESTING = 20
_NESTING_TAG = re.compile(r"<(/?)(?:blockquote|ul|ol)\b")


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


@register.filter
def markdown(text, under=None):
    """CommonMark to HTML, sanitised with nh3 so that no script or raw HTML from the text reaches the page.

    pyromark (the Rust parser pulldown-cmark) takes time linear in the text's length whatever it holds; the
    benchmark `benchmarks/markdown` prints the worst cases. Raw HTML is inline only (see
    conference.markdown.inline_html_only). Text whose quotes or lists nest deeper than MAX_NESTING is shown as
    escaped plain paragraphs instead.

    `under` is the level of the page heading the text is shown under (`{{ text|markdown:4 }}`): the text's own
    headings are re-levelled below it on the parse tree (conference.markdown.relevelled), so that the page's
    outline skips no level. Without it, only h3 and h4 are kept. Raw heading tags are left out either way.
    """
    text = clean_source(text)
    html = render(text, None if under is None else int(under))
    if _nesting(html) > MAX_NESTING:
        return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 -- escaped by linebreaks
    tags = ALLOWED_TAGS if under is None else ALLOWED_TAGS | {"h2", "h3", "h4", "h5", "h6"}
    return mark_safe(nh3.clean(html.rstrip("\n"), tags=tags, link_rel="noopener noreferrer nofollow"))  # noqa: S308


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
