"""The reports app's rules held by its models: who may report for a breakout, one at a time, publication times."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from groups.models import Breakout
from groups.reports.models import RapporteurNomination, RapporteurReport, ReportStatus
from sessions.models import Contribution, Segment, SegmentKind, Session

pytestmark = pytest.mark.django_db


def test_rapporteur_from_the_group_is_accepted(breakout, make_country, make_participant):
    ann = make_participant("Ann", country=make_country("JM", "Jamaica", group=breakout.group))
    nomination = RapporteurNomination(breakout=breakout, participant=ann)
    nomination.full_clean()
    nomination.save()
    assert nomination.warnings() == []


def test_rapporteur_from_outside_the_group_refused(breakout, make_group, make_country, make_participant):
    bob = make_participant("Bob", country=make_country("BS", "Bahamas", group=make_group(2)))
    with pytest.raises(ValidationError) as error:
        RapporteurNomination(breakout=breakout, participant=bob).full_clean()
    assert error.value.message_dict == {
        "participant": [
            "Bob is from Bahamas, which is not in Group 1. The rapporteur must be from one of the group’s countries."
        ]
    }


def test_rapporteur_from_an_organisation_refused(breakout, make_participant, partner_org):
    cat = make_participant("Cat", organisation=partner_org)
    with pytest.raises(ValidationError) as error:
        RapporteurNomination(breakout=breakout, participant=cat).full_clean()
    assert error.value.message_dict == {
        "participant": ["Cat is from an organisation. The rapporteur must be from a country of Group 1."]
    }


def test_rapporteur_from_a_country_with_another_role_is_warned_not_refused(breakout, make_country, make_participant):
    jamaica = make_country("JM", "Jamaica", group=breakout.group)
    breakout.session.facilitator = make_participant("Facilitator", country=jamaica)
    breakout.session.save()
    nomination = RapporteurNomination(breakout=breakout, participant=make_participant("Ann", country=jamaica))
    nomination.full_clean()
    assert nomination.warnings() == [
        "Jamaica already has another role in session 1. The document prefers a rapporteur from a country with "
        "no other role; the nomination is kept."
    ]


def test_rapporteur_from_the_country_of_a_contributor_is_warned(breakout, make_country, make_participant):
    jamaica = make_country("JM", "Jamaica", group=breakout.group)
    presentation = Segment.objects.create(session=breakout.session, position=1, kind=SegmentKind.PRESENTATION)
    nomination = RapporteurNomination(breakout=breakout, participant=make_participant("Ann", country=jamaica))
    assert nomination.warnings() == []
    # The second contributor of the presentation counts as much as the first.
    Contribution.objects.create(
        segment=presentation, participant=make_participant("Other", country=make_country("BS", "Bahamas")), position=1
    )
    Contribution.objects.create(segment=presentation, participant=make_participant("Bea", country=jamaica), position=2)
    assert nomination.warnings() == [
        "Jamaica already has another role in session 1. The document prefers a rapporteur from a country with "
        "no other role; the nomination is kept."
    ]


def test_same_rapporteur_may_serve_in_several_sessions(breakout, conference, make_country, make_participant):
    ann = make_participant("Ann", country=make_country("JM", "Jamaica", group=breakout.group))
    second = Breakout.objects.create(
        session=Session.objects.create(conference=conference, number=2, title="S2"), group=breakout.group, topic="T"
    )
    RapporteurNomination.objects.create(breakout=breakout, participant=ann)
    RapporteurNomination.objects.create(breakout=second, participant=ann)
    assert ann.nominations.count() == 2


def test_one_active_rapporteur_per_breakout(breakout, make_country, make_participant):
    jamaica = make_country("JM", "Jamaica", group=breakout.group)
    first = RapporteurNomination.objects.create(breakout=breakout, participant=make_participant("A", country=jamaica))
    with pytest.raises(IntegrityError), transaction.atomic():
        RapporteurNomination.objects.create(breakout=breakout, participant=make_participant("B", country=jamaica))
    first.revoked_at = first.nominated_at
    first.save()
    RapporteurNomination.objects.create(breakout=breakout, participant=make_participant("C", country=jamaica))
    assert RapporteurNomination.objects.active().get().participant.full_name == "C"


def test_published_report_needs_publication_time(breakout):
    with pytest.raises(IntegrityError), transaction.atomic():
        RapporteurReport.objects.create(breakout=breakout, status=ReportStatus.PUBLISHED)


def test_published_queryset(breakout, conference, make_group):
    RapporteurReport.objects.create(breakout=breakout, status=ReportStatus.SUBMITTED)
    assert list(RapporteurReport.objects.published()) == []
