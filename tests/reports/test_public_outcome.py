"""The public outcome: the conclusions, every published report by session and group, the recommended actions by
thematic area and the list of participants, as a page, a PDF and a Word document; public once the organisers publish
it, previewed by them before; nothing unpublished in any of the three."""

import datetime
import io
import itertools
import re
import subprocess

import docx
import pypdf
import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from lxml import html

from conference.models import Country, LogoKind, Organisation, Participant
from groups.live import services as live_services
from groups.live.models import AudienceQuestion, BreakoutPoint, QuestionStatus
from groups.models import Breakout, GroupPartner
from groups.pages import public
from groups.reports import services
from groups.reports.models import RapporteurReport, ReportStatus
from tests.logos import add_logo, image_bytes

pytestmark = pytest.mark.django_db

CONCLUSIONS = "The conference agreed on CONCLUDED-4F2A.\n\n## Key messages\n\n- Modernise together."
CONCLUSIONS_FR = "La conférence a conclu CONCLU-4F2A.\n\n## Messages clés\n\n- Moderniser ensemble."


def pdf_text(content, tmp_path):
    """The PDF's text as pdftotext (poppler) reads it, page by page."""
    path = tmp_path / "outcome.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout  # noqa: S603, S607
    return text.split("\f")[:-1]


def docx_text(content):
    return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(content)).paragraphs)


def outline(reader, items=None, depth=0):
    """The PDF's bookmarks as (depth, title)."""
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += outline(reader, item, depth + 1)
        else:
            found.append((depth, item.title))
    return found


def add_listed_people(conference):
    """A delegate with a function, one left out of the list, a partner the organisers added, and two sign-ups:
    one whose place is confirmed, one not yet."""
    jamaica = Country.objects.get(conference=conference, code="JM")
    agency = Organisation.objects.create(conference=conference, name="Statistics Agency")
    joined = Organisation.objects.create(conference=conference, name="Joined Org", from_signup=True)
    Participant.objects.create(
        conference=conference, full_name="Ann Listed", country=jamaica, function="Director", email="ann@hidden.example"
    )
    Participant.objects.create(conference=conference, full_name="Una Unlisted", country=jamaica, listed=False)
    Participant.objects.create(conference=conference, full_name="Ola Added", organisation=agency, function="Adviser")
    group = conference.breakout_groups.get(number=2)
    confirmed = Participant.objects.create(
        conference=conference, full_name="Cy Confirmed", organisation=joined, from_signup=True
    )
    GroupPartner.objects.create(group=group, participant=confirmed, confirmed_at=timezone.now())
    waiting = Participant.objects.create(
        conference=conference, full_name="Wes Waiting", organisation=joined, from_signup=True
    )
    GroupPartner.objects.create(group=group, participant=waiting)


@pytest.fixture
def published(caribbean_with_people):
    """The conference with its conclusions in English and French, people in and out of the list, published."""
    conference = caribbean_with_people
    conference.conclusions_en = CONCLUSIONS
    conference.conclusions_fr = CONCLUSIONS_FR
    conference.save()
    add_listed_people(conference)
    return conference


def test_the_outcome_and_the_list_are_not_found_until_the_organisers_make_them_public(client, caribbean):
    for address in ("outcome/", "outcome.pdf", "outcome.docx", "participants/"):
        assert client.get(f"/caribbean/{address}").status_code == 404, address
    programme = client.get("/caribbean/").content.decode()
    assert "/caribbean/outcome/" not in programme
    assert "/caribbean/participants/" not in programme


def test_publishing_links_the_outcome_from_the_programme_and_withdrawing_takes_it_back(
    organiser_client, organiser, caribbean
):
    response = organiser_client.post("/caribbean/organisers/outcome/publish/")
    assert response.status_code == 302
    assert response["Location"] == "/caribbean/organisers/outcome/"
    caribbean.refresh_from_db()
    published_at = caribbean.outcome_published_at
    assert published_at is not None
    tree = html.fromstring(organiser_client.get("/caribbean/").content)
    assert tree.xpath("//p[@class='outcome-link']//a/@href") == ["/caribbean/outcome/", "/caribbean/outcome.pdf"]
    assert organiser_client.get("/caribbean/outcome/").status_code == 200
    # Publishing again keeps the first time.
    assert services.publish_outcome(conference=caribbean, by=organiser) is False
    caribbean.refresh_from_db()
    assert caribbean.outcome_published_at == published_at
    organiser_client.post("/caribbean/organisers/outcome/unpublish/")
    caribbean.refresh_from_db()
    assert caribbean.outcome_published_at is None
    assert organiser_client.get("/caribbean/outcome/").status_code == 404
    assert "/caribbean/outcome/" not in organiser_client.get("/caribbean/").content.decode()
    assert list(LogEntry.objects.order_by("pk").values_list("user__username", "change_message")) == [
        ("org", "Published the outcome."),
        ("org", "Withdrew the outcome."),
    ]


