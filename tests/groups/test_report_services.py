"""Saving, conflicting, submitting, publishing and restoring reports through groups.services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from groups import services
from groups.models import (
    LinkState,
    RapporteurNomination,
    RapporteurReport,
    RapporteurReportRevision,
    ReportStatus,
    RevisionAction,
)

pytestmark = pytest.mark.django_db


def content(breakout, first="", second="", text="", actions=""):
    q1, q2 = breakout.questions.all()
    return {"answers": {q1.pk: first, q2.pk: second}, "text": text, "actions": actions}


def fresh(report):
    return RapporteurReport.objects.with_content().get(pk=report.pk)


def test_nominating_gives_a_private_link_and_an_empty_draft(nomination, breakout_1_1):
    assert len(nomination.token) == 43
    assert nomination.link_state() == LinkState.ACTIVE
    report = breakout_1_1.report
    assert (report.status, report.version, report.text, report.actions) == (ReportStatus.DRAFT, 0, "", "")


def test_each_nomination_gets_its_own_key(nomination, breakout_1_1, ann):
    services.revoke_nominations(nominations=RapporteurNomination.objects.all())
    second = services.nominate_rapporteur(breakout=breakout_1_1, participant=ann)
    assert second.token != nomination.token


def test_nominating_refuses_a_second_rapporteur_unless_replacing(nomination, breakout_1_1, ann):
    with pytest.raises(ValidationError) as error:
        services.nominate_rapporteur(breakout=breakout_1_1, participant=ann)
    assert error.value.messages == [
        "This breakout already has a rapporteur. Revoke that nomination before naming another."
    ]
    second = services.nominate_rapporteur(breakout=breakout_1_1, participant=ann, replace=True)
    nomination.refresh_from_db()
    assert (nomination.link_state(), second.link_state()) == (LinkState.REVOKED, LinkState.ACTIVE)


def test_link_expires_the_day_after_the_conference_in_its_time_zone(nomination, caribbean):
    assert nomination.expires_at is None
    caribbean.end_date = datetime.date(2030, 5, 3)
    caribbean.time_zone = "America/Port_of_Spain"
    caribbean.save()
    nomination = RapporteurNomination.objects.select_related("breakout__session__conference").get()
    assert nomination.expires_at.isoformat() == "2030-05-04T00:00:00-04:00"
    before = datetime.datetime(2030, 5, 4, 3, 59, tzinfo=datetime.UTC)
    assert nomination.link_state(now=before) == LinkState.ACTIVE
    assert nomination.link_state(now=before + datetime.timedelta(minutes=1)) == LinkState.EXPIRED


def test_save_makes_a_version_and_a_full_revision(nomination, breakout_1_1):
    report = fresh(breakout_1_1.report)
    saved = services.save_report(
        report=report, data=content(breakout_1_1, "A1", "A2", "Concl", "- Act"), base_version=0, by=nomination
    )
    assert (saved.version, saved.status, saved.text, saved.actions) == (1, ReportStatus.DRAFT, "Concl", "- Act")
    assert [text for _question, text in saved.answered_questions()] == ["A1", "A2"]
    revision = saved.revisions.get()
    assert (revision.version, revision.action, revision.status, revision.saved_by, revision.nomination) == (
        1,
        RevisionAction.SAVED,
        ReportStatus.DRAFT,
        "Ann Example",
        nomination,
    )
    assert [(a["position"], a["text"]) for a in revision.answers] == [(1, "A1"), (2, "A2")]


def test_second_save_from_a_stale_copy_is_refused_and_nothing_is_overwritten(nomination, breakout_1_1):
    report = fresh(breakout_1_1.report)
    services.save_report(report=report, data=content(breakout_1_1, text="First"), base_version=0, by=nomination)
    with pytest.raises(services.ReportConflict) as error:
        services.save_report(report=report, data=content(breakout_1_1, text="Second"), base_version=0, by=nomination)
    assert (error.value.current.version, error.value.current.text) == (1, "First")
    assert (fresh(report).text, fresh(report).version) == ("First", 1)
    assert RapporteurReportRevision.objects.count() == 1


def test_stale_save_of_the_very_same_text_is_not_a_conflict(nomination, breakout_1_1):
    report = fresh(breakout_1_1.report)
    data = content(breakout_1_1, text="Same")
    services.save_report(report=report, data=data, base_version=0, by=nomination)
    submitted = services.save_report(report=report, data=data, base_version=0, by=nomination, submit=True)
    assert (submitted.version, submitted.status) == (2, ReportStatus.SUBMITTED)


def test_saving_an_unchanged_draft_writes_nothing(nomination, breakout_1_1):
    report = fresh(breakout_1_1.report)
    data = content(breakout_1_1, text="Text")
    saved = services.save_report(report=report, data=data, base_version=0, by=nomination, submit=True)
    again = services.save_report(report=saved, data=data, base_version=1, by=nomination)
    assert (again.version, again.status, saved.revisions.count()) == (1, ReportStatus.SUBMITTED, 1)


def test_submit_then_amend_then_publish_locks_it_for_the_rapporteur(nomination, breakout_1_1, organiser):
    report = fresh(breakout_1_1.report)
    report = services.save_report(
        report=report, data=content(breakout_1_1, text="v1"), base_version=0, by=nomination, submit=True
    )
    assert (report.status, report.submitted_at is not None) == (ReportStatus.SUBMITTED, True)
    report = services.save_report(
        report=report, data=content(breakout_1_1, text="v2"), base_version=1, by=nomination, submit=True
    )
    assert (report.version, report.text) == (2, "v2")
    assert services.publish_reports(reports=RapporteurReport.objects.all(), by=organiser) == 1
    with pytest.raises(services.ReportLocked):
        services.save_report(report=report, data=content(breakout_1_1, text="v3"), base_version=2, by=nomination)
    edited = services.save_report(report=report, data=content(breakout_1_1, text="v3"), base_version=2, by=organiser)
    assert (edited.status, edited.text, edited.version) == (ReportStatus.PUBLISHED, "v3", 3)
    assert list(edited.revisions.values_list("action", "version", "saved_by")) == [
        ("edited", 3, "org"),
        ("published", 2, "org"),
        ("submitted", 2, "Ann Example"),
        ("submitted", 1, "Ann Example"),
    ]


def test_publish_and_unpublish_count_only_changes_and_keep_history(nomination, breakout_1_1, organiser):
    reports = RapporteurReport.objects.all()
    assert services.publish_reports(reports=reports, by=organiser) == 1
    first_time = reports.get().published_at
    assert services.publish_reports(reports=reports, by=organiser) == 0
    assert reports.get().published_at == first_time
    assert services.unpublish_reports(reports=reports, by=organiser) == 1
    assert services.unpublish_reports(reports=reports, by=organiser) == 0
    assert list(reports.get().revisions.values_list("action", flat=True)) == ["unpublished", "published"]


def test_restore_makes_a_new_version_with_the_old_text(nomination, breakout_1_1, organiser):
    report = fresh(breakout_1_1.report)
    report = services.save_report(
        report=report, data=content(breakout_1_1, "old answer", "", "old"), base_version=0, by=nomination
    )
    old = report.revisions.get()
    report = services.save_report(
        report=report, data=content(breakout_1_1, "new answer", "", "new"), base_version=1, by=nomination
    )
    restored = services.restore_revision(revision=old, by=organiser)
    assert (restored.version, restored.text) == (3, "old")
    assert [text for _q, text in restored.answered_questions()] == ["old answer", ""]
    assert list(restored.revisions.values_list("action", "text")) == [
        ("restored", "old"),
        ("saved", "new"),
        ("saved", "old"),
    ]


def test_length_limits_are_checked_by_the_service_too(nomination, breakout_1_1):
    report = fresh(breakout_1_1.report)
    with pytest.raises(ValidationError) as error:
        services.save_report(
            report=report, data=content(breakout_1_1, actions="x" * 4001), base_version=0, by=nomination
        )
    assert error.value.message_dict == {
        "actions": ["This is limited to 4000 characters and has 4001: shorten it by 1 character."]
    }
    assert fresh(report).version == 0
