"""The per-session limits and the votes' origin, added to a database made by the schema as it was before them (live
0002) holding live settings, questions and votes: every row stays, the votes count as before, and each session
starts with the limits it had as constants."""

import pytest

from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("live", "0002_organisers_live_permissions")]


def test_the_limits_and_the_votes_origin_arrive_with_every_row_kept():
    old_apps = migrate(BEFORE)
    conference = old_apps.get_model("conference", "Conference").objects.create(slug="old", region="Old")
    session = old_apps.get_model("agenda_sessions", "Session").objects.create(
        conference=conference, number=1, title="Session 1"
    )
    old_apps.get_model("live", "LiveSession").objects.create(session=session, needs_approval=False)
    question_model = old_apps.get_model("live", "AudienceQuestion")
    voted = question_model.objects.create(session=session, text="Voted?", status="approved")
    question_model.objects.create(session=session, text="Not voted?", status="approved")
    for n in range(3):
        old_apps.get_model("live", "Vote").objects.create(question=voted, device=f"{n:032x}")

    migrate(latest())
    from groups.live.models import AudienceQuestion, LiveSession, Vote

    live = LiveSession.objects.get()
    assert (
        live.needs_approval,
        live.new_phones_per_minute,
        live.votes_per_address,
        live.questions_per_address,
    ) == (False, 60, 3000, 600)
    assert list(Vote.objects.values_list("device", "address", "discounted")) == [
        (f"{n:032x}", "", False) for n in range(3)
    ]
    counts = AudienceQuestion.objects.with_votes().order_by("pk").values_list("text", "vote_count")
    assert list(counts) == [("Voted?", 3), ("Not voted?", 0)]


def test_the_notes_links_arrive_and_the_groups_points_stay_behind_them():
    """Live 0004 adds the groups' notes links: none is made by the migration (a room card or the breakout screen makes
    a group's the first time it shows it); the points noted before stay, hidden ones hidden, and open through it."""
    before = [("live", "0003_vote_origins_and_session_limits")]
    old_apps = migrate([node for node in latest() if node[0] not in ("live", "reports")] + before)
    conference = old_apps.get_model("conference", "Conference").objects.create(slug="old", region="Old")
    session = old_apps.get_model("agenda_sessions", "Session").objects.create(
        conference=conference, number=1, title="Session 1"
    )
    group = old_apps.get_model("groups", "BreakoutGroup").objects.create(conference=conference, number=1, name="G1")
    breakout = old_apps.get_model("groups", "Breakout").objects.create(session=session, group=group, topic="Topic")
    question = old_apps.get_model("groups", "Question").objects.create(breakout=breakout, position=1, text="Why?")
    point_model = old_apps.get_model("live", "BreakoutPoint")
    point_model.objects.create(question=question, text="Kept", author="Ann")
    point_model.objects.create(question=question, text="Hidden before", hidden_at="2026-01-01T00:00:00Z")

    migrate(latest())
    from django.test import Client

    from groups.live import services
    from groups.live.models import BreakoutPoint, NotesLink
    from groups.models import Breakout

    assert NotesLink.objects.count() == 0
    assert [(point.text, point.hidden_at is None) for point in BreakoutPoint.objects.order_by("pk")] == [
        ("Kept", True),
        ("Hidden before", False),
    ]
    link = services.notes_link(breakout=Breakout.objects.get())
    page = Client().get(f"/notes/{link.token}/").content.decode()
    assert ("Kept" in page, "Hidden before" in page) == (True, False)
