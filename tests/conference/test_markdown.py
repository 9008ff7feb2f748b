"""The `markdown` filter that renders reports and the modalities: sanitised, never failing a page, never slow."""

import random
import sys

import pyromark

from benchmarks.markdown import MIXED_TOKENS, families
from conference.markdown import inline_html_only, render
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


def test_a_heading_in_raw_html_is_not_one():
    assert markdown("<h2>Big</h2> text\n\n<H1 class=x>Top</H1>", 4) == "<p>Big text</p>\n<p>Top</p>"
    assert markdown("<h3>Three</h3>") == "<p>Three</p>"


def test_the_html_is_what_pulldown_cmarks_own_writer_writes():
    rng = random.Random(4)  # noqa: S311 -- test data, not secrets
    texts = [text for inputs in families(300).values() for text in inputs]
    pieces = [*MIXED_TOKENS, "\n\n", "![a](b 'c')", "<a@b.c>", "é", "```py\n", "    ", "1) "]
    texts += ["".join(rng.choice(pieces) for _ in range(40)) for _ in range(500)]
    texts += ["# One\n\nTwo\n---\n\n- [a](/é b) ![*i*](/x 't') `c`\n\n```py x\ncode\n```\n\n1) x\n  \\\ny"]
    # Text nested too deeply is not rendered (the filter shows it as plain paragraphs).
    rendered = {text: render(text) for text in texts}
    assert len([text for text, html in rendered.items() if html is None]) == 6
    differ = [
        text
        for text, html in rendered.items()
        if html is not None and html != pyromark.html(inline_html_only(text)).replace("\ue000", "")
    ]
    assert differ == []


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
    # The work is counted in Python calls, so it includes the renderer's work per event of the parser's.
    def doubled(small, large):
        return python_calls(large) > 2.2 * python_calls(small) + 50

    shorter, longer = families(LENGTH), families(2 * LENGTH)
    superlinear = [
        f"{family} {index}: {small[:12]!r}"
        for family, inputs in shorter.items()
        if family != "mixed"
        for index, (small, large) in enumerate(zip(inputs, longer[family], strict=True))
        if doubled(small, large)
    ]
    # A random text's second half need not have its first half's structure (one has 25 events in 300 characters,
    # 73 in 600): the random texts are compared together.
    if doubled("\n\n".join(shorter["mixed"]), "\n\n".join(longer["mixed"])):
        superlinear.append("mixed")
    assert superlinear == []
