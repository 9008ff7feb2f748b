"""The `markdown` filter that renders reports and the modalities: sanitised, never failing a page, never slow."""

import sys

from benchmarks.markdown import families
from conference.templatetags.conference_tags import MAX_NESTING, markdown


def test_markup_and_javascript_links_are_removed():
    text = "**Bold** <script>alert(1)</script><img src=x onerror=alert(1)> [click](javascript:alert(1))"
    assert markdown(text) == '<p><strong>Bold</strong>  <a rel="noopener noreferrer nofollow">click</a></p>'


def test_the_usual_markdown_gives_the_tags_the_pages_and_the_word_export_know():
    text = (
        "# Title\n\nOne\nline  \nbreak\n\n- a\n- b\n\n3. x\n4. y\n\n> quote\n\n    code\n\n### Three\n\n#### Four\n\n"
        '*em* _em_ `code` [link](https://example.org "t") <https://example.org/x> &amp; &copy;\n\n***\n'
    )
    assert markdown(text) == (
        "Title\n<p>One\nline<br>\nbreak</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"
        '<ol start="3">\n<li>x</li>\n<li>y</li>\n</ol>\n<blockquote>\n<p>quote</p>\n</blockquote>\n'
        "<pre><code>code\n</code></pre>\n<h3>Three</h3>\n<h4>Four</h4>\n"
        '<p><em>em</em> <em>em</em> <code>code</code> <a href="https://example.org" title="t" '
        'rel="noopener noreferrer nofollow">link</a> <a href="https://example.org/x" '
        'rel="noopener noreferrer nofollow">https://example.org/x</a> &amp; ©</p>\n<hr>'
    )


def test_a_line_starting_with_a_tag_keeps_its_markdown():
    # In CommonMark such a line opens an HTML block, passed on raw: the link would stay text. Tags stay inline.
    text = "<script>alert(1)</script> [click](javascript:alert(1)) *em*\n<div>\n**strong**\n</div>"
    assert markdown(text) == (
        '<p> <a rel="noopener noreferrer nofollow">click</a> <em>em</em>\n</p>\n<strong>strong</strong>\n<p></p>'
    )
    assert markdown("a \ue000 b") == "<p>a \ufffd b</p>"


def test_lists_nested_too_deeply_are_shown_as_plain_text():
    text = "- " * 600 + "<b>deep</b>\nnext line"
    assert markdown(text) == f"<p>{'- ' * 600}&lt;b&gt;deep&lt;/b&gt;<br>next line</p>"
    assert markdown("1. " * 600 + "x") == f"<p>{'1. ' * 600}x</p>"
    assert markdown(">" * 6000) == f"<p>{'&gt;' * 6000}</p>"


def test_quotes_nested_up_to_the_limit_are_rendered():
    html = markdown(">" * MAX_NESTING + " deep")
    assert html == "<blockquote>\n" * MAX_NESTING + "<p>deep</p>\n" + "</blockquote>\n" * (MAX_NESTING - 1) + (
        "</blockquote>"
    )


def test_a_lone_surrogate_is_replaced():
    assert markdown("a\ud800b") == "<p>a\ufffdb</p>"


def python_calls(text):
    """How many Python and built-in functions rendering `text` calls: a measure of work that does not depend on
    the machine's speed or load. A first rendering, not counted, does the one-time work (compiling patterns)."""
    markdown(text)
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        markdown(text)
    finally:
        sys.setprofile(None)
    return count


LENGTH = 300


def test_rendering_work_grows_linearly_with_the_length():
    # Twice the text may cost twice the work plus a constant. Python-Markdown's work on brackets grew fourfold.
    longer = families(2 * LENGTH)
    superlinear = [
        f"{family} {index}: {small[:12]!r}"
        for family, inputs in families(LENGTH).items()
        for index, (small, large) in enumerate(zip(inputs, longer[family], strict=True))
        if python_calls(large) > 2.2 * python_calls(small) + 50
    ]
    assert superlinear == []
