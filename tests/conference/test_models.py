import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conference.models import Conference, Participant, ThematicArea

pytestmark = pytest.mark.django_db


def test_display_name_without_a_name_describes_the_conference(conference):
    assert conference.display_name == "Test regional conference"
    conference.region = ""
    assert (conference.display_name, str(conference)) == ("Regional conference", "Regional conference")
    conference.name = "Official name"
    assert str(conference) == "Official name"


def test_conference_cannot_end_before_it_starts(conference):
    conference.start_date, conference.end_date = datetime.date(2027, 5, 3), datetime.date(2027, 5, 2)
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert error.value.message_dict["end_date"] == ["The last day cannot be before the first day."]
    with pytest.raises(IntegrityError), transaction.atomic():
        conference.save()


def test_time_zone_must_be_a_real_one(conference):
    conference.time_zone = "Caribbean/Nowhere"
    with pytest.raises(ValidationError) as error:
        conference.full_clean()
    assert error.value.message_dict["time_zone"] == [
        "“Caribbean/Nowhere” is not a time zone name. Use an IANA name such as America/Port_of_Spain."
    ]
    conference.time_zone = "America/Port_of_Spain"
    conference.full_clean()


def test_thematic_area_codes_unique_per_conference(conference):
    ThematicArea.objects.create(conference=conference, code="1", title="One")
    other = Conference.objects.create(slug="other")
    ThematicArea.objects.create(conference=other, code="1", title="One")
    with pytest.raises(IntegrityError), transaction.atomic():
        ThematicArea.objects.create(conference=conference, code="1", title="Again")


def test_participant_is_from_a_country_or_an_organisation_not_both(conference, make_country, partner_org):
    jamaica = make_country("JM", "Jamaica")
    both = Participant(conference=conference, full_name="A", country=jamaica, organisation=partner_org)
    with pytest.raises(ValidationError) as error:
        both.full_clean()
    assert (
        "A participant is from a country or from an organisation, not both: clear one of the two."
        in error.value.messages
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        both.save()
    neither = Participant(conference=conference, full_name="B")
    with pytest.raises(ValidationError) as error:
        neither.full_clean()
    assert "Choose the participant’s country or territory, or their organisation." in error.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        neither.save()


def test_participant_email_unique_per_conference_ignoring_case(conference, make_country, make_participant):
    jamaica = make_country("JM", "Jamaica")
    make_participant("A", country=jamaica, email="a@example.org")
    make_participant("No email 1", country=jamaica)
    make_participant("No email 2", country=jamaica)
    duplicate = Participant(conference=conference, full_name="B", country=jamaica, email="A@Example.org")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.messages == ["Someone with this email address is already registered."]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_participant_country_must_be_of_the_same_conference(conference, make_country):
    other = Conference.objects.create(slug="other")
    foreign = make_country("JM", "Jamaica", conference=other)
    participant = Participant(conference=conference, full_name="A", country=foreign)
    with pytest.raises(ValidationError) as error:
        participant.full_clean()
    assert error.value.message_dict == {"country": ["Choose one from this participant’s conference."]}


def test_participant_str_shows_affiliation(conference, make_country, partner_org, make_participant):
    assert str(make_participant("Ann", country=make_country("JM", "Jamaica"))) == "Ann (Jamaica)"
    assert str(make_participant("Bob", organisation=partner_org)) == "Bob (A partner)"


def test_conference_days_cannot_leave_a_session_outside_them(scheduled):
    # The sessions of `scheduled` are on 9 and 10 June 2026.
    scheduled.start_date, scheduled.end_date = datetime.date(2026, 6, 10), datetime.date(2026, 6, 11)
    with pytest.raises(ValidationError) as error:
        scheduled.full_clean()
    assert error.value.message_dict == {
        "start_date": [
            "Sessions 1, 2 are on Tuesday 9 June 2026, outside these days: change their "
            "dates first, or choose days that include them."
        ]
    }
    scheduled.start_date, scheduled.end_date = datetime.date(2026, 6, 8), datetime.date(2026, 6, 9)
    scheduled.sessions.filter(date=datetime.date(2026, 6, 10)).exclude(number=4).update(date=datetime.date(2026, 6, 9))
    with pytest.raises(ValidationError) as error:
        scheduled.full_clean()
    assert error.value.message_dict == {
        "end_date": [
            "Session 4 is on Wednesday 10 June 2026, outside these days: change its date first, or choose days that "
            "include it."
        ]
    }
    scheduled.start_date, scheduled.end_date = datetime.date(2026, 6, 9), datetime.date(2026, 6, 10)
    scheduled.full_clean()  # days that hold every session
