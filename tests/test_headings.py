"""Heading levels in order on every page a participant, a rapporteur or an organiser opens, in every language: one
h1, and no level skipped on the way down (h1 then h4 left screen-reader users guessing what lay between). The
reports' own Markdown headings are nested under the page's outline by rank, also in the outcome for Word and in its
Markdown file, as a CommonMark reader sees them."""

import io
import itertools

import docx
import pytest
from lxml import html
from markdown_it import MarkdownIt

from groups.reports.models import RapporteurNomination, RapporteurReport, ReportStatus
from sessions.documents import services
from sessions.documents.models import DocumentKind
from tests.documents import samples
from tests.logos import add_logo
from tests.reports.test_query_counts import PAGES as REPORT_PAGES
from tests.test_public_pages import public_pages

pytestmark = pytest.mark.django_db

# A report's text with headings of every level its writer could type, one of them a setext heading.
HEADINGS_TYPED = "# Our heading\n\nText.\n\n## Second\n\nSetext\n------\n\n###### Deepest"
# Conclusions whose writer started at level 2, as rapporteurs do: they must not skip a level below the section's.
KEY_MESSAGES = "## Key messages\n\nText.\n\n### Detail\n\nMore."


def levels(content):
    return [int(element.tag[1]) for element in html.fromstring(content).iter("h1", "h2", "h3", "h4", "h5", "h6")]


def skipped(found):
    """The places where the outline goes down by more than one level."""
    return [(before, after) for before, after in itertools.pairwise(found) if after > before + 1]


@pytest.fixture
def typed_headings(caribbean_with_people):
    """Every report of the conference, published or not, with headings in its conclusions and an answer."""
    RapporteurReport.objects.update(conclusions=KEY_MESSAGES)
    for report in RapporteurReport.objects.prefetch_related("answers"):
        report.answers.update(text=HEADINGS_TYPED)
    return caribbean_with_people


@pytest.mark.parametrize("language", ["", "/fr", "/es", "/nl"])
def test_every_public_page_has_one_h1_and_skips_no_level(client, typed_headings, language):
    pages = public_pages(typed_headings)
    assert RapporteurReport.objects.filter(status=ReportStatus.PUBLISHED).exists()
    outlines = {}
    for name, address in pages.items():
        response = client.get(language + address, follow=True)
        assert response.status_code == 200, name
        outlines[name] = levels(response.content)
    assert {name: found.count(1) for name, found in outlines.items()} == dict.fromkeys(pages, 1)
    assert {name: found[0] for name, found in outlines.items()} == dict.fromkeys(pages, 1)
    assert {name: skipped(found) for name, found in outlines.items()} == {name: [] for name in pages}
    # The published reports' headings are on the pages that show them, below the page's own.
    assert max(outlines["group"]) == 6


def test_every_rapporteur_and_organiser_page_has_one_h1_and_skips_no_level(client, organiser, typed_headings):
    nomination = RapporteurNomination.objects.filter(breakout__session__number=1, breakout__group__number=2).get()
    report = RapporteurReport.objects.get(breakout=nomination.breakout)
    outlines = {}
    for page, (address, _queries) in REPORT_PAGES.items():
        # The files are not pages; the front door redirects; compare and restore share the history's outline.
        if address.endswith((".docx", ".md")) or page == "console's front door" or "{revision}" in address:
            continue
        address = address.format(
            slug=typed_headings.slug, token=nomination.token, rapporteur=nomination.participant_id, report=report.pk
        )
        if page == "report form":
            client.logout()
        else:
            client.force_login(organiser)
        response = client.get(address)
        assert response.status_code == 200, page
        outlines[page] = levels(response.content)
    assert len(outlines) >= 14
    assert {page: found.count(1) for page, found in outlines.items()} == dict.fromkeys(outlines, 1)
    assert {page: skipped(found) for page, found in outlines.items()} == {page: [] for page in outlines}


def test_the_outcome_for_word_keeps_the_reports_headings_under_its_own(organiser_client, typed_headings):
    response = organiser_client.get(f"/{typed_headings.slug}/organisers/outcome.docx")
    document = docx.Document(io.BytesIO(response.content))
    found = [
        int(paragraph.style.name.rsplit(" ", 1)[1]) if paragraph.style.name != "Title" else 0
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading") or paragraph.style.name == "Title"
    ]
    typed = {
        (paragraph.text, int(paragraph.style.name.rsplit(" ", 1)[1]))
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading") and paragraph.text in TYPED_TEXTS
    }
    # Under the outcome's level-3 "Question 1" and "Main conclusions": 4, 5, 6 by rank, whatever the typed level.
    assert typed == {("Our heading", 4), ("Second", 5), ("Setext", 5), ("Deepest", 6), ("Key messages", 4)} | {
        ("Detail", 5)
    }
    assert skipped(found) == []


TYPED_TEXTS = ("Our heading", "Second", "Setext", "Deepest", "Key messages", "Detail")


def test_the_outcome_in_markdown_keeps_the_reports_headings_under_its_own(organiser_client, typed_headings):
    exported = organiser_client.get(f"/{typed_headings.slug}/organisers/outcome.md").content.decode()
    tokens = MarkdownIt("commonmark").parse(exported)
    outline = [
        (int(token.tag[1]), tokens[index + 1].content)
        for index, token in enumerate(tokens)
        if token.type == "heading_open"
    ]
    found = [level for level, _text in outline]
    assert found[0] == 1
    assert skipped(found) == []
    # Under the file's level-4 "Question 1" and "Main conclusions": 5, 6, and bold text beyond.
    typed = {(level, text) for level, text in outline if text in TYPED_TEXTS}
    assert typed == {(5, "Our heading"), (6, "Second"), (6, "Setext"), (5, "Key messages"), (6, "Detail")}
    # Once in every answer: six of the twelve questions have one.
    assert [exported.count(text) for text in ("\n#### Question ", "\n**Deepest**\n", "(No answer.)")] == [12, 6, 6]


def test_the_documents_and_logos_console_pages_have_one_h1_and_skip_no_level(organiser_client, caribbean):
    """The organisers' pages for documents and logos, with a document and a logo in them (their forms and lists)."""
    document = services.create_document(
        conference=caribbean,
        title="A paper",
        kind=DocumentKind.BACKGROUND,
        language="en",
        upload=samples.upload("paper.pdf", samples.pdf_bytes()),
    )
    add_logo(caribbean, name="Institution")
    organisers = f"/{caribbean.slug}/organisers/"
    addresses = [
        organisers + "documents/",
        organisers + f"documents/{document.pk}/",
        organisers + f"documents/{document.pk}/withdraw/",
        organisers + "logos/",
    ]
    outlines = {}
    for address in addresses:
        response = organiser_client.get(address)
        assert response.status_code == 200, address
        outlines[address] = levels(response.content)
    assert {address: found.count(1) for address, found in outlines.items()} == dict.fromkeys(addresses, 1)
    assert {address: skipped(found) for address, found in outlines.items()} == {address: [] for address in addresses}
