"""The fixture against the breakout document it was made from: every fact in it, nothing more."""

import json
import re

import pytest
from django.core.management import call_command
from django.core.serializers import serialize
from django_countries import countries

from conference.models import Conference, Country, Organisation, Participant, ThematicArea
from groups.models import Breakout, BreakoutGroup, GroupCountry, Question
from groups.reports.models import RapporteurNomination, RapporteurReport
from sessions.models import Contribution, Segment, Session
from tests import breakout_document

from .conftest import FIXTURE_PATH

pytestmark = pytest.mark.django_db


def expected_from(document):
    """What the fixture must say, derived from the document alone."""
    t = document.timings
    session_segments = (
        [("presentation", *t["presentation"])] * int(re.search(r"(\d+) contributors", " ".join(document.modalities))[1])
        + [("questions", *t["questions"]), ("breakout", *t["breakout"])]
        + [("report_back", *t["report_back"])] * len(document.groups)
        + [("discussion", *t["discussion"])]
    )
    return {
        "groups": {number: sorted(names) for number, names in document.groups.items()},
        "sessions": {
            session.number: {
                "title": session.title,
                "segments": session_segments,
                "breakouts": {
                    breakout.group: {
                        "topic": breakout.topic,
                        "thematic_label": breakout.thematic_label,
                        "questions": breakout.questions,
                    }
                    for breakout in session.breakouts
                },
            }
            for session in document.sessions
        },
    }


def found_in_fixture(records):
    """The same facts, read from the fixture file's records."""
    by_model = {}
    for record in records:
        by_model.setdefault(record["model"], []).append(record["fields"])
    country_names = {(*c["conference"], c["code"]): c["name"] for c in by_model["conference.country"]}
    groups = {}
    for place in by_model["groups.groupcountry"]:
        groups.setdefault(place["group"][1], []).append(country_names[tuple(place["country"])])
    sessions = {}
    for session in by_model["agenda_sessions.session"]:
        if session["kind"] == "breakout":
            sessions[session["number"]] = {"title": session["title"], "segments": [], "breakouts": {}}
    for segment in sorted(by_model["agenda_sessions.segment"], key=lambda s: (s["session"][1], s["position"])):
        if segment["session"][1] in sessions:
            sessions[segment["session"][1]]["segments"].append(
                (segment["kind"], segment["min_minutes"], segment["max_minutes"])
            )
    for breakout in by_model["groups.breakout"]:
        sessions[breakout["session"][1]]["breakouts"][breakout["group"][1]] = {
            "topic": breakout["topic"],
            "thematic_label": breakout["thematic_label"],
            "questions": [],
        }
    for question in sorted(by_model["groups.question"], key=lambda q: q["breakout"] + [q["position"]]):
        _slug, session, group = question["breakout"]
        sessions[session]["breakouts"][group]["questions"].append(question["text"])
    return {"groups": {number: sorted(names) for number, names in groups.items()}, "sessions": sessions}


def found_in_database(conference):
    """The same facts, read back from the database after loaddata."""
    records = json.loads(
        serialize(
            "json",
            [
                *Country.objects.filter(conference=conference),
                *GroupCountry.objects.filter(group__conference=conference),
                *Session.objects.filter(conference=conference),
                *Segment.objects.filter(session__conference=conference),
                *Breakout.objects.filter(session__conference=conference),
                *Question.objects.filter(breakout__session__conference=conference),
            ],
            use_natural_foreign_keys=True,
            use_natural_primary_keys=True,
        )
    )
    return found_in_fixture(records)


@pytest.fixture(scope="module")
def document():
    return breakout_document.read()


@pytest.fixture(scope="module")
def records():
    return json.loads(FIXTURE_PATH.read_text(encoding="utf-8"))


def test_fixture_matches_document(document, records):
    assert found_in_fixture(records) == expected_from(document)


def test_document_has_the_expected_shape(document):
    expected = expected_from(document)
    assert sorted(expected["sessions"]) == [1, 2, 3, 4]
    assert sum(len(b["questions"]) for s in expected["sessions"].values() for b in s["breakouts"].values()) == 32
    assert {n: len(names) for n, names in expected["groups"].items()} == {1: 5, 2: 5, 3: 5, 4: 5}
    assert document.timings == {
        "presentation": (15, 20),
        "questions": (15, 15),
        "breakout": (45, 45),
        "report_back": (5, 10),
        "discussion": (30, 30),
    }


def test_a_one_word_change_to_a_question_is_caught(document, records):
    changed = breakout_document.read(
        breakout_document.DOCUMENT.read_text(encoding="utf-8").replace(
            "in a timely and efficient way", "in a timely and effective way"
        )
    )
    assert changed.sessions[0].breakouts[0].questions[0] != document.sessions[0].breakouts[0].questions[0]
    assert found_in_fixture(records) != expected_from(changed)

    edited = json.loads(json.dumps(records))
    question = next(r for r in edited if r["model"] == "groups.question")
    question["fields"]["text"] = question["fields"]["text"].replace("successful", "successfull")
    assert found_in_fixture(edited) != expected_from(document)


def test_a_country_moved_to_another_group_is_caught(document, records):
    edited = json.loads(json.dumps(records))
    place = next(r for r in edited if r["model"] == "groups.groupcountry" and r["fields"]["country"][1] == "JM")
    place["fields"]["group"][1] = 2
    assert found_in_fixture(edited) != expected_from(document)


