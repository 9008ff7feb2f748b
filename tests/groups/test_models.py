import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from conference.models import Conference, ThematicArea
from groups.models import Breakout, GroupCountry, GroupPartner
from sessions.models import Segment, SegmentKind, Session, SessionKind

pytestmark = pytest.mark.django_db


def test_database_refuses_a_country_in_two_groups(make_group, make_country):
    jamaica = make_country("JM", "Jamaica", group=make_group(1))
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupCountry.objects.create(group=make_group(2), country=jamaica)
    assert list(jamaica.group_places.values_list("group__number", flat=True)) == [1]


def test_a_country_in_a_second_group_gets_a_plain_message(make_group, make_country):
    jamaica = make_country("JM", "Jamaica", group=make_group(1))
    place = GroupCountry(group=make_group(2), country=jamaica)
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert error.value.messages == [
        "This country or territory is already in another group of this conference. "
        "A country belongs to exactly one group: remove it from the other group first."
    ]


def test_the_same_country_code_can_be_in_a_group_of_each_conference(make_group, make_country):
    make_country("JM", "Jamaica", group=make_group(1))
    other = Conference.objects.create(slug="other")
    make_country("JM", "Jamaica", group=make_group(1, conference=other), conference=other)
    assert GroupCountry.objects.filter(country__code="JM").count() == 2


def test_group_and_country_of_different_conferences_refused(make_group, make_country):
    other = Conference.objects.create(slug="other")
    place = GroupCountry(group=make_group(1), country=make_country("JM", "Jamaica", conference=other))
    with pytest.raises(ValidationError) as error:
        place.full_clean()
    assert error.value.message_dict == {"country": ["Choose a country or territory of this group’s conference."]}


def test_only_partners_choose_a_group(make_group, make_country, make_participant, partner_org):
    group = make_group(1)
    delegate = make_participant("Ann", country=make_country("JM", "Jamaica"))
    with pytest.raises(ValidationError) as error:
        GroupPartner(group=group, participant=delegate).full_clean()
    assert error.value.message_dict == {
        "participant": ["Delegates are in their country’s group; only partner participants choose one."]
    }
    partner = make_participant("Bob", organisation=partner_org)
    GroupPartner.objects.create(group=group, participant=partner)
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupPartner.objects.create(group=make_group(2), participant=partner)


def test_breakout_in_concluding_session_refused(conference, make_group):
    concluding = Session.objects.create(conference=conference, number=5, kind=SessionKind.CONCLUDING, title="C")
    with pytest.raises(ValidationError) as error:
        Breakout(session=concluding, group=make_group(1), topic="T").full_clean()
    assert error.value.message_dict == {
        "session": ["Groups do not meet in the concluding session: choose a breakout session."]
    }


def test_breakout_report_back_must_be_a_report_back_of_its_session(breakout):
    other = Segment.objects.create(session=breakout.session, position=1, kind=SegmentKind.DISCUSSION)
    breakout.report_back = other
    with pytest.raises(ValidationError) as error:
        breakout.full_clean()
    assert error.value.message_dict == {"report_back": ["Choose a segment of the kind “Report-back”."]}


def test_one_breakout_per_group_and_session(breakout):
    with pytest.raises(IntegrityError), transaction.atomic():
        Breakout.objects.create(session=breakout.session, group=breakout.group, topic="Again")


def test_covered_areas_fall_back_to_the_session(breakout, conference):
    one = ThematicArea.objects.create(conference=conference, code="1", title="One", position=1)
    two = ThematicArea.objects.create(conference=conference, code="2", title="Two", position=2)
    breakout.session.thematic_areas.set([one, two])
    assert breakout.covered_areas == [one, two]
    breakout.thematic_areas.set([two])
    assert breakout.covered_areas == [two]