def test_organisers_write_the_conclusions_and_make_the_list_public(organiser_client, caribbean):
    data = {
        "conclusions_en": CONCLUSIONS,
        "conclusions_fr": CONCLUSIONS_FR,
        "conclusions_es": "",
        "conclusions_nl": "",
        "participants_public": "on",
    }
    response = organiser_client.post("/caribbean/organisers/outcome/", data)
    assert response.status_code == 302
    caribbean.refresh_from_db()
    assert (caribbean.conclusions_en, caribbean.conclusions_fr, caribbean.participants_public) == (
        CONCLUSIONS,
        CONCLUSIONS_FR,
        True,
    )
    assert organiser_client.get("/caribbean/participants/").status_code == 200
    tree = html.fromstring(organiser_client.get("/caribbean/").content)
    assert tree.xpath("//a[@href='/caribbean/participants/']/text()") == ["List of participants"]
    # Too long a text is refused, with what was typed kept.
    response = organiser_client.post("/caribbean/organisers/outcome/", {**data, "conclusions_en": "x" * 20001})
    assert response.status_code == 400
    assert "x" * 20001 in response.content.decode()
    caribbean.refresh_from_db()
    assert caribbean.conclusions_en == CONCLUSIONS


def test_the_preview_shows_the_unpublished_outcome_to_organisers_only(client, organiser, caribbean):
    caribbean.conclusions = CONCLUSIONS
    caribbean.save()
    client.force_login(organiser)
    page = client.get("/caribbean/organisers/outcome/preview/")
    assert page.status_code == 200
    assert "CONCLUDED-4F2A" in page.content.decode()
    tree = html.fromstring(page.content)
    assert tree.xpath("//a[@download]/@href") == [
        "/caribbean/organisers/outcome/preview.pdf",
        "/caribbean/organisers/outcome/preview.docx",
    ]
    pdf = client.get("/caribbean/organisers/outcome/preview.pdf")
    assert (pdf.status_code, pdf["Content-Type"]) == (200, "application/pdf")
    assert pdf["Content-Disposition"] == 'attachment; filename="caribbean-outcome-en.pdf"'
    assert "no-cache" in pdf["Cache-Control"]
    assert "CONCLUDED-4F2A" in docx_text(client.get("/caribbean/organisers/outcome/preview.docx").content)
    client.logout()
    assert client.get("/caribbean/outcome/").status_code == 404
    assert client.get("/caribbean/organisers/outcome/preview.pdf").status_code == 302  # to the admin's login


def test_the_page_shows_the_conclusions_reports_actions_and_the_list(client, published):
    tree = html.fromstring(client.get("/caribbean/outcome/").content)
    headings = [(element.tag, element.text_content().strip()) for element in tree.iter("h1", "h2", "h3")]
    sessions = [text for tag, text in headings if tag == "h2" and text.startswith("Session ")]
    published_sessions = sorted(
        {
            report.breakout.session.number
            for report in RapporteurReport.objects.published().select_related("breakout__session")
        }
    )
    assert [int(re.match(r"Session (\d+)", text)[1]) for text in sessions] == published_sessions
    assert headings[:3] == [
        ("h1", "Conference outcome: Caribbean regional conference"),
        ("h2", "Conclusions"),
        ("h3", "Key messages"),
    ]
    assert [text for tag, text in headings if tag == "h2"][-2:] == [
        "Recommended actions by thematic area",
        "Annex: list of participants",
    ]
    annex = tree.xpath("//section[@class='outcome-participants']")[0]
    assert [text.strip() for text in annex.xpath(".//h3/text()")] == [
        "Delegations by country",
        "Participants by organisation",
    ]
    jamaica = annex.xpath(".//h4[text()='Jamaica']/following-sibling::ul[1]/li")
    assert [item.text_content() for item in jamaica] == [
        "Ann Listed, Director",
        *sorted(
            person.full_name for person in Participant.objects.filter(country__code="JM", nominations__isnull=False)
        ),
    ]
    organisations = annex.xpath(".//h3[@id='by-organisation']/following-sibling::h4/text()")
    assert organisations == ["Joined Org", "Partner agency", "Statistics Agency"]
    text = annex.text_content()
    assert "Ola Added, Adviser" in text
    assert "Cy Confirmed" in text
    assert "Una Unlisted" not in text
    assert "Wes Waiting" not in text
    assert "@" not in text


