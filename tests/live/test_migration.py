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
