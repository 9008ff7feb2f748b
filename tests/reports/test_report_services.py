"""Saving, merging, conflicting, submitting, publishing and restoring reports through groups.reports.services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from conference.links import LinkState
from groups.models import Question
from groups.reports import services
from groups.reports.content import ReportContent, answer_key
from groups.reports.models import (
    RapporteurAnswer,
    RapporteurNomination,
    RapporteurReport,
    RapporteurReportRevision,
    ReportStatus,
    RevisionAction,
)
from tests.conftest import report_content

pytestmark = pytest.mark.django_db


def fresh(report):
    return RapporteurReport.objects.with_content().get(pk=report.pk)


def save(breakout, by, base, submit=False, **fields):
    """Save the breakout's report from version `base` with the given fields (first, second, conclusions, actions)."""
    report = fresh(breakout.report)
    return services.save_report(
        report=report, content=report_content(breakout, **fields), base_version=base, by=by, submit=submit
    )


def test_nominating_gives_a_private_link_and_an_empty_draft(nomination, breakout_1_1):
    assert len(nomination.token) == 43
    assert nomination.link_state() == LinkState.ACTIVE
    report = breakout_1_1.report
    assert (report.status, report.version, report.conclusions, report.actions) == (ReportStatus.DRAFT, 0, "", "")


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
    result = save(breakout_1_1, nomination, 0, first="A1", second="A2", conclusions="Concl", actions="- Act")
    saved = result.report
    assert (result.changed, result.theirs) == (True, ())
    assert (saved.version, saved.status, saved.conclusions, saved.actions) == (1, ReportStatus.DRAFT, "Concl", "- Act")
    assert [text for _question, text in saved.answered_questions()] == ["A1", "A2"]
    revision = saved.revisions.get()
    assert (revision.version, revision.action, revision.status, revision.saved_by, revision.nomination) == (
        1,
        RevisionAction.SAVED,
        ReportStatus.DRAFT,
        "Ann Example",
        nomination,
    )
    q1, q2 = breakout_1_1.questions.all()
    assert revision.content == {
        "answers": {str(q1.pk): "A1", str(q2.pk): "A2"},
        "conclusions": "Concl",
        "actions": "- Act",
    }
    assert revision.report_content == saved.content


# The merge matrix: a laptop and a phone both start from version 1, where every field says "base". The laptop saves
# first ("theirs", version 2) and always changes one bystander field; the phone ("mine") then saves from version 1 and
# always changes another bystander. The field under test is left alone, or changed by one side, or by both alike, or
# by both differently.
FIELDS = ["first", "second", "conclusions", "actions"]
CASES = {
    # case: (laptop's text, phone's text) for the field under test; None leaves it alone
    "unchanged": (None, None),
    "mine": (None, "phone"),
    "theirs": ("laptop", None),
    "both the same": ("alike", "alike"),
    "both different": ("laptop", "phone"),
}


def key_of(breakout, name):
    q1, q2 = breakout.questions.all()
    return {"first": answer_key(q1.pk), "second": answer_key(q2.pk)}.get(name, name)


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("name", FIELDS)
def test_merge_matrix(nomination, breakout_1_1, name, case):
    others = [field for field in FIELDS if field != name]
    theirs_bystander, mine_bystander = others[0], others[1]
    base = dict.fromkeys(FIELDS, "base")
    save(breakout_1_1, nomination, 0, **base)
    laptop, phone = CASES[case]
    theirs = {**base, theirs_bystander: "laptop bystander"}
    mine = {**base, mine_bystander: "phone bystander"}
    if laptop is not None:
        theirs[name] = laptop
    if phone is not None:
        mine[name] = phone
    save(breakout_1_1, nomination, 1, **theirs)

    if case == "both different":
        with pytest.raises(services.ReportConflict) as error:
            save(breakout_1_1, nomination, 1, **mine)
        conflict = error.value
        assert conflict.merge.conflicts == {key_of(breakout_1_1, name): ("phone", "laptop")}
        assert conflict.merge.theirs == (key_of(breakout_1_1, theirs_bystander),)
        assert conflict.merge.content[key_of(breakout_1_1, mine_bystander)] == "phone bystander"
        assert [revision.version for revision in conflict.others] == [2]
        report = fresh(breakout_1_1.report)
        assert (report.version, report.content[key_of(breakout_1_1, name)]) == (2, "laptop")
        assert report.revisions.count() == 2  # nothing written
        return

    result = save(breakout_1_1, nomination, 1, **mine)
    expected_field = {"unchanged": "base", "mine": "phone", "theirs": "laptop", "both the same": "alike"}[case]
    stored = result.report.content
    assert stored[key_of(breakout_1_1, name)] == expected_field
    assert stored[key_of(breakout_1_1, theirs_bystander)] == "laptop bystander"
    assert stored[key_of(breakout_1_1, mine_bystander)] == "phone bystander"
    taken = {key_of(breakout_1_1, theirs_bystander)}
    if case == "theirs":
        taken.add(key_of(breakout_1_1, name))
    assert (result.changed, set(result.theirs), result.report.version) == (True, taken, 3)
    assert list(result.report.revisions.values_list("version", flat=True)) == [3, 2, 1]