def test_the_list_of_participants_page_shows_names_and_functions_only(client, published):
    tree = html.fromstring(client.get("/caribbean/participants/").content)
    assert tree.xpath("//h1/text()") == ["List of participants"]
    assert tree.xpath("//h2/text()") == ["Delegations by country", "Participants by organisation"]
    names = [item.text_content() for item in tree.xpath("//ul[@class='participant-list']/li")]
    assert "Ann Listed, Director" in names
    assert "Ola Added, Adviser" in names
    assert "Cy Confirmed" in names
    assert not {"Una Unlisted", "Wes Waiting"} & {name.split(",")[0] for name in names}
    assert "@" not in tree.xpath("string(//main)")


def test_the_pdf_has_a_cover_contents_bookmarks_embedded_fonts_and_page_numbers(client, published, tmp_path):
    response = client.get("/caribbean/outcome.pdf")
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="caribbean-outcome-en.pdf"'
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Conference outcome: Caribbean regional conference"
    assert reader.trailer["/Root"]["/Lang"] == "en"
    bookmarks = outline(reader)
    assert bookmarks[:3] == [
        (0, "Conference outcome: Caribbean regional conference"),
        (1, "Conclusions"),
        (2, "Key messages"),
    ]
    assert [title for depth, title in bookmarks if depth == 1][-2:] == [
        "Recommended actions by thematic area",
        "Annex: list of participants",
    ]
    # Each report's headings nested under its group, under its session.
    first_session = bookmarks.index(next(item for item in bookmarks if item[1].startswith("Session 1:")))
    assert [depth for depth, _title in bookmarks[first_session : first_session + 6]] == [1, 2, 3, 3, 3, 3]
    assert [title for _depth, title in bookmarks[first_session + 2 : first_session + 6]] == [
        "Question 1",
        "Question 2",
        "Main conclusions",
        "Recommended actions",
    ]
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts.add((str(font["/BaseFont"]).split("+")[-1], "/FontFile2" in descriptor.get_object()))
    assert fonts == {("DejaVu-Sans", True), ("DejaVu-Sans-Bold", True), ("DejaVu-Sans-Oblique", True)}

    pages = pdf_text(response.content, tmp_path)
    assert len(pages) == len(reader.pages)
    cover = pages[0].split()
    assert " ".join(cover[:6]) == "Conference outcome: Caribbean regional conference Dates"
    assert pages[0].count("to be announced") == 2  # the dates and the venue
    contents = pages[1]
    assert contents.startswith("Contents\n")
    # The contents give each section's page; the footer numbers every page but the cover.
    entries = dict(
        re.findall(
            r"^(Conclusions|Recommended actions by thematic area|Annex: list of participants)[ .]+(\d+)$",
            contents,
            re.M,
        )
    )
    assert entries.keys() == {"Conclusions", "Recommended actions by thematic area", "Annex: list of participants"}
    assert pages[int(entries["Conclusions"]) - 1].startswith("Conclusions\n")
    assert pages[int(entries["Annex: list of participants"]) - 1].startswith("Annex: list of participants\n")
    annex = "\n".join(pages[int(entries["Annex: list of participants"]) - 1 :])
    for number, page in enumerate(pages[1:], start=2):
        assert page.rstrip().endswith(f"{number} / {len(pages)}"), number
    text = "\n".join(pages)
    for report in RapporteurReport.objects.published().prefetch_related("answers"):
        assert report.conclusions in text
        for answer in report.answers.all():
            assert answer.text in text
    actions = text[text.rindex("Recommended actions by thematic area") :]
    assert "Thematic area 1:" in actions
    assert "Published action" in actions
    for expected in ("Delegations by country", "Jamaica", "Ann Listed, Director", "Ola Added, Adviser", "Cy Confirmed"):
        assert expected in annex
    assert "Una Unlisted" not in text
    assert "Wes Waiting" not in text


