"""The next conference: a copy of a conference's structure (without its people, nominations or reports), or a new
conference from a file in the fixture's format, through the admin, refused record by record when it is wrong."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html

from conference.models import Conference, Organisation, Participant, ThematicArea
from groups.conference_file import FileRefused, load_conference
from groups.models import Breakout, BreakoutGroup, GroupCountry, Question
from groups.reports.models import RapporteurNomination, RapporteurReport
from groups.services import copy_conference
from sessions.models import Contribution, Segment
from tests.conftest import FIXTURE_PATH, add_people

pytestmark = pytest.mark.django_db


def structure(conference):
    """What a conference holds, counted."""
    return {
        "thematic areas": conference.thematic_areas.count(),
        "countries": conference.countries.count(),
        "groups": conference.breakout_groups.count(),
        "countries in groups": GroupCountry.objects.filter(group__conference=conference).count(),
        "sessions": conference.sessions.count(),
        "segments": Segment.objects.filter(session__conference=conference).count(),
        "breakouts": Breakout.objects.filter(session__conference=conference).count(),
        "questions": Question.objects.filter(breakout__session__conference=conference).count(),
        "people": Participant.objects.filter(conference=conference).count(),
        "contributions": Contribution.objects.filter(segment__session__conference=conference).count(),
        "organisations": Organisation.objects.filter(conference=conference).count(),
        "nominations": RapporteurNomination.objects.filter(breakout__session__conference=conference).count(),
        "reports": RapporteurReport.objects.filter(breakout__session__conference=conference).count(),
    }


CARIBBEAN_STRUCTURE = {
    "thematic areas": 7,
    "countries": 20,
    "groups": 4,
    "countries in groups": 20,
    "sessions": 5,
    "segments": 38,
    "breakouts": 16,
    "questions": 32,
    "people": 0,
    "contributions": 0,
    "organisations": 0,
    "nominations": 0,
    "reports": 0,
}


def test_a_copy_has_the_structure_and_none_of_the_people_or_reports(scheduled):
    add_people(scheduled)
    copy = copy_conference(conference=scheduled, slug="caribbean-2027", region="Caribbean")
    assert structure(copy) == CARIBBEAN_STRUCTURE
    assert (copy.name, copy.region, copy.start_date, copy.end_date, copy.time_zone, copy.venue) == (
        "",
        "Caribbean",
        None,
        None,
        "",
        "",
    )
    assert copy.modalities == scheduled.modalities
    assert set(copy.sessions.values_list("date", "start_time")) == {(None, None)}
    # Every link points inside the copy: sub-areas, groups' countries, breakouts' areas and report-back slots.
    assert list(
        ThematicArea.objects.filter(conference=copy, parent__isnull=False).values_list("code", "parent__code")
    ) == [
        ("5a", "5"),
        ("5b", "5"),
    ]
    assert set(GroupCountry.objects.filter(group__conference=copy).values_list("country__conference", flat=True)) == {
        copy.pk
    }
    breakouts = Breakout.objects.filter(session__conference=copy)
    assert set(breakouts.values_list("thematic_areas__conference", flat=True)) - {None} == {copy.pk}
    assert set(breakouts.values_list("report_back__session__conference", flat=True)) == {copy.pk}
    original = Breakout.objects.get(session__conference=scheduled, session__number=4, group__number=3)
    copied = breakouts.get(session__number=4, group__number=3)
    assert (copied.topic, copied.thematic_label, [q.text for q in copied.questions.all()]) == (
        original.topic,
        original.thematic_label,
        [q.text for q in original.questions.all()],
    )
    assert copied.report_back.position == original.report_back.position
    # The original is as it was.
    # 17 people with roles in reports and groups, and 9 contributors, each of a presentation with the partner.
    assert [structure(scheduled)[key] for key in ("people", "contributions", "reports")] == [26, 18, 16]


def test_retired_questions_are_not_copied(caribbean):
    question = Question.objects.get(breakout__session__number=1, breakout__group__number=1, position=2)
    question.retired = True
    question.save()
    copy = copy_conference(conference=caribbean, slug="next")
    assert structure(copy)["questions"] == 31


def test_copy_in_the_admin(organiser_client, caribbean):
    address = f"/admin/conference/conference/{caribbean.pk}/copy/"
    change = html.fromstring(
        organiser_client.get(f"/admin/conference/conference/{caribbean.pk}/change/").content.decode()
    )
    assert address in change.xpath("//ul[@class='object-tools']//a/@href")
    taken = organiser_client.post(address, {"slug": "caribbean", "region": "", "name": ""})
    assert taken.context["form"].errors == {
        "slug": ["Conference with this Short name for web addresses already exists."]
    }
    response = organiser_client.post(
        address, {"slug": "caribbean-2027", "region": "Caribbean", "name": ""}, follow=True
    )
    copy = Conference.objects.get(slug="caribbean-2027")
    assert response.redirect_chain == [(f"/admin/conference/conference/{copy.pk}/change/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "Caribbean regional conference is created with 4 groups, 20 countries, 5 sessions, 16 breakouts and 32 "
        "questions. Fill in its name, dates and venue below."
    ]


def fixture_file(**changes):
    records = json.loads(FIXTURE_PATH.read_text())
    for (index, field), value in changes.items():
        records[index]["fields"][field] = value
    return json.dumps(records).encode()


def test_a_conference_from_the_fixtures_file_under_a_new_name(db):
    conference = load_conference(data=FIXTURE_PATH.read_bytes(), slug="caribbean-2027")
    assert conference.slug == "caribbean-2027"
    assert structure(conference) == CARIBBEAN_STRUCTURE
    assert BreakoutGroup.objects.get(conference=conference, number=2).countries.count() == 5


def test_a_file_is_refused_record_by_record_and_nothing_is_saved(caribbean):
    records = json.loads(FIXTURE_PATH.read_text())

    def first(model, **fields):
        """The number (from 1) of the file's first record of this kind with these fields."""
        return next(
            number
            for number, record in enumerate(records, start=1)
            if record["model"] == model and all(record["fields"].get(k) == v for k, v in fields.items())
        )

    session = first("agenda_sessions.session", number=1)
    question = first("groups.question", breakout=["caribbean", 2, 1])
    segment = first("agenda_sessions.segment", session=["caribbean", 2])
    place = first("groups.groupcountry", country=["caribbean", "JM"])
    wrong = {
        session: ("date", "27/11/2026"),
        question: ("text", ""),
        segment: ("min_minutes", 30),
        place: ("country", ["caribbean", "FR"]),
    }
    for number, (field, value) in wrong.items():
        records[number - 1]["fields"][field] = value
    with pytest.raises(FileRefused) as refused:
        load_conference(data=json.dumps(records).encode(), slug="next")
    assert [(e.number, e.model, e.messages) for e in refused.value.errors] == sorted(
        [
            (
                session,
                "agenda_sessions.session",
                ["“27/11/2026”: “27/11/2026” value has an invalid date format. It must be in YYYY-MM-DD format."],
            ),
            (
                question,
                "groups.question",
                ["text: This field cannot be blank."],
            ),
            (
                segment,
                "agenda_sessions.segment",
                ["max_minutes: The maximum (20 minutes) cannot be below the minimum (30 minutes)."],
            ),
            (
                place,
                "groups.groupcountry",
                ['It refers to ["next", "FR"], which is neither earlier in the file nor in the database.'],
            ),
        ]
    )
    # Session 1's segments and breakouts, and those breakouts' questions, wait for session 1 to be right.
    follow_on = [
        number
        for number, record in enumerate(records, start=1)
        if record["fields"].get("session") == ["caribbean", 1] or record["fields"].get("breakout", [None, 0])[1] == 1
    ]
    assert refused.value.follow_on == follow_on
    assert len(follow_on) == 9 + 4 + 8  # segments, breakouts, questions
    assert Conference.objects.filter(slug="next").exists() is False
    assert Conference.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"not json", "The file is not JSON text in UTF-8: Expecting value: line 1 column 1 (char 0)."),
        (
            b'{"model": "conference.conference"}',
            "The file must be a list of records, each with a “model” and its “fields”, as in the fixture.",
        ),
        (
            b'[{"model": "groups.breakoutgroup", "fields": {}}]',
            "The file’s first record must be the conference (“conference.conference”).",
        ),
    ],
)
def test_a_file_that_is_not_in_the_fixtures_format_is_refused(db, data, message):
    with pytest.raises(FileRefused) as refused:
        load_conference(data=data)
    assert [(e.number, e.messages) for e in refused.value.errors] == [(0, [message])]


