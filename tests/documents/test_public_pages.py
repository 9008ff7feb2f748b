"""The documents on the public pages: the conference's on the programme, a session's on its page and each
presentation's under it in the timeline; in the page's language where there is that version; the organisers-only
ones nowhere; and a fixed number of queries whatever their number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from lxml import html

from conference.models import Country, Participant
from sessions.models import Contribution, SegmentKind
from tests.documents import samples

pytestmark = pytest.mark.django_db


def document_links(response, scope="//ul[contains(@class, 'documents')]//a | //small[@class='document']/a"):
    page = html.fromstring(response.content)
    return [(" ".join(link.text_content().split()), link.get("href")) for link in page.xpath(scope)]


def presentation(conference, session=1, index=0):
    return conference.sessions.get(number=session).segments.filter(kind=SegmentKind.PRESENTATION)[index]


def test_the_programme_lists_the_conferences_public_documents(client, caribbean, make_document):
    note = make_document(caribbean, "The note", files={"en": samples.pdf_bytes(), "fr": samples.pdf_bytes("fr")})
    make_document(caribbean, "Kept back", is_public=False)
    make_document(caribbean, "Of a session", session=caribbean.sessions.get(number=1))
    english, french = note.files.get(language="en"), note.files.get(language="fr")
    assert document_links(client.get("/caribbean/")) == [
        ("The note", f"/caribbean/documents/{note.pk}/en/{english.download_name}"),
        ("français", f"/caribbean/documents/{note.pk}/fr/{french.download_name}"),
    ]
    # In French, the French version first, and the English one beside it.
    assert document_links(client.get("/fr/caribbean/")) == [
        ("The note", f"/fr/caribbean/documents/{note.pk}/fr/{french.download_name}"),
        ("English", f"/fr/caribbean/documents/{note.pk}/en/{english.download_name}"),
    ]
    # Without a Spanish version, the English one.
    assert document_links(client.get("/es/caribbean/"))[0] == (
        "The note",
        f"/es/caribbean/documents/{note.pk}/en/{english.download_name}",
    )


def test_the_session_page_lists_its_documents_and_each_presentations(client, caribbean, make_document):
    session = caribbean.sessions.get(number=1)
    first, second = presentation(caribbean, index=0), presentation(caribbean, index=1)
    make_document(caribbean, "Session paper", session=session)
    make_document(caribbean, "First slides", segment=first, files={"en": samples.pptx_bytes()})
    make_document(caribbean, "Second slides", segment=second)
    make_document(caribbean, "Hidden slides", segment=second, is_public=False)
    make_document(caribbean, "Another session's", session=caribbean.sessions.get(number=2))
    response = client.get("/caribbean/sessions/1/")
    page = html.fromstring(response.content)
    assert [link.text for link in page.xpath("//ul[contains(@class, 'documents')]//a")] == ["Session paper"]
    timeline = page.xpath("//ol[@class='timeline']/li")
    under = [item.xpath(".//small[@class='document']/a[@class='document-link']/text()") for item in timeline]
    assert under[:2] == [["First slides"], ["Second slides"]]
    assert [titles for titles in under[2:] if titles] == []
    [slides] = page.xpath("//a[text()='First slides']")
    assert slides.get("download") == ""  # slides download; a PDF opens in the browser


def test_the_contributors_page_lists_each_presentations_documents(client, caribbean, make_document):
    first, second = presentation(caribbean, index=0), presentation(caribbean, index=1)
    person = Participant.objects.create(
        conference=caribbean, full_name="Ann Example", country=Country.objects.get(code="JM"), function="Director"
    )
    Contribution.objects.create(segment=first, participant=person, position=1)
    Contribution.objects.create(segment=second, participant=person, position=1)
    slides = make_document(caribbean, "First slides", segment=first, files={"en": samples.pptx_bytes()})
    make_document(caribbean, "Hidden slides", segment=second, is_public=False)
    make_document(caribbean, "Session paper", session=caribbean.sessions.get(number=1))
    page = html.fromstring(client.get("/caribbean/contributors/").content)
    [section] = page.xpath("//section[contains(@class, 'contributor')]")
    assert " ".join(section.xpath("h2")[0].text_content().split()) == "Ann Example, Director (Jamaica)"
    presentations = section.xpath(".//li[contains(@class, 'presentation')]")
    assert [item.xpath(".//a[@class='document-link']/@href") for item in presentations] == [
        [f"/caribbean/documents/{slides.pk}/en/{slides.files.get().download_name}"],
        [],
    ]


@pytest.mark.parametrize("page", ["/caribbean/", "/caribbean/sessions/1/", "/caribbean/contributors/"])
def test_query_count_is_the_same_for_ten_times_the_documents(client, caribbean, make_document, page):
    Contribution.objects.create(
        segment=presentation(caribbean),
        participant=Participant.objects.create(
            conference=caribbean, full_name="Ann Example", country=Country.objects.get(code="JM")
        ),
        position=1,
    )
    counts = []
    for count in (1, 10):
        for number in range(count):
            files = {"en": samples.pdf_bytes(), "fr": samples.pdf_bytes()}
            make_document(caribbean, f"Note {count}-{number}", files=files)
            make_document(caribbean, f"Paper {count}-{number}", session=caribbean.sessions.get(number=1))
            make_document(caribbean, f"Slides {count}-{number}", segment=presentation(caribbean))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page, headers={"cookie": "sessionid=none"})  # past the page cache
        assert response.status_code == 200
        assert len(document_links(response)) >= count
        counts.append(len(queries))
    assert counts[0] == counts[1]