def test_the_french_pdf_is_in_french(client, published, tmp_path):
    response = client.get("/fr/caribbean/outcome.pdf")
    assert response["Content-Disposition"] == 'attachment; filename="caribbean-outcome-fr.pdf"'
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    assert reader.metadata.title == "Résultats de la conférence\xa0: Conférence régionale Caribbean"
    assert reader.trailer["/Root"]["/Lang"] == "fr"
    pages = pdf_text(response.content, tmp_path)
    assert pages[0].count("à annoncer") == 2
    assert pages[1].startswith("Table des matières\n")
    text = "\n".join(pages)
    assert "CONCLU-4F2A" in text
    assert "CONCLUDED-4F2A" not in text
    assert "Annexe : liste des participants" in text
    assert next(title for depth, title in outline(reader) if depth == 1) == "Conclusions"


def test_the_word_document_has_the_same_content(client, published):
    response = client.get("/caribbean/outcome.docx")
    assert response["Content-Disposition"] == 'attachment; filename="caribbean-outcome-en.docx"'
    document = docx.Document(io.BytesIO(response.content))
    headings = [
        (paragraph.style.name, paragraph.text)
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading")
    ]
    assert headings[:2] == [("Heading 1", "Conclusions"), ("Heading 2", "Key messages")]
    assert ("Heading 1", "Annex: list of participants") in headings
    assert ("Heading 3", "Jamaica") in headings
    text = docx_text(response.content)
    assert text.splitlines()[1:5] == ["Dates", "to be announced", "Venue", "to be announced"]
    assert "CONCLUDED-4F2A" in text
    assert "Ann Listed, Director" in text
    assert "Una Unlisted" not in text


def test_nothing_unpublished_reaches_the_outcome(client, private_reports, tmp_path):
    """Drafts, submitted reports, hidden and visible breakout notes, live questions in every state, emails, link keys,
    people left out of the list and sign-ups not confirmed: none in the page, the PDF or the Word document."""
    conference = private_reports["draft"].nomination.breakout.session.conference
    secrets = [
        *private_reports["draft"].secrets,
        *private_reports["submitted"].secrets,
        private_reports["partner_email"],
    ]
    breakout = Breakout.objects.get(session__number=1, group__number=3)
    question = breakout.questions.first()
    hidden = live_services.add_point(question=question, text="HIDDEN-NOTE-61C2")
    live_services.hide_points(points=BreakoutPoint.objects.filter(pk=hidden.pk))
    live_services.add_point(question=question, text="VISIBLE-NOTE-2B7D")
    for status in QuestionStatus:
        AudienceQuestion.objects.create(
            session=breakout.session, text=f"{status.upper()}-QUESTION-8E11", asked_by="ASKER-5C3D", status=status
        )
    add_listed_people(conference)
    published_report = RapporteurReport.objects.get(breakout=breakout)
    assert published_report.status == ReportStatus.PUBLISHED
    services.publish_outcome(conference=conference, by=None)
    secrets += [
        "HIDDEN-NOTE-61C2",
        "VISIBLE-NOTE-2B7D",
        *(f"{status.upper()}-QUESTION-8E11" for status in QuestionStatus),
        "ASKER-5C3D",
        "ann@hidden.example",
        "Una Unlisted",
        "Wes Waiting",
    ]
    page = client.get("/caribbean/outcome/").content.decode()
    pdf = "\n".join(pdf_text(client.get("/caribbean/outcome.pdf").content, tmp_path))
    word = docx_text(client.get("/caribbean/outcome.docx").content)
    participants = client.get("/caribbean/participants/")
    assert participants.status_code == 404
    assert "PUBLISHED-5D0B41 conclusions" in page
    assert "PUBLISHED-5D0B41 conclusions" in pdf
    assert "PUBLISHED-5D0B41 conclusions" in word
    found = {
        secret: [name for name, text in (("page", page), ("pdf", pdf), ("docx", word)) if secret in text]
        for secret in secrets
    }
    assert found == {secret: [] for secret in secrets}


@pytest.mark.parametrize("size", ["caribbean_with_people", "large_conference"])
def test_the_pdf_and_word_views_run_the_same_queries_at_any_size(client, size, request, monkeypatch):
    """The PDF's queries all run while its HTML is rendered; the rendering into PDF itself (seconds for the large
    conference's 533 reports) is left out here, as the benchmark measures it."""

    class NoPdf:
        def __init__(self, **kwargs):
            pass

        def write_pdf(self, **kwargs):
            return b"%PDF-"

    conference = request.getfixturevalue(size)
    monkeypatch.setattr("weasyprint.HTML", NoPdf)
    counts = {}
    for address in ("outcome.pdf", "outcome.docx"):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"/{conference.slug}/{address}")
        assert response.status_code == 200
        counts[address] = len(queries)
    # The PDF reads the logos for its cover, and the content version its own cache is keyed on.
    assert counts == {"outcome.pdf": 12, "outcome.docx": 10}


