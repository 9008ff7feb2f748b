"""The durability run's logic (benchmarks/durability.py) on a small scale.

The checker is tested on any database with histories made through the services, including wrong ones it must catch;
the run itself (concurrent saves over HTTP) needs PostgreSQL's row locks and concurrent connections.
"""

import pytest
from django.db import connection

from benchmarks import durability
from groups.reports import services
from groups.reports.content import ReportContent
from groups.reports.models import RapporteurNomination, RapporteurReport

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def saves(caribbean):
    """Save 1 alone on a report; saves 2–5 one per field of another report; saves 6 and 7 both write the main
    conclusions of a third, all from version 0."""
    return durability.plan(conference=caribbean, distinct=1, spread=1, contested=1, per_report=2)


def write(save, *, base_version=None):
    """Apply a save as the server does (through save_report), from its own base version unless told otherwise."""
    report = RapporteurReport.objects.with_content().get(pk=save.report_id)
    by = RapporteurNomination.objects.get(token=save.token)
    version = save.base_version if base_version is None else base_version
    return services.save_report(report=report, content=ReportContent(save.fields), base_version=version, by=by)


def accept(save, **kwargs):
    save.outcome, save.answered_version = durability.ACCEPTED, write(save, **kwargs).report.version


def test_plan_nominates_rapporteurs_and_mixes_fields_and_ways_of_saving(saves):
    keys = durability.field_keys(RapporteurReport.objects.get(pk=saves[0].report_id).breakout)
    assert [(s.number, s.kind, s.via, s.base_version, s.touched) for s in saves[:1]] == [
        (1, "distinct", "autosave", 0, keys)
    ]
    spread_keys = durability.field_keys(RapporteurReport.objects.get(pk=saves[1].report_id).breakout)
    assert [(s.kind, s.touched) for s in saves[1:5]] == [("spread", [key]) for key in spread_keys]
    assert [(s.kind, s.touched, s.via) for s in saves[5:]] == [
        ("contested", ["conclusions"], "form"),
        ("contested", ["conclusions"], "autosave"),
    ]
    assert len({s.report_id for s in saves}) == 3
    assert RapporteurNomination.objects.filter(token__in=[s.token for s in saves]).count() == 3


def test_a_faithful_history_passes(saves):
    for save in saves[:6]:
        accept(save)  # saves 2–5 each merge with the ones before them
    refused = saves[6]
    with pytest.raises(services.ReportConflict):
        write(refused)
    refused.outcome, refused.answered_version = durability.CONFLICT, 1
    retry = durability.retries(saves, 8)
    assert [(s.number, s.wave, s.report_id, s.base_version) for s in retry] == [(8, 2, refused.report_id, 1)]
    assert retry[0].base["conclusions"] == saves[5].text("conclusions")
    accept(retry[0])
    assert durability.verify([*saves, *retry]) == ({"accepted": 7, "conflict": 1, "other": 0, "revisions": 7}, [])


def test_a_save_told_saved_but_missing_is_lost(saves):
    for save in saves[:6]:
        accept(save)
    saves[6].outcome = durability.ACCEPTED
    counts, problems = durability.verify(saves)
    assert counts == {"accepted": 7, "conflict": 0, "other": 0, "revisions": 6}
    assert problems == [
        "accepted save 7 brought its text in 0 times",
        "7 revisions expected, one per accepted save; found 6",
    ]


def test_a_save_that_overwrote_a_text_it_had_not_seen_is_caught(saves):
    for save in saves[:6]:
        accept(save)
    accept(saves[6], base_version=1)  # as if the merge had not seen save 6's conclusions
    counts, problems = durability.verify(saves)
    assert counts == {"accepted": 7, "conflict": 0, "other": 0, "revisions": 7}
    assert problems == ["accepted save 7 wrote conclusions over a text it had not seen (version 1)"]


def test_a_refused_save_that_was_written_is_caught(saves):
    for save in saves[:6]:
        accept(save)
    saves[6].outcome, saves[6].answered_version = durability.CONFLICT, 1
    write(saves[6], base_version=1)
    _counts, problems = durability.verify(saves)
    assert problems == [
        "save 7 was refused (conflict) but written",
        f"report {saves[6].report_id} version 2 was written by no accepted save",
        f"report {saves[6].report_id}: conclusions does not hold its last accepted text (save 6)",
        "6 revisions expected, one per accepted save; found 7",
    ]


def test_any_other_answer_is_a_failure(saves):
    for save in saves[:6]:
        accept(save)
    saves[6].outcome, saves[6].detail = durability.OTHER, "500 b'Server Error'"
    counts, problems = durability.verify(saves)
    assert counts["other"] == 1
    assert problems == ["save 7 (autosave) got neither saved nor conflict: 500 b'Server Error'"]


def test_concurrent_saves_over_http_merge_or_conflict_and_lose_nothing(caribbean, live_server):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and concurrent connections")
    wave_1 = durability.plan(conference=caribbean, distinct=2, spread=2, contested=2, per_report=3)
    durability.fire(live_server.url, wave_1)
    wave_2 = durability.retries(wave_1, len(wave_1) + 1)
    durability.fire(live_server.url, wave_2)
    counts, problems = durability.verify(wave_1 + wave_2)
    assert problems == []
    assert [s.outcome for s in wave_1 if s.kind == "spread"] == [durability.ACCEPTED] * 8
    # Wave 1: both lone saves, all 8 spread ones and one of three on each contested report; wave 2: one of the two
    # retries on each contested report.
    assert counts == {"accepted": 2 + 8 + 2 + 2, "conflict": 4 + 2, "other": 0, "revisions": 14}