def test_a_file_can_only_add_a_conference(caribbean):
    with pytest.raises(FileRefused) as refused:
        load_conference(data=FIXTURE_PATH.read_bytes())
    assert refused.value.errors[0].messages == [
        "A conference with the short name “caribbean” already exists. Give the new one another short name, or use "
        "“Copy this conference” on the existing one."
    ]
    # Records of another conference slipped into a file are refused, not added to it.
    records = json.loads(FIXTURE_PATH.read_text().replace('"caribbean"', '"next"'))
    records.append(
        {"model": "groups.question", "fields": {"breakout": ["caribbean", 1, 1], "position": 9, "text": "Sneaked in?"}}
    )
    with pytest.raises(FileRefused) as refused:
        load_conference(data=json.dumps(records).encode())
    assert [(e.number, e.messages) for e in refused.value.errors] == [
        (len(records), ["This record belongs to another conference than the file’s."])
    ]
    assert Question.objects.filter(text="Sneaked in?").exists() is False


def test_create_from_a_file_in_the_admin_shows_the_errors_by_record(organiser_client, caribbean):
    lists = html.fromstring(organiser_client.get("/admin/conference/conference/").content.decode())
    assert "/admin/conference/conference/load/" in lists.xpath("//ul[@class='object-tools']//a/@href")
    records = json.loads(FIXTURE_PATH.read_text())
    records[1]["fields"]["title"] = ""
    upload = SimpleUploadedFile("next.json", json.dumps(records).encode())
    response = organiser_client.post("/admin/conference/conference/load/", {"file": upload, "slug": "next"})
    page = html.fromstring(response.content.decode())
    rows = [
        [" ".join(td.text_content().split()) for td in tr.xpath("td")]
        for tr in page.xpath("//table[@id='file-errors']/tbody/tr")
    ]
    assert rows == [["2", "conference.thematicarea", 'code "1"', "title: This field cannot be blank."]]
    # Session 1 names thematic area 1: it, its segments, breakouts and their questions wait for the area.
    assert page.get_element_by_id("file-follow-on").text_content() == (
        "22 more records refer to records refused above and were not checked: records 29, 34, 35, 36, 37, 38, 39, 40, "
        "41, 42, 96, 97, 98, 99, 112, 113, 114, 115, 116, 117, 118, 119."
    )
    assert not Conference.objects.filter(slug="next").exists()
    upload = SimpleUploadedFile("next.json", FIXTURE_PATH.read_bytes())
    response = organiser_client.post(
        "/admin/conference/conference/load/", {"file": upload, "slug": "next"}, follow=True
    )
    assert structure(Conference.objects.get(slug="next")) == CARIBBEAN_STRUCTURE