def test_a_stale_save_that_changes_nothing_of_its_own_writes_nothing(nomination, breakout_1_1):
    save(breakout_1_1, nomination, 0, conclusions="First")
    save(breakout_1_1, nomination, 1, conclusions="Second")
    result = save(breakout_1_1, nomination, 1, conclusions="First")
    assert (result.changed, result.theirs, result.report.version) == (False, ("conclusions",), 2)
    assert fresh(breakout_1_1.report).conclusions == "Second"


def test_stale_save_of_the_very_same_text_is_not_a_conflict(nomination, breakout_1_1):
    save(breakout_1_1, nomination, 0, conclusions="Same")
    submitted = save(breakout_1_1, nomination, 0, submit=True, conclusions="Same").report
    assert (submitted.version, submitted.status) == (2, ReportStatus.SUBMITTED)


def test_saving_an_unchanged_draft_writes_nothing(nomination, breakout_1_1):
    saved = save(breakout_1_1, nomination, 0, submit=True, conclusions="Text").report
    again = save(breakout_1_1, nomination, 1, conclusions="Text")
    assert (again.changed, again.report.version, again.report.status) == (False, 1, ReportStatus.SUBMITTED)
    assert saved.revisions.count() == 1


def test_a_field_typed_into_while_a_merge_ran_merges_from_its_own_version(nomination, breakout_1_1):
    """The page's script names, for such a field, the version its text started from (field_versions)."""
    save(breakout_1_1, nomination, 0, conclusions="v1")  # version 1
    save(breakout_1_1, nomination, 1, conclusions="laptop")  # version 2, from the laptop
    report = fresh(breakout_1_1.report)
    mine = report_content(breakout_1_1, conclusions="phone, typed over v1")
    with pytest.raises(services.ReportConflict) as error:
        services.save_report(
            report=report, content=mine, base_version=2, field_versions={"conclusions": 1}, by=nomination
        )
    assert error.value.merge.conflicts == {"conclusions": ("phone, typed over v1", "laptop")}


def test_keeping_theirs_after_a_conflict_keeps_the_other_text(nomination, breakout_1_1):
    save(breakout_1_1, nomination, 0, conclusions="v1", actions="- a")
    save(breakout_1_1, nomination, 1, conclusions="laptop", actions="- a")
    report = fresh(breakout_1_1.report)
    mine = report_content(breakout_1_1, conclusions="phone", actions="- b")
    result = services.save_report(
        report=report, content=mine, base_version=2, keep_theirs=["conclusions"], by=nomination
    )
    assert (result.report.conclusions, result.report.actions) == ("laptop", "- b")


def test_submit_then_amend_then_publish_locks_it_for_the_rapporteur(nomination, breakout_1_1, organiser):
    report = save(breakout_1_1, nomination, 0, submit=True, conclusions="v1").report
    assert (report.status, report.submitted_at is not None) == (ReportStatus.SUBMITTED, True)
    report = save(breakout_1_1, nomination, 1, submit=True, conclusions="v2").report
    assert (report.version, report.conclusions) == (2, "v2")
    assert services.publish_reports(reports=RapporteurReport.objects.all(), by=organiser) == 1
    with pytest.raises(services.ReportLocked):
        save(breakout_1_1, nomination, 2, conclusions="v3")
    edited = save(breakout_1_1, organiser, 2, conclusions="v3").report
    assert (edited.status, edited.conclusions, edited.version) == (ReportStatus.PUBLISHED, "v3", 3)
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
    save(breakout_1_1, nomination, 0, first="old answer", conclusions="old")
    old = RapporteurReportRevision.objects.get()
    save(breakout_1_1, nomination, 1, first="new answer", conclusions="new")
    restored = services.restore_revision(revision=old, by=organiser).report
    assert (restored.version, restored.conclusions) == (3, "old")
    assert [text for _q, text in restored.answered_questions()] == ["old answer", ""]
    assert [
        (action, content["conclusions"]) for action, content in restored.revisions.values_list("action", "content")
    ] == [("restored", "old"), ("saved", "new"), ("saved", "old")]


