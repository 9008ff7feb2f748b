"""The move of the report workflow into its own app, tested on a database made by the schema as it was before it
(groups 0004, conference 0005), holding nominations, reports, answers and revisions: every row and every revision
comes back, the revisions' copies keyed by question instead of position."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("conference", "0005_attempt_counts"),
    ("agenda_sessions", "0001_initial"),
    ("groups", "0004_organisers_report_permissions"),
]


def old_world(apps):
    """A conference as the old schema held it: two breakouts with questions, rapporteurs, reports and revisions."""
    conference = apps.get_model("conference", "Conference").objects.create(slug="old", region="Old")
    country = apps.get_model("conference", "Country").objects.create(conference=conference, code="JM", name="Jamaica")
    person = apps.get_model("conference", "Participant").objects.create(
        conference=conference, full_name="Ann Example", country=country
    )
    group = apps.get_model("groups", "BreakoutGroup").objects.create(conference=conference, number=1)
    apps.get_model("groups", "GroupCountry").objects.create(group=group, country=country)
    user = apps.get_model("auth", "User").objects.create(username="organiser")
    session_model = apps.get_model("agenda_sessions", "Session")
    breakout_model = apps.get_model("groups", "Breakout")
    question_model = apps.get_model("groups", "Question")
    report_model = apps.get_model("groups", "RapporteurReport")
    answer_model = apps.get_model("groups", "RapporteurAnswer")
    revision_model = apps.get_model("groups", "RapporteurReportRevision")
    nomination_model = apps.get_model("groups", "RapporteurNomination")
    now = timezone.now()
    for number in (1, 2):
        session = session_model.objects.create(conference=conference, number=number, title=f"Session {number}")
        breakout = breakout_model.objects.create(session=session, group=group, topic=f"Topic {number}")
        q1 = question_model.objects.create(breakout=breakout, position=1, text=f"First question of {number}?")
        q2 = question_model.objects.create(breakout=breakout, position=2, text=f"Second question of {number}?")
        nomination = nomination_model.objects.create(breakout=breakout, participant=person, token=f"key-{number}")
        nomination_model.objects.create(
            breakout=breakout, participant=person, token=f"old-key-{number}", revoked_at=now
        )
        status = "published" if number == 1 else "draft"
        report = report_model.objects.create(
            breakout=breakout,
            status=status,
            text=f"Conclusions {number} v2",
            actions=f"- Action {number}",
            version=2,
            published_at=now if status == "published" else None,
        )
        answer_model.objects.create(report=report, question=q1, text=f"Answer 1 of {number} v2")
        answer_model.objects.create(report=report, question=q2, text="")
        for version, action, by in [(1, "saved", nomination), (2, "edited", None)]:
            revision_model.objects.create(
                report=report,
                version=version,
                action=action,
                status="draft",
                answers=[
                    {"position": 1, "question": q1.text, "text": f"Answer 1 of {number} v{version}"},
                    {"position": 2, "question": q2.text, "text": "" if version == 2 else "Answer 2 v1"},
                ],
                text=f"Conclusions {number} v{version}",
                actions=f"- Action {number}",
                saved_by="Ann Example" if by else "organiser",
                nomination=by,
                user=None if by else user,
                created_at=now - datetime.timedelta(minutes=10 - version),
            )
    # Session 2's first question was deleted after a revision answered it (its answers went with it, as the old
    # schema did): the revision still holds that answer, under position 3.
    old = revision_model.objects.filter(report__breakout__session__number=2, version=1).get()
    old.answers = [*old.answers, {"position": 3, "question": "A question deleted since?", "text": "Its answer"}]
    old.save()
    return conference


def test_the_move_keeps_every_row_and_every_revision():
    old_apps = migrate(BEFORE)
    old_world(old_apps)
    counts_before = {
        name: old_apps.get_model("groups", name).objects.count()
        for name in ("RapporteurNomination", "RapporteurReport", "RapporteurAnswer", "RapporteurReportRevision")
    }
    assert counts_before == {
        "RapporteurNomination": 4,
        "RapporteurReport": 2,
        "RapporteurAnswer": 4,
        "RapporteurReportRevision": 4,
    }

    new_apps = migrate(latest())
    nomination = new_apps.get_model("reports", "RapporteurNomination")
    report_model = new_apps.get_model("reports", "RapporteurReport")
    answer_model = new_apps.get_model("reports", "RapporteurAnswer")
    revision_model = new_apps.get_model("reports", "RapporteurReportRevision")
    question_model = new_apps.get_model("groups", "Question")
    assert {
        "RapporteurNomination": nomination.objects.count(),
        "RapporteurReport": report_model.objects.count(),
        "RapporteurAnswer": answer_model.objects.count(),
        "RapporteurReportRevision": revision_model.objects.count(),
    } == counts_before
    assert sorted((n.token, n.revoked_at is None) for n in nomination.objects.all()) == [
        ("key-1", True),
        ("key-2", True),
        ("old-key-1", False),
        ("old-key-2", False),
    ]
    assert sorted(
        report_model.objects.values_list("breakout__session__number", "status", "conclusions", "version")
    ) == [
        (1, "published", "Conclusions 1 v2", 2),
        (2, "draft", "Conclusions 2 v2", 2),
    ]
    assert sorted(answer_model.objects.values_list("question__text", "text")) == [
        ("First question of 1?", "Answer 1 of 1 v2"),
        ("First question of 2?", "Answer 1 of 2 v2"),
        ("Second question of 1?", ""),
        ("Second question of 2?", ""),
    ]
    questions = {(q.breakout.session.number, q.position, q.retired): q for q in question_model.objects.all()}
    # The deleted question comes back, retired, with its words, so that the old revision's answer has its question.
    restored = questions[(2, 3, True)]
    assert restored.text == "A question deleted since?"
    contents = {
        (revision.report.breakout.session.number, revision.version): revision.content
        for revision in revision_model.objects.select_related("report__breakout__session")
    }
    q = {(session, position): questions[(session, position, False)].pk for session in (1, 2) for position in (1, 2)}
    assert contents == {
        (1, 1): {
            "answers": {str(q[1, 1]): "Answer 1 of 1 v1", str(q[1, 2]): "Answer 2 v1"},
            "conclusions": "Conclusions 1 v1",
            "actions": "- Action 1",
        },
        (1, 2): {
            "answers": {str(q[1, 1]): "Answer 1 of 1 v2"},
            "conclusions": "Conclusions 1 v2",
            "actions": "- Action 1",
        },
        (2, 1): {
            "answers": {str(q[2, 1]): "Answer 1 of 2 v1", str(q[2, 2]): "Answer 2 v1", str(restored.pk): "Its answer"},
            "conclusions": "Conclusions 2 v1",
            "actions": "- Action 2",
        },
        (2, 2): {
            "answers": {str(q[2, 1]): "Answer 1 of 2 v2"},
            "conclusions": "Conclusions 2 v2",
            "actions": "- Action 2",
        },
    }
    authors = sorted(revision_model.objects.values_list("version", "saved_by", "nomination__token", "user__username"))
    assert authors == [
        (1, "Ann Example", "key-1", None),
        (1, "Ann Example", "key-2", None),
        (2, "organiser", None, "organiser"),
        (2, "organiser", None, "organiser"),
    ]
    # The content types moved with the models: the Organisers keep their permissions on them (given by the
    # post_migrate receiver that `migrate` runs after the migrations).
    call_command("migrate", verbosity=0)
    content_type = new_apps.get_model("contenttypes", "ContentType")
    assert not content_type.objects.filter(app_label="groups", model__startswith="rapporteur").exists()
    organisers = new_apps.get_model("auth", "Group").objects.get(name="Organisers")
    assert set(organisers.permissions.filter(content_type__app_label="reports").values_list("codename", flat=True)) >= {
        "view_rapporteurreport",
        "change_rapporteurreport",
        "add_rapporteurnomination",
    }


def test_the_move_can_be_undone_without_losing_a_revision():
    old_apps = migrate(BEFORE)
    old_world(old_apps)
    migrate(latest())
    back = migrate(BEFORE)
    revision_model = back.get_model("groups", "RapporteurReportRevision")
    copies = sorted(
        (r.report.breakout.session.number, r.version, r.text, [(a["position"], a["text"]) for a in r.answers])
        for r in revision_model.objects.select_related("report__breakout__session")
    )
    assert copies == [
        (1, 1, "Conclusions 1 v1", [(1, "Answer 1 of 1 v1"), (2, "Answer 2 v1")]),
        (1, 2, "Conclusions 1 v2", [(1, "Answer 1 of 1 v2")]),
        (2, 1, "Conclusions 2 v1", [(1, "Answer 1 of 2 v1"), (2, "Answer 2 v1"), (3, "Its answer")]),
        (2, 2, "Conclusions 2 v2", [(1, "Answer 1 of 2 v2")]),
    ]
    migrate(latest())  # leave the database as the other tests expect it
