"""A conference from a file validates as the admin's forms do: rows it names must be the new conference's own, texts
hold no control characters or text-direction overrides, and a file too large, nested too deep or with too many
records is refused before it is loaded."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from conference.models import Conference, Participant, ThematicArea
from groups.conference_file import FileRefused, load_conference
from groups.models import Breakout
from sessions.models import Room, Segment, Session
from tests.conftest import FIXTURE_PATH

pytestmark = pytest.mark.django_db

LOAD = "/admin/conference/conference/load/"


def fixture_records():
    return json.loads(FIXTURE_PATH.read_text())


def first(records, model):
    """The index of the file's first record of `model`."""
    return next(index for index, record in enumerate(records) if record["model"] == model)


def refusals(records, slug="next"):
    """(record number, kind, messages) of each record refused; nothing is saved."""
    with pytest.raises(FileRefused) as refused:
        load_conference(data=json.dumps(records).encode(), slug=slug)
    assert Conference.objects.filter(slug=slug).exists() is False
    return [(error.number, error.model, error.messages) for error in refused.value.errors]


def test_thematic_areas_of_another_conference_are_refused_by_natural_key_or_id(caribbean):
    pacific = Conference.objects.create(slug="pacific", region="Pacific")
    pacific_area = ThematicArea.objects.create(conference=pacific, code="1", title="Pacific coordination", position=1)
    caribbean_area = ThematicArea.objects.get(conference=caribbean, code="3")
    records = fixture_records()
    session = first(records, "agenda_sessions.session")
    # The file's own short name is replaced by "next" everywhere: ["caribbean", "1"] is the file's area 1.
    records[session]["fields"]["thematic_areas"] = [["caribbean", "1"], ["pacific", "1"]]
    assert refusals(records) == [
        (
            session + 1,
            "agenda_sessions.session",
            [f"thematic_areas: it names “{pacific_area}” of another conference, not of this file’s."],
        )
    ]
    records = fixture_records()
    breakout = first(records, "groups.breakout")
    records[breakout]["fields"]["thematic_areas"] = [caribbean_area.pk]
    assert refusals(records) == [
        (
            breakout + 1,
            "groups.breakout",
            [f"thematic_areas: it names “{caribbean_area}” of another conference, not of this file’s."],
        )
    ]
    assert Session.objects.filter(conference__slug="next").count() == 0


def test_panellists_a_facilitator_and_rooms_of_another_conference_are_refused(caribbean):
    """The model's own checks say it for the facilitator and the room; the check of related rows for the rest."""
    someone = Participant.objects.create(
        conference=caribbean, full_name="Ann Other", email="ann@example.org", country=caribbean.countries.first()
    )
    room = Room.objects.create(conference=caribbean, name="Salon A")
    records = fixture_records()
    session = first(records, "agenda_sessions.session")
    records[session]["fields"].update({"panellists": [someone.pk], "facilitator": someone.pk})
    assert refusals(records) == [
        (
            session + 1,
            "agenda_sessions.session",
            [
                "facilitator: Choose a participant of this session’s conference.",
                f"panellists: it names “{someone}” of another conference, not of this file’s.",
            ],
        )
    ]
    records = fixture_records()
    breakout = first(records, "groups.breakout")
    records[breakout]["fields"]["room"] = room.pk
    assert refusals(records) == [
        (breakout + 1, "groups.breakout", ["room: Choose a room of this session’s conference."])
    ]


def test_a_breakout_naming_another_conferences_group_is_refused(caribbean):
    """The model's own check says it, and the check of related rows does not say it twice."""
    records = fixture_records()
    breakout = first(records, "groups.breakout")
    group = caribbean.breakout_groups.get(number=2)
    records[breakout]["fields"]["group"] = group.pk
    assert refusals(records)[0] == (
        breakout + 1,
        "groups.breakout",
        ["group: Choose a group of this session’s conference."],
    )
    assert Breakout.objects.filter(session__conference__slug="next").count() == 0


