"""A presentation's contributors: named in order on the timeline, listed with their presentations on the session
page, each with a section on the conference's contributors page; the model keeps them to the session's conference."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from lxml import html

from conference.models import Conference, Country, Organisation, Participant
from sessions.models import Contribution, Segment, SegmentKind, Session

pytestmark = pytest.mark.django_db

CONTRIBUTORS = "/caribbean/contributors/"


def page_of(response):
    assert response.status_code == 200
    return html.fromstring(response.content.decode())


def words(element):
    return " ".join(element.text_content().split())


@pytest.fixture
def people(caribbean):
    """Session 1's first presentation by Bea (Jamaica) then Ann (a statistics agency); session 2's second by Ann."""
    agency = Organisation.objects.create(conference=caribbean, name="Statistics agency")
    bea = Participant.objects.create(
        conference=caribbean, full_name="Bea Example", country=Country.objects.get(code="JM")
    )
    ann = Participant.objects.create(conference=caribbean, full_name="Ann Example", organisation=agency)
    first = Segment.objects.get(session__number=1, position=1)
    Segment.objects.filter(pk=first.pk).update(title="The census round")
    Contribution.objects.create(segment=first, participant=bea, position=1)
    Contribution.objects.create(segment=first, participant=ann, position=2)
    Contribution.objects.create(segment=Segment.objects.get(session__number=2, position=2), participant=ann)
    Session.objects.filter(number=1).update(date=datetime.date(2026, 6, 9), start_time=datetime.time(9))
    return {"ann": ann, "bea": bea}


def test_the_session_page_lists_its_contributors_with_their_presentations(client, people):
    page = page_of(client.get("/caribbean/sessions/1/"))
    entries = page.xpath("//ul[contains(@class, 'contributors')]/li")
    assert [words(entry.xpath("a")[0]) for entry in entries] == [
        "Bea Example (Jamaica)",
        "Ann Example (Statistics agency)",
    ]
    assert [entry.xpath("a/@href")[0] for entry in entries] == [
        f"{CONTRIBUTORS}#contributor-{people['bea'].pk}",
        f"{CONTRIBUTORS}#contributor-{people['ann'].pk}",
    ]
    assert [[words(item) for item in entry.xpath(".//li[contains(@class, 'presentation')]")] for entry in entries] == [
        ["The census round Tuesday 9 June 2026, Starts 09:00, ends 09:15–09:20"],
        ["The census round Tuesday 9 June 2026, Starts 09:00, ends 09:15–09:20"],
    ]
    # The timeline names both, in order, each linked to their section; the second presentation still waits.
    timeline = [words(small) for small in page.xpath("//ol[@class='timeline']//small[contains(., 'Contributor')]")]
    assert timeline == [
        "Contributors: Bea Example (Jamaica), Ann Example (Statistics agency)",
        "Contributor: to be announced",
    ]
    assert page.xpath("//ol[@class='timeline']//a[contains(@href, '#contributor-')]/@href") == [
        f"{CONTRIBUTORS}#contributor-{people['bea'].pk}",
        f"{CONTRIBUTORS}#contributor-{people['ann'].pk}",
    ]


def test_a_session_without_contributors_has_no_such_section(client, people):
    page = page_of(client.get("/caribbean/sessions/3/"))
    assert page.xpath("//h2[@id='contributors']") == []


def test_the_contributors_page_has_a_section_per_contributor_by_name(client, people):
    page = page_of(client.get(CONTRIBUTORS))
    one, two = (str(session) for session in Session.objects.filter(number__in=[1, 2]).order_by("number"))
    sections = page.xpath("//section[contains(@class, 'contributor')]")
    assert [section.get("id") for section in sections] == [
        f"contributor-{people['ann'].pk}",
        f"contributor-{people['bea'].pk}",
    ]
    assert [words(section.xpath("h2")[0]) for section in sections] == [
        "Ann Example (Statistics agency)",
        "Bea Example (Jamaica)",
    ]
    assert [[words(item) for item in section.xpath(".//li")] for section in sections] == [
        [
            f"The census round {one} Tuesday 9 June 2026, Starts 09:00, ends 09:15–09:20",
            f"Presentation {two} Time to be announced",
        ],
        [f"The census round {one} Tuesday 9 June 2026, Starts 09:00, ends 09:15–09:20"],
    ]
    assert sections[0].xpath(".//li//a/@href") == ["/caribbean/sessions/1/", "/caribbean/sessions/2/"]


def test_a_presentation_made_a_discussion_shows_its_contributors_nowhere(client, people):
    Segment.objects.filter(session__number=2, position=2).update(kind=SegmentKind.DISCUSSION)
    page = page_of(client.get(CONTRIBUTORS))
    assert [[words(item) for item in section.xpath(".//li")] for section in page.xpath("//section")] == [
        [f"The census round {Session.objects.get(number=1)} Tuesday 9 June 2026, Starts 09:00, ends 09:15–09:20"],
        [f"The census round {Session.objects.get(number=1)} Tuesday 9 June 2026, Starts 09:00, ends 09:15–09:20"],
    ]
    assert page_of(client.get("/caribbean/sessions/2/")).xpath("//h2[@id='contributors']") == []


def test_the_contributors_page_in_french_names_countries_in_french(client, people):
    page = page_of(client.get("/fr" + CONTRIBUTORS))
    assert [words(h2) for h2 in page.xpath("//section/h2")] == [
        "Ann Example (Statistics agency)",
        "Bea Example (Jamaïque)",
    ]
    assert words(page.xpath("//h1")[0]) == "Intervenants"


def test_the_contributors_page_before_anyone_is_named(client, caribbean):
    page = page_of(client.get(CONTRIBUTORS))
    assert page.xpath("//section[contains(@class, 'contributor')]") == []
    assert "The contributors will be named here once the programme names them." in words(page.xpath("//main")[0])


@pytest.mark.django_db(transaction=True)  # the page cache's version rises when the change commits
def test_the_programme_links_the_contributors_page_once_someone_is_named(client, caribbean):
    link = "//main//a[@href='/caribbean/contributors/']/text()"
    assert page_of(client.get("/caribbean/")).xpath(link) == []
    Contribution.objects.create(
        segment=Segment.objects.get(session__number=1, position=1),
        participant=Participant.objects.create(
            conference=caribbean, full_name="Bea Example", country=Country.objects.get(code="JM")
        ),
    )
    # The page cache follows the new contribution.
    assert page_of(client.get("/caribbean/")).xpath(link) == ["Contributors and their presentations"]
    assert [words(h2) for h2 in page_of(client.get(CONTRIBUTORS)).xpath("//section/h2")] == ["Bea Example (Jamaica)"]


def test_a_contributor_comes_from_the_sessions_conference(caribbean):
    other = Conference.objects.create(slug="other", region="Other")
    stranger = Participant.objects.create(
        conference=other, full_name="Stranger", organisation=Organisation.objects.create(conference=other, name="Org")
    )
    contribution = Contribution(segment=Segment.objects.get(session__number=1, position=1), participant=stranger)
    with pytest.raises(ValidationError) as refused:
        contribution.full_clean()
    assert refused.value.message_dict == {"participant": ["Choose a participant of this session’s conference."]}


def test_only_a_presentation_has_contributors(caribbean):
    person = Participant.objects.create(
        conference=caribbean, full_name="Bea Example", country=Country.objects.get(code="JM")
    )
    discussion = Segment.objects.filter(kind=SegmentKind.DISCUSSION).first()
    with pytest.raises(ValidationError) as refused:
        Contribution(segment=discussion, participant=person).full_clean()
    assert refused.value.messages == ["Only a presentation has contributors."]


def test_a_contributor_is_named_once_per_presentation(people):
    first = Segment.objects.get(session__number=1, position=1)
    again = Contribution(segment=first, participant=people["bea"], position=3)
    with pytest.raises(ValidationError) as refused:
        again.full_clean()
    assert refused.value.messages == ["This participant is already a contributor of this presentation."]
    with pytest.raises(IntegrityError), transaction.atomic():
        again.save()


def test_contributors_in_their_order_whatever_their_creation(people):
    first = Segment.objects.with_contributors().get(session__number=1, position=1)
    assert [person.full_name for person in first.contributor_list] == ["Bea Example", "Ann Example"]
    Contribution.objects.filter(segment=first, participant=people["bea"]).update(position=3)
    first = Segment.objects.with_contributors().get(pk=first.pk)
    assert [person.full_name for person in first.contributor_list] == ["Ann Example", "Bea Example"]
