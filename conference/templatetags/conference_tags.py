import markdown as markdown_lib
import nh3
from django import template
from django.utils.html import linebreaks
from django.utils.safestring import mark_safe

register = template.Library()

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre", "h3", "h4", "a", "hr"}


@register.filter
def markdown(text):
    """Markdown to HTML, sanitised with nh3 so that no script or raw HTML from the text reaches the page.

    Python-Markdown parses nested lists by recursion, so a few hundred levels ("- - - … text", about a thousand
    characters) exhaust Python's stack; such text is shown as escaped plain paragraphs instead of failing the page.
    """
    try:
        html = markdown_lib.markdown(text or "", extensions=["sane_lists"], output_format="html")
    except RecursionError:
        return mark_safe(linebreaks(text, autoescape=True))  # noqa: S308 -- escaped by linebreaks
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, link_rel="noopener noreferrer nofollow"))  # noqa: S308
