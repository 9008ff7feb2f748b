"""The durability run's logic (benchmarks/durability.py) on a small scale.

The checker is tested on any database with histories made by hand, including wrong ones it must catch; the run itself
(concurrent saves over HTTP) needs PostgreSQL's row locks and concurrent connections, as in test_report_concurrency.
"""

import pytest
from django.db import connection

from benchmarks import durability
from groups import services
from groups.models import RapporteurNomination, RapporteurReport

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def saves(caribbean):
    """One save on a report of its own (save 1), two from the same version on another (saves 2 and 3)."""
    return durability.plan(conference=caribbean, distinct=1, contested=1, per_report=2)


def write(save, *, base_version=None):
    """Apply a save as the server does (through save_report), from its own base version unless told otherwise."""
    report = RapporteurReport.objects.with_content().get(pk=save.report_id)
    data = {
        "answers": dict(zip(save.question_ids, save.answers, strict=True)),
        "text": save.text,
        "actions": save.actions,
    }
    by = RapporteurNomination.objects.get(token=save.token)
    version = save.base_version if base_version is None else base_version
    return services.save_report(report=report, data=data, base_version=version, by=by)


def told(save, outcome, version=None):
    save.outcome, save.answered_version = outcome, version


def test_plan_nominates_rapporteurs_and_mixes_the_two_ways_of_saving(saves):
    assert [(s.number, s.wave, s.via, s.base_version) for s in saves] == [
        (1, 1, "autosave", 0),
        (2, 1, "form", 0),
        (3, 1, "autosave", 0),
    ]
    assert saves[1].report_id == saves[2].report_id != saves[0].report_id
    assert RapporteurNomination.objects.filter(token__in=[s.token for s in saves]).count() == 2


def test_a_faithful_history_passes(saves):
    first, winner, refused = saves
    told(first, durability.ACCEPTED, write(first).version)
    told(winner, durability.ACCEPTED)  # the form's redirect gives no version
    write(winner)
    told(refused, durability.CONFLICT, 1)
    retry = durability.retries(saves, 4)
    assert [(s.number, s.wave, s.report_id, s.base_version) for s in retry] == [(4, 2, refused.report_id, 1)]
    told(retry[0], durability.ACCEPTED, write(retry[0]).version)
    assert durability.verify([*saves, *retry]) == ({"accepted": 3, "conflict": 1, "other": 0, "revisions": 3}, [])


def test_a_save_told_saved_but_missing_is_lost(saves):
    first, winner, refused = saves
    told(first, durability.ACCEPTED, write(first).version)
    told(winner, durability.ACCEPTED)
    write(winner)
    told(refused, durability.ACCEPTED)
    counts, problems = durability.verify(saves)
    assert counts == {"accepted": 3, "conflict": 0, "other": 0, "revisions": 2}
    assert problems == [
        "accepted save 3 is in the revision history 0 times",
        "3 revisions expected, one per accepted save; found 2",
    ]


def test_a_save_that_overwrote_one_it_had_not_seen_is_caught(saves):
    first, winner, loser = saves
    told(first, durability.ACCEPTED, write(first).version)
    told(winner, durability.ACCEPTED)
    write(winner)
    told(loser, durability.ACCEPTED, write(loser, base_version=1).version)  # as if the version check were missing
    counts, problems = durability.verify(saves)
    assert counts == {"accepted": 3, "conflict": 0, "other": 0, "revisions": 3}
    assert problems == [
        "accepted save 3 was based on version 0 but saved as version 2: it overwrote a save it had not seen"
    ]


def test_a_refused_save_that_was_written_is_caught(saves):
    first, winner, refused = saves
    told(first, durability.ACCEPTED, write(first).version)
    told(winner, durability.ACCEPTED)
    write(winner)
    told(refused, durability.CONFLICT, 1)
    write(refused, base_version=1)
    _counts, problems = durability.verify(saves)
    assert problems == [
        "save 3 was refused (conflict) but written",
        f"report {refused.report_id} version 2 was written by no accepted save",
        f"report {refused.report_id} does not hold its latest accepted save (2)",
        "2 revisions expected, one per accepted save; found 3",
    ]


def test_any_other_answer_is_a_failure(saves):
    first, winner, refused = saves
    told(first, durability.ACCEPTED, write(first).version)
    told(winner, durability.ACCEPTED)
    write(winner)
    refused.outcome, refused.detail = durability.OTHER, "500 b'Server Error'"
    counts, problems = durability.verify(saves)
    assert counts["other"] == 1
    assert problems == ["save 3 (autosave) got neither saved nor conflict: 500 b'Server Error'"]


def test_concurrent_saves_over_http_lose_nothing(caribbean, live_server):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent connections")
    wave_1 = durability.plan(conference=caribbean, distinct=2, contested=2, per_report=3)
    durability.fire(live_server.url, wave_1)
    wave_2 = durability.retries(wave_1, len(wave_1) + 1)
    durability.fire(live_server.url, wave_2)
    counts, problems = durability.verify(wave_1 + wave_2)
    assert problems == []
    # Wave 1: both lone saves and one of three on each contested report; wave 2: one of the two retries on each.
    assert counts == {"accepted": 2 + 2 + 2, "conflict": 4 + 2, "other": 0, "revisions": 6}
