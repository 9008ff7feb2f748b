"""A database made by the migrations of the day the Organisers group stopped being made by data migrations (a
post_migrate receiver keeps it since) migrates with nothing lost, and `migrate` leaves the group with exactly the
permissions the apps grant: that day's, with those of the models added since and without those of models that are
gone."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from conference.roles import ORGANISERS, organiser_models
from tests.migrations import latest, migrate

pytestmark = pytest.mark.django_db(transaction=True)

# Every app's last migration on that day.
THAT_DAY = [
    ("conference", "0011_english_texts"),
    ("agenda_sessions", "0008_organisers_room_permissions"),
    ("groups", "0011_english_texts"),
    ("live", "0002_organisers_live_permissions"),
    ("reports", "0008_organisers_email_permissions"),
]
# The models the Organisers could edit that day: every model of the five apps but the content version, the attempt
# counts and the report pages' view of a breakout (a proxy).
THAT_DAYS_MODELS = [
    "conference.conference",
    "conference.country",
    "conference.organisation",
    "conference.participant",
    "conference.thematicarea",
    "agenda_sessions.room",
    "agenda_sessions.segment",
    "agenda_sessions.session",
    "groups.breakout",
    "groups.breakoutgroup",
    "groups.groupcountry",
    "groups.grouppartner",
    "groups.question",
    "live.audiencequestion",
    "live.breakoutpoint",
    "live.facilitatornomination",
    "live.livesession",
    "live.noteslink",
    "live.vote",
    "reports.linkemail",
    "reports.rapporteuranswer",
    "reports.rapporteurnomination",
    "reports.rapporteurreport",
    "reports.rapporteurreportrevision",
]
# The models added since, which the Organisers may edit too once migrated.
MODELS_SINCE = ["agenda_sessions.contribution"]
ACTIONS = ("add", "change", "delete", "view")
# The models added since, whose permissions `migrate` grants the Organisers as well.
MODELS_SINCE = [
    "agenda_sessions.contribution",
    "conference.conferencelogo",
    "documents.document",
    "documents.documentfile",
]
# Rows of these models are counted before and after.
KEPT = [
    ("auth", "User"),
    ("auth", "Group"),
    ("conference", "Conference"),
    ("conference", "Country"),
    ("conference", "Participant"),
    ("conference", "ContentVersion"),
    ("agenda_sessions", "Session"),
    ("groups", "BreakoutGroup"),
    ("groups", "Breakout"),
    ("groups", "Question"),
    ("reports", "RapporteurNomination"),
    ("reports", "RapporteurReport"),
    ("live", "LiveSession"),
    ("live", "AudienceQuestion"),
]


def permission_names(group):
    return sorted(f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type"))


def that_days_permissions(models=THAT_DAYS_MODELS):
    return sorted(f"{label.split('.')[0]}.{action}_{label.split('.')[1]}" for label in models for action in ACTIONS)


def todays_permissions():
    return that_days_permissions([*THAT_DAYS_MODELS, *MODELS_SINCE])


def that_days_world(apps):
    """A conference with a breakout, a rapporteur's report, a live question, and an organiser in the Organisers
    group holding that day's permissions (a flush before this test may have emptied the group's table)."""
    conference = apps.get_model("conference", "Conference").objects.create(slug="old", region="Old")
    country = apps.get_model("conference", "Country").objects.create(conference=conference, code="JM", name="Jamaica")
    person = apps.get_model("conference", "Participant").objects.create(
        conference=conference, full_name="Ann Example", country=country
    )
    group = apps.get_model("groups", "BreakoutGroup").objects.create(conference=conference, number=1)
    session = apps.get_model("agenda_sessions", "Session").objects.create(
        conference=conference, number=1, title="Session 1"
    )
    breakout = apps.get_model("groups", "Breakout").objects.create(session=session, group=group, topic="Topic")
    apps.get_model("groups", "Question").objects.create(breakout=breakout, position=1, text="Why?")
    apps.get_model("reports", "RapporteurNomination").objects.create(breakout=breakout, participant=person)
    apps.get_model("reports", "RapporteurReport").objects.create(
        breakout=breakout, status="published", conclusions="Kept", published_at=timezone.now()
    )
    apps.get_model("live", "LiveSession").objects.create(session=session)
    apps.get_model("live", "AudienceQuestion").objects.create(
        session=session, text="Still there?", status="approved", created_at=timezone.now()
    )
    permission_model = apps.get_model("auth", "Permission")
    organisers, _created = apps.get_model("auth", "Group").objects.get_or_create(name=ORGANISERS)
    organisers.permissions.set(
        permission
        for permission in permission_model.objects.select_related("content_type")
        if f"{permission.content_type.app_label}.{permission.codename}" in that_days_permissions()
    )
    user = apps.get_model("auth", "User").objects.create(username="organiser", is_staff=True)
    user.groups.add(organisers)
    return organisers


def counts(apps):
    return {f"{app}.{model}": apps.get_model(app, model).objects.count() for app, model in KEPT}


def test_a_database_of_that_day_migrates_with_nothing_lost():
    old_apps = migrate(THAT_DAY)
    organisers = that_days_world(old_apps)
    assert permission_names(organisers) == that_days_permissions()
    before = counts(old_apps)

    call_command("migrate", verbosity=0)
    new_apps = migrate(latest())
    assert counts(new_apps) == before
    group = new_apps.get_model("auth", "Group").objects.get(name=ORGANISERS)
    assert group.pk == organisers.pk
    assert list(group.user_set.values_list("username", flat=True)) == ["organiser"]
    assert permission_names(group) == todays_permissions()
    report = new_apps.get_model("reports", "RapporteurReport").objects.get()
    assert (report.status, report.conclusions) == ("published", "Kept")
    assert new_apps.get_model("live", "AudienceQuestion").objects.get().text == "Still there?"


def test_migrate_gives_the_organisers_exactly_what_the_apps_grant():
    migrate(THAT_DAY)
    organisers = that_days_world(migrate(THAT_DAY))
    organisers.permissions.remove(*organisers.permissions.filter(codename="change_session"))
    organisers.permissions.add(
        *organisers.permissions.model.objects.filter(codename__in=["change_user", "view_contentversion"])
    )
    call_command("migrate", verbosity=0)
    granted = sorted(
        f"{model._meta.app_label}.{action}_{model._meta.model_name}"
        for model in organiser_models()
        for action in ACTIONS
    )
    assert granted == todays_permissions()
    group = organisers.__class__.objects.get(pk=organisers.pk)
    assert permission_names(group) == granted