def test_restore_matches_answers_to_questions_not_positions(nomination, breakout_1_1, organiser):
    """Scenario 3: restoring after the questions were reordered put answers under the wrong questions."""
    q1, q2 = breakout_1_1.questions.all()
    save(breakout_1_1, nomination, 0, first="About the strategy", second="About the themes")
    old = RapporteurReportRevision.objects.get()
    save(breakout_1_1, nomination, 1, first="", second="")
    Question.objects.filter(pk=q1.pk).update(position=3)
    Question.objects.filter(pk=q2.pk).update(position=1)
    Question.objects.filter(pk=q1.pk).update(position=2)
    restored = services.restore_revision(revision=old, by=organiser).report
    assert [(question.pk, text) for question, text in restored.answered_questions()] == [
        (q2.pk, "About the themes"),
        (q1.pk, "About the strategy"),
    ]


def test_text_for_a_question_retired_since_is_refused_and_handed_back(nomination, breakout_1_1):
    """Scenario 2 at the service: the save names the question it wrote to, which is gone from the form."""
    q1, _q2 = breakout_1_1.questions.all()
    save(breakout_1_1, nomination, 0, first="Kept")
    Question.objects.filter(pk=q1.pk).update(retired=True)
    with pytest.raises(services.QuestionsRemoved) as error:
        save(breakout_1_1, nomination, 1, first="Typed after it was retired", conclusions="C")
    assert error.value.texts == {answer_key(q1.pk): "Typed after it was retired"}
    report = fresh(breakout_1_1.report)
    assert (report.version, report.conclusions, report.content.answer(q1.pk)) == (1, "", "Kept")
    # A blank answer to the retired question is no text to lose: the save goes through.
    assert save(breakout_1_1, nomination, 1, first="", conclusions="C").report.version == 2
    assert fresh(breakout_1_1.report).content.answer(q1.pk) == "Kept"


def test_an_answered_question_cannot_be_deleted_only_retired(nomination, breakout_1_1):
    from django.db.models import RestrictedError

    q1, _q2 = breakout_1_1.questions.all()
    save(breakout_1_1, nomination, 0, first="An answer")
    with pytest.raises(RestrictedError):
        q1.delete()
    q1.retired = True
    q1.save()
    report = fresh(breakout_1_1.report)
    assert [(question.pk, text) for question, text in report.answered_questions()] == [
        (q1.pk, "An answer"),
        (_q2.pk, ""),
    ]
    assert RapporteurAnswer.objects.filter(question=q1).count() == 1


def test_deleting_a_breakout_still_takes_its_report_along(nomination, breakout_1_1):
    save(breakout_1_1, nomination, 0, first="An answer")
    breakout_1_1.delete()
    assert (RapporteurReport.objects.count(), RapporteurAnswer.objects.count()) == (0, 0)


def test_length_limits_are_checked_by_the_service_too(nomination, breakout_1_1):
    with pytest.raises(ValidationError) as error:
        save(breakout_1_1, nomination, 0, actions="x" * 4001)
    assert error.value.message_dict == {
        "actions": ["This is limited to 4000 characters and has 4001: shorten it by 1 character."]
    }
    assert fresh(breakout_1_1.report).version == 0


def test_content_value_conversions():
    content = ReportContent({"answer_7": "Seven", "answer_8": ""}, conclusions="C")
    assert list(content.items()) == [("answer_7", "Seven"), ("answer_8", ""), ("conclusions", "C"), ("actions", "")]
    assert content.to_json() == {"answers": {"7": "Seven"}, "conclusions": "C", "actions": ""}
    assert ReportContent.from_json(content.to_json()) == content  # a blank answer and no answer say the same
    assert (content["answer_99"], content.answer(7), content.conclusions) == ("", "Seven", "C")
    assert content.replace({"actions": "- A"}).actions == "- A"
    with pytest.raises(ValueError, match="'text' is not a field of a report"):
        ReportContent({"text": "old name"})
