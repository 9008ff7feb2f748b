"""The `markdown` filter that renders reports and the modalities: sanitised, and never failing a page."""

from conference.templatetags.conference_tags import markdown


def test_markup_and_javascript_links_are_removed():
    text = "**Bold** <script>alert(1)</script><img src=x onerror=alert(1)> [click](javascript:alert(1))"
    assert markdown(text) == '<p><strong>Bold</strong>  <a rel="noopener noreferrer nofollow">click</a></p>'


def test_lists_nested_too_deeply_to_parse_are_shown_as_plain_text():
    text = "- " * 600 + "<b>deep</b>\nnext line"
    assert markdown(text) == f"<p>{'- ' * 600}&lt;b&gt;deep&lt;/b&gt;<br>next line</p>"
    assert markdown("1. " * 600 + "x") == f"<p>{'1. ' * 600}x</p>"