def test_the_pdf_is_served_from_the_page_cache_once_rendered(client, published):
    first = client.get("/caribbean/outcome.pdf")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/caribbean/outcome.pdf")
    assert len(queries) == 1  # the content version
    assert again.content == first.content


def test_the_word_documents_headings_skip_no_level(client, published):
    RapporteurReport.objects.update(conclusions="## Key messages\n\nText.\n\n#### Detail\n\nMore.")
    document = docx.Document(io.BytesIO(client.get("/caribbean/outcome.docx").content))
    levels = [
        0 if paragraph.style.name == "Title" else int(paragraph.style.name.rsplit(" ", 1)[1])
        for paragraph in document.paragraphs
        if paragraph.style.name.startswith("Heading") or paragraph.style.name == "Title"
    ]
    assert levels[0] == 0
    assert [(before, after) for before, after in itertools.pairwise(levels) if after > before + 1] == []
    assert max(levels) == 5  # a report's "Detail" under its "Key messages", under "Main conclusions" (3)


def test_a_partner_the_organisers_add_changes_the_public_pages_and_a_sign_up_does_not(published):
    """The list of participants shows a partner the organisers add at once; a sign-up waits for its confirmed place
    (whose save raises the content version, conference.cache)."""
    agency = Organisation.objects.get(conference=published, name="Statistics Agency")
    added = Participant(conference=published, full_name="New Partner", organisation=agency)
    signed_up = Participant(conference=published, full_name="Signed Up", organisation=agency, from_signup=True)
    assert (added.affects_public_pages(created=True), signed_up.affects_public_pages(created=True)) == (True, False)


def test_the_cover_gives_the_days_and_the_venue_once_known(client, published, tmp_path):
    published.start_date, published.end_date = datetime.date(2026, 6, 9), datetime.date(2026, 6, 11)
    published.venue = "Grand Ballroom"
    published.save()
    cover = pdf_text(client.get("/caribbean/outcome.pdf").content, tmp_path)[0]
    assert "Dates\nTuesday 9 June 2026 – Thursday 11 June 2026\nVenue\nGrand Ballroom\n" in cover
    text = docx_text(client.get("/caribbean/outcome.docx").content)
    assert text.splitlines()[1:5] == ["Dates", "Tuesday 9 June 2026 – Thursday 11 June 2026", "Venue", "Grand Ballroom"]


def test_the_cover_shows_the_conference_and_co_organisers_logos_read_from_the_storage(client, published):
    """The cover's logos are the PNG copies (240 px high), read from the storage by the PDF's fetcher: WeasyPrint
    fetches nothing over the network, so a logo it could not read would be missing from the page."""
    add_logo(published, kind=LogoKind.CONFERENCE, name="Conference logo", content=image_bytes(width=300, height=300))
    add_logo(published, name="Co-organiser", content=image_bytes(width=480, height=240))
    reader = pypdf.PdfReader(io.BytesIO(client.get("/caribbean/outcome.pdf").content))
    assert sorted(image.image.size for image in reader.pages[0].images) == [(240, 240), (480, 240)]


@pytest.mark.django_db(transaction=True)  # each change commits and raises the content version, as on a server
def test_the_pdf_is_made_once_per_version_and_language_whatever_the_cookies(client, published, monkeypatch):
    """A made-up session cookie skips the page cache; it must not make the server lay out the PDF again (seconds of
    CPU each): the PDF is kept per content version and language, and the organisers' preview shares it."""
    made = []
    real = public.outcome_pdf

    def counted(outcome, **kwargs):
        made.append(translation.get_language())
        return real(outcome, **kwargs)

    monkeypatch.setattr(public, "outcome_pdf", counted)
    client.cookies["sessionid"] = "made-up"
    first = client.get("/caribbean/outcome.pdf")
    again = client.get("/caribbean/outcome.pdf")
    assert (first.status_code, again.content) == (200, first.content)
    assert made == ["en"]
    client.get("/fr/caribbean/outcome.pdf")
    assert made == ["en", "fr"]
    published.venue = "Grand Ballroom"
    published.save()
    changed = client.get("/caribbean/outcome.pdf")
    assert made == ["en", "fr", "en"]
    assert changed.content != first.content
