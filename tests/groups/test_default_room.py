"""A group's default room: every breakout of the group meets there unless the breakout names its own room."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from conference.models import Conference
from groups.models import Breakout, BreakoutGroup
from sessions import exports
from sessions.models import Room


@pytest.fixture
def rooms(caribbean):
    return {
        code: Room.objects.create(conference=caribbean, code=code, name=name)
        for code, name in [("salon-a", "Salon A"), ("salon-b", "Salon B")]
    }


def test_breakouts_meet_in_their_groups_default_room_unless_they_name_another(caribbean, rooms):
    BreakoutGroup.objects.filter(conference=caribbean, number=1).update(default_room=rooms["salon-a"])
    Breakout.objects.filter(session__number=2, group__number=1).update(room=rooms["salon-b"])
    breakouts = Breakout.objects.filter(group__number=1).with_room().order_by("session__number")
    assert [(b.session.number, str(b.effective_room)) for b in breakouts] == [
        (1, "Salon A"),
        (2, "Salon B"),
        (3, "Salon A"),
        (4, "Salon A"),
    ]
    other_group = Breakout.objects.with_room().get(session__number=1, group__number=2)
    assert other_group.effective_room is None


def test_the_session_page_shows_the_default_room(client, caribbean, rooms):
    BreakoutGroup.objects.filter(conference=caribbean).update(default_room=rooms["salon-a"])
    Breakout.objects.filter(session__number=1, group__number=4).update(room=rooms["salon-b"])
    page = client.get(reverse("pages:session", kwargs={"conference": "caribbean", "number": 1})).content.decode()
    assert page.count("Breakout room: <strong>Salon A</strong>") == 3
    assert page.count("Breakout room: <strong>Salon B</strong>") == 1


def test_the_group_calendar_names_the_default_room(caribbean, rooms):
    BreakoutGroup.objects.filter(conference=caribbean, number=3).update(default_room=rooms["salon-b"])
    breakout = Breakout.objects.with_room().prefetch_related("questions").get(session__number=1, group__number=3)
    assert exports._breakout_text(breakout).splitlines()[1] == "Breakout room: Salon B"


def test_a_default_room_of_another_conference_is_refused(caribbean):
    elsewhere = Room.objects.create(conference=Conference.objects.create(slug="other"), code="hall", name="Hall")
    group = BreakoutGroup.objects.get(conference=caribbean, number=1)
    group.default_room = elsewhere
    with pytest.raises(ValidationError) as error:
        group.full_clean()
    assert error.value.message_dict == {"default_room": ["Choose a room of this group’s conference."]}


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_breakouts_room_and_leaves_groups_without_a_default():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    before = [("groups", "0012_signup_organisations")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    conference = apps.get_model("conference", "Conference").objects.create(slug="old", region="Old")
    room = apps.get_model("agenda_sessions", "Room").objects.create(conference=conference, code="a", name="A")
    session = apps.get_model("agenda_sessions", "Session").objects.create(conference=conference, number=1, title="S")
    group = apps.get_model("groups", "BreakoutGroup").objects.create(conference=conference, number=1)
    apps.get_model("groups", "Breakout").objects.create(session=session, group=group, topic="T", room=room)
    try:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(latest)
        breakout = Breakout.objects.with_room().get(session__conference__slug="old")
        assert (breakout.room.code, breakout.group.default_room, breakout.effective_room.code) == ("a", None, "a")
    finally:
        MigrationExecutor(connection).migrate(latest)