@pytest.mark.parametrize(
    ("model", "field", "value", "character"),
    [
        ("agenda_sessions.session", "title", "Opening\x07", "U+0007"),
        ("agenda_sessions.session", "title", "Two\nlines", "U+000A"),
        ("groups.breakout", "topic", "\u202eadnega", "U+202E"),
        ("groups.question", "text", "Why?\x00", "U+0000"),
        ("groups.question", "text", "Why\u2067?", "U+2067"),
        ("conference.thematicarea", "title", "Coordination\x85", "U+0085"),
    ],
)
def test_control_characters_and_direction_overrides_are_refused_with_the_record_named(
    db, model, field, value, character
):
    records = fixture_records()
    index = first(records, model)
    records[index]["fields"][field] = value
    refused = refusals(records)
    assert refused[0] == (
        index + 1,
        model,
        [
            f"{field}: it holds the invisible character {character} (a control character or a text-direction "
            "override); remove it."
        ],
    )


def test_line_breaks_and_tabs_are_kept_in_texts_of_several_lines(db):
    records = fixture_records()
    index = first(records, "groups.question")
    records[index]["fields"]["text"] = "First line\n\tsecond line"
    conference = load_conference(data=json.dumps(records).encode(), slug="next")
    assert (
        Breakout.objects.get(session__conference=conference, session__number=1, group__number=1)
        .questions.get(position=1)
        .text
        == "First line\n\tsecond line"
    )


@pytest.mark.parametrize(
    "data",
    [
        b"[" * 100_000,
        b"[" * 100_000 + b"]" * 100_000,
        b'[{"model": "conference.conference", "fields": {"slug": "x", "aim": ' + b"[" * 9 + b"]" * 9 + b"}}]",
    ],
)
def test_deep_nesting_is_refused_before_it_is_parsed(db, data):
    with pytest.raises(FileRefused) as refused:
        load_conference(data=data)
    assert [error.messages for error in refused.value.errors] == [
        ["The file nests lists or objects more than 8 levels deep: it is not in the fixture’s format."]
    ]


def test_brackets_inside_texts_are_not_nesting(db):
    records = fixture_records()
    records[0]["fields"]["aim"] = '[[[[[[[[[[{{{{{{{{{{ "quoted \\" [[[[[[[[['
    conference = load_conference(data=json.dumps(records).encode(), slug="next")
    assert conference.aim == records[0]["fields"]["aim"]


def test_more_records_than_an_import_takes_are_refused(db):
    with override_settings(MAX_IMPORT_RECORDS=100), pytest.raises(FileRefused) as refused:
        load_conference(data=FIXTURE_PATH.read_bytes(), slug="next")
    assert [error.messages for error in refused.value.errors] == [
        [
            "The file has 143 records; a conference from a file has at most 100 (DJANGO_MAX_IMPORT_RECORDS, which "
            "the operators can raise)."
        ]
    ]


def test_a_file_over_the_size_limit_is_refused_in_the_admin_before_it_is_read(organiser_client, caribbean):
    with override_settings(MAX_UPLOAD_BYTES=40_000):
        upload = SimpleUploadedFile("next.json", FIXTURE_PATH.read_bytes())
        response = organiser_client.post(LOAD, {"file": upload, "slug": "next"})
    assert response.status_code == 200
    assert [message.replace("\xa0", " ") for message in response.context["form"].errors["file"]] == [
        "The file has 44.3 KB; files of at most 39.1 KB are accepted."
    ]
    assert Conference.objects.filter(slug="next").exists() is False


def test_a_deeply_nested_file_is_refused_in_the_admin(organiser_client, caribbean):
    upload = SimpleUploadedFile("next.json", b"[" * 100_000)
    response = organiser_client.post(LOAD, {"file": upload, "slug": "next"})
    assert response.status_code == 200
    assert [error.messages for error in response.context["errors"]] == [
        ["The file nests lists or objects more than 8 levels deep: it is not in the fixture’s format."]
    ]


def test_a_file_from_before_contributors_still_loads_and_a_named_presenter_is_refused(caribbean):
    """Files written before a presentation had contributors give every segment a null presenter."""
    records = fixture_records()
    segments = [index for index, record in enumerate(records) if record["model"] == "agenda_sessions.segment"]
    for index in segments:
        records[index]["fields"]["presenter"] = None
    conference = load_conference(data=json.dumps(records).encode(), slug="before")
    assert Segment.objects.filter(session__conference=conference).count() == len(segments) == 38
    someone = Participant.objects.create(conference=caribbean, full_name="Someone", country=caribbean.countries.first())
    records[segments[0]]["fields"]["presenter"] = someone.pk
    [(number, model, [message])] = refusals(records, slug="after")
    assert (number, model) == (segments[0] + 1, "agenda_sessions.segment")
    assert message == "'presenter'"  # as any field the format does not have
