import pytest

from conference.models import Country, Participant
from groups.models import Breakout
from groups.reports import services


@pytest.fixture
def breakout_1_1(caribbean):
    """Session 1, group 1 of the document: Communication and advocacy, two questions."""
    return Breakout.objects.select_related("session__conference", "group").get(session__number=1, group__number=1)


@pytest.fixture
def ann(caribbean):
    """A delegate of Jamaica, one of group 1's countries."""
    return Participant.objects.create(
        conference=caribbean, full_name="Ann Example", country=Country.objects.get(conference=caribbean, code="JM")
    )


@pytest.fixture
def nomination(breakout_1_1, ann):
    return services.nominate_rapporteur(breakout=breakout_1_1, participant=ann)


@pytest.fixture
def report_url(nomination):
    return f"/report/{nomination.token}/"