def test_thematic_areas_are_the_documents(caribbean, document):
    text = breakout_document.DOCUMENT.read_text(encoding="utf-8").lower()
    # Area 5 has no title of its own: it is session 4's title without its "(thematic 5a)" labels.
    text += re.sub(r" \(thematic \w+\)", "", text)
    areas = list(ThematicArea.objects.filter(conference=caribbean).select_related("parent"))
    assert [(a.code, a.parent.code if a.parent else None) for a in areas] == [
        ("1", None),
        ("2", None),
        ("3", None),
        ("4", None),
        ("5", None),
        ("5a", "5"),
        ("5b", "5"),
    ]
    for area in areas:
        assert area.title.lower() in text, area.code
    sessions = {s.number: sorted(a.code for a in s.thematic_areas.all()) for s in caribbean.sessions.all()}
    assert sessions == {1: ["1", "2"], 2: ["3"], 3: ["4"], 4: ["5a", "5b"], 5: []}
    # Each session's areas are the ones its title names, e.g. "(Thematic 1) and ... (Thematic 2)".
    for session in document.sessions:
        named = re.findall(r"\(thematic (\w+)\)", session.title, flags=re.IGNORECASE)
        assert sorted(named) == sessions[session.number]


def test_breakout_thematic_areas_follow_the_label(caribbean):
    labels = {
        (b.session.number, b.group.number): (b.thematic_label, sorted(a.code for a in b.thematic_areas.all()))
        for b in Breakout.objects.select_related("session", "group").prefetch_related("thematic_areas")
    }
    for (session, group), (label, codes) in labels.items():
        numbers = re.findall(r"\d[ab]?", label.replace("5a/b", "5a 5b"))
        assert codes == sorted(numbers), (session, group)
    assert labels[(1, 2)] == ("Thematic 1 and 2", ["1", "2"])
    assert labels[(4, 1)] == ("Thematic 5a/b", ["5a", "5b"])


def test_countries_have_the_right_iso_codes(caribbean):
    def words(name):
        return set(re.sub(r"[^a-z ]", " ", name.lower().replace("st. ", "saint ")).split()) - {"the"}

    for country in Country.objects.filter(conference=caribbean):
        assert words(country.name) == words(countries.name(country.code.code)), country.name
    assert Country.objects.filter(conference=caribbean).count() == 20


def test_concluding_session_and_modalities_are_the_documents(caribbean, document):
    concluding = caribbean.sessions.get(kind="concluding")
    text = " ".join(document.modalities)
    assert concluding.aim[0].lower() + concluding.aim[1:] in text
    segments = [(s.kind, s.title, s.description, s.min_minutes) for s in concluding.segments.all()]
    assert [kind for kind, *_ in segments] == ["presentation", "panel"]
    assert "presentation of the CARICOM Action Plan for the Improvement of Statistics" in text
    assert segments[0][1] == "Presentation of the CARICOM Action Plan for the Improvement of Statistics"
    assert segments[1][1].lower() in text.lower()
    assert segments[1][2] in text
    assert [minutes for *_, minutes in segments] == [None, None]
    modalities = re.sub(r"\s+", " ", caribbean.modalities.replace("\n- ", "\n"))
    for line in document.modalities:
        assert line in modalities


def test_nothing_is_invented(caribbean):
    assert (caribbean.name, caribbean.aim, caribbean.venue, caribbean.time_zone) == ("", "", "", "")
    assert (caribbean.start_date, caribbean.end_date) == (None, None)
    assert Organisation.objects.count() == 0
    assert Participant.objects.count() == 0
    assert RapporteurNomination.objects.count() == 0
    assert RapporteurReport.objects.count() == 0
    assert list(caribbean.sessions.order_by().values_list("date", "start_time").distinct()) == [(None, None)]
    assert Contribution.objects.count() == 0


def test_the_database_holds_what_the_document_says(caribbean, document):
    assert found_in_database(caribbean) == expected_from(document)
    assert BreakoutGroup.objects.filter(conference=caribbean).count() == 4
    assert Question.objects.count() == 32
    report_backs = {
        (b.session.number, b.group.number): b.report_back.position
        for b in Breakout.objects.select_related("session", "group", "report_back")
    }
    assert report_backs == {(s, g): 4 + g for s in range(1, 5) for g in range(1, 5)}


def test_loading_twice_changes_nothing(caribbean):
    def snapshot():
        models = [Conference, ThematicArea, Country, Session, Segment, BreakoutGroup, GroupCountry, Breakout, Question]
        return {model.__name__: serialize("json", model.objects.order_by("pk")) for model in models}

    first = snapshot()
    call_command("loaddata", "caribbean_conference", verbosity=0)
    assert snapshot() == first


def test_loading_beside_another_conference_leaves_it_alone(conference, make_country, make_group):
    jamaica = make_country("JM", "Jamaica", group=make_group(1))
    call_command("loaddata", "caribbean_conference", verbosity=0)
    assert Conference.objects.count() == 2
    jamaica.refresh_from_db()
    assert (jamaica.conference, jamaica.group_places.get().group.conference) == (conference, conference)
    assert Country.objects.filter(code="JM").count() == 2
