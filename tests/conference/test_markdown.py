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


def test_headings_under_a_page_heading_are_nested_by_rank():
    # "## Key messages" under an h4 is an h5, not an h6; a level beyond h6 is a bold paragraph.
    text = "## Key messages\n\nText\n\n### Detail\n\n#### Deeper\n\n## Next"
    assert markdown(text, 4) == (
        "<h5>Key messages</h5>\n<p>Text</p>\n<h6>Detail</h6>\n<p><strong>Deeper</strong></p>\n<h5>Next</h5>"
    )
    assert markdown("Setext\n===\n\n###### Six", 2) == "<h3>Setext</h3>\n<h4>Six</h4>"
    assert markdown("> # Quoted *heading*", 5) == "<blockquote>\n<h6>Quoted <em>heading</em></h6>\n</blockquote>"


def test_a_heading_beyond_h6_is_a_bold_paragraph_of_its_own():
    # Written as a bold line, it is parted from the lines around it, which would otherwise join it as one paragraph.
    assert markdown("# a\n## b\n### c\n#### d\ntext", 4) == (
        "<h5>a</h5>\n<h6>b</h6>\n<p><strong>c</strong></p>\n<p><strong>d</strong></p>\n<p>text</p>"
    )
    assert markdown("> a\n> #### d\nlazy", 6) == (
        "<blockquote>\n<p>a</p>\n<p><strong>d</strong></p>\n</blockquote>\n<p>lazy</p>"
    )
    assert markdown("- a\n#### d\n- b", 6) == (
        "<ul>\n<li>a</li>\n</ul>\n<p><strong>d</strong></p>\n<ul>\n<li>b</li>\n</ul>"
    )
    assert markdown("#### *", 6) == "<p><strong>*</strong></p>"  # not "*****", a rule


def test_a_re_levelled_heading_keeps_its_words():
    assert markdown("Foo #\n===\n\n# a <h2>x</h2> b", 3) == "<h4>Foo #</h4>\n<h4>a x b</h4>"
    assert markdown("\\<b>x\n===\n\n# #### #", 3) == "<h4>&lt;b&gt;x</h4>\n<h4>####</h4>"
    assert markdown("> *a\n> b* <h4>c\n> ===", 3) == "<blockquote>\n<h4><em>a b</em> c</h4>\n</blockquote>"


def test_a_heading_in_raw_html_is_not_one():
    assert markdown("<h2>Big</h2> text\n\n<H1 class=x>Top</H1>", 4) == "<p>Big text</p>\n<p>Top</p>"
    assert markdown("<h3>Three</h3>") == "<p>Three</p>"


def test_emphasis_around_a_dropped_heading_tag_pairs_as_with_the_tag():
    assert markdown("\\**](](</h2>*</h2></h2>a") == "<p>*<em>](](</em>a</p>"


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
