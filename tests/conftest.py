from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from conference.models import Conference, Country, Organisation, OrganisationKind, Participant
from conference.roles import ORGANISERS
from groups.models import Breakout, BreakoutGroup, GroupCountry
from sessions.models import Session

FIXTURE_PATH = Path(__file__).resolve().parent.parent / "fixtures" / "caribbean_conference.json"


@pytest.fixture
def caribbean(db):
    """The whole breakout document, loaded from fixtures/caribbean_conference.json."""
    call_command("loaddata", "caribbean_conference", verbosity=0)
    return Conference.objects.get(slug="caribbean")


@pytest.fixture
def conference(db):
    return Conference.objects.create(slug="test", region="Test")


@pytest.fixture
def make_country(conference):
    def make(code, name=None, group=None, conference=conference):
        country = Country.objects.create(conference=conference, code=code, name=name or code)
        if group is not None:
            GroupCountry.objects.create(group=group, country=country)
        return country

    return make


@pytest.fixture
def make_group(conference):
    def make(number, conference=conference):
        return BreakoutGroup.objects.create(conference=conference, number=number)

    return make


@pytest.fixture
def make_participant(conference):
    def make(full_name, country=None, organisation=None, **fields):
        return Participant.objects.create(
            conference=conference, full_name=full_name, country=country, organisation=organisation, **fields
        )

    return make


@pytest.fixture
def partner_org(conference):
    return Organisation.objects.create(conference=conference, name="A partner", kind=OrganisationKind.MULTILATERAL)


@pytest.fixture
def breakout(conference, make_group):
    session = Session.objects.create(conference=conference, number=1, title="A session")
    return Breakout.objects.create(session=session, group=make_group(1), topic="A topic")


@pytest.fixture
def organiser(db, django_user_model):
    """A staff user with the Organisers role and nothing more."""
    user = django_user_model.objects.create_user(username="org", password="pw-for-tests-only", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    return user


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client
