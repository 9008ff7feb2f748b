"""The outcome's Markdown file, read by a lenient CommonMark viewer: no script link, no raw HTML, and the reports' own
headings under the document's outline (findings of "Venue-proof" and "Delegates read their day")."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from conference.text import xml_safe
from groups.reports import services
from groups.reports.markdown_export import plain, report_markdown, unsafe_link
from groups.reports.models import RapporteurReport
from sessions.models import Session
from tests.conftest import report_content

pytestmark = pytest.mark.django_db

viewer = MarkdownIt("commonmark")
viewer.validateLink = lambda url: True  # follows every link, as some viewers do


def tokens(text):
    found = []

    def walk(items):
        for token in items:
            found.append(token)
            walk(token.children or [])

    walk(viewer.parse(text))
    return found


def links(text):
    """Every link's and image's address, an empty one included ("[]()" links to "")."""
    return [t.attrs["href"] if t.type == "link_open" else t.attrs["src"] for t in tokens(text) if t.type in LINKING]


LINKING = ("link_open", "image")


def headings(text):
    return [(t.tag, t.map[0]) for t in tokens(text) if t.type == "heading_open"]


HOSTILE = [
    "[click me](javascript:alert(1))",
    "[upper](JAVASCRIPT:alert(1))",
    "[entity](java&#115;cript:alert(1))",
    "[spaced](<java\tscript:alert(1)>)",
    "![image](data:text/html;base64,PHNjcmlwdD4=)",
    "[ref]\n\n[ref]: vbscript:msgbox(1)",
    "<script>alert(2)</script>",
    '<img src=x onerror="alert(3)">',
    "<javascript:alert(4)>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_no_report_text_gives_a_script_link_or_raw_html(text):
    exported = report_markdown(f"Before {text} after", depth=4)
    assert [url for url in links(exported) if unsafe_link(url)] == []
    assert [t.type for t in tokens(exported) if t.type.startswith("html")] == []


def test_safe_links_and_the_words_stay():
    exported = report_markdown("See [the portal](https://stats.example/data) or [bad](javascript:x()).", depth=4)
    assert links(exported) == []  # one unsafe link makes every link of the field plain text
    assert "the portal" in exported
    assert links(report_markdown("See [the portal](https://stats.example/data).", depth=4)) == [
        "https://stats.example/data"
    ]


def test_report_headings_are_nested_below_the_outline_by_rank():
    # Levels 1, 2 and 3 under a level-4 heading: 5, 6, and a bold line (Markdown has no level 7).
    text = "# Big\n\nSetext\n======\n\n> ## Quoted\n\n- ### In a list\n\n```\n# not a heading\n```"
    exported = report_markdown(text, depth=4)
    assert [tag for tag, _line in headings(exported)] == ["h5", "h5", "h6"]
    assert exported == "##### Big\n\n##### Setext\n\n> ###### Quoted\n\n- **In a list**\n\n```\n# not a heading\n```"


def test_a_report_that_starts_at_level_2_skips_no_level():
    # "## Key messages" under "#### Main conclusions" is a level 5, not 6.
    exported = report_markdown("## Key messages\n\nText\n\n### Detail\n\n#### Deeper", depth=4)
    assert exported == "##### Key messages\n\nText\n\n###### Detail\n\n**Deeper**"


def test_a_bold_line_for_a_heading_stays_apart_from_the_next_line():
    assert report_markdown("Text\n# A\n## B\n### C\nMore", depth=4) == "Text\n##### A\n###### B\n**C**\n\nMore"


def test_setext_headings_become_one_line_in_their_quote_or_list():
    text = "Set *a\nb* c  \nd\n---\n\n> Quoted\n> on two\n> ===\n\n- x\n  more\n  ===\n\n## Empty\n\n##"
    exported = report_markdown(text, depth=3)
    assert exported == "##### Set *a b* c d\n\n> #### Quoted on two\n\n- #### x more\n\n##### Empty\n\n#####"
    assert [tag for tag, _line in headings(exported)] == ["h5", "h4", "h4", "h5", "h5"]


@given(st.text(alphabet=st.sampled_from(list("#=-*>[]()<:!`\n jvascrptJ&;0123456789ahttp")), max_size=200))
@example("[]()")  # an empty address, which the links' reader once took for none
@example("![]()")
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_text_is_made_safe(text):
    exported = report_markdown(text, depth=4)
    assert [url for url in links(exported) if unsafe_link(url)] == []
    assert all(int(tag[1]) > 4 for tag, _line in headings(exported))
    assert [t.type for t in tokens(exported) if t.type.startswith("html")] == []


def test_the_outcome_file_keeps_its_outline_and_runs_nothing(organiser_client, nomination, breakout_1_1, organiser):
    Session.objects.filter(pk=breakout_1_1.session_id).update(
        title="Coordination <script>alert(5)</script>\n# Injected"
    )
    report = RapporteurReport.objects.with_content().get(breakout=breakout_1_1)
    content = report_content(
        breakout_1_1,
        first="# A heading of the group\n\n[click](javascript:alert(1))",
        conclusions="Setext heading\n---\n\n<b>bold?</b>",
        actions="- [ok](https://example.org/)",
    )
    services.save_report(report=report, content=content, base_version=0, by=nomination, submit=True)
    services.publish_reports(reports=RapporteurReport.objects.all(), by=organiser)
    exported = organiser_client.get("/caribbean/organisers/outcome.md").content.decode()
    outline = [(tag, exported.split("\n")[line]) for tag, line in headings(exported) if int(tag[1]) <= 4]
    assert outline == [
        ("h1", "# Conference outcome: Caribbean regional conference"),
        ("h2", "## Session 1: Coordination &lt;script>alert(5)&lt;/script> # Injected"),
        ("h3", "### Group 1: Communication and advocacy"),
        ("h4", "#### Question 1"),
        ("h4", "#### Question 2"),
        ("h4", "#### Main conclusions"),
        ("h4", "#### Recommended actions"),
        ("h2", "## Recommended actions by thematic area"),
        ("h3", "### Thematic area 2: Communication and advocacy"),
        ("h4", "#### Session 1, Group 1: Communication and advocacy"),
    ]
    assert [url for url in links(exported) if unsafe_link(url)] == []
    assert links(exported) == ["https://example.org/", "https://example.org/"]
    assert [t.type for t in tokens(exported) if t.type.startswith("html")] == []
    # The group's "#" heading and the conclusions' setext "---" heading are each their field's highest: level 5.
    assert [tag for tag, _line in headings(exported) if int(tag[1]) > 4] == ["h5", "h5"]


@given(st.text(max_size=120))
@settings(max_examples=300, deadline=None)
def test_plain_text_reads_exactly_as_typed(text):
    """Questions from the floor and breakout points are plain text: in the Markdown file they read as typed."""
    line = plain(text)
    found = tokens(f"- {line}")
    rendered = "".join(t.content for t in found if t.type in ("text", "code_inline"))
    assert rendered == " ".join(xml_safe(text).split())  # invisible control characters are left out
    assert [t.type for t in found if t.type.startswith("html") or t.type in ("link_open", "image")] == []
