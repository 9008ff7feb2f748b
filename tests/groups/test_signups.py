"""Partners' links followed at the same moment, as at a venue: all recorded, one organisation row for one name."""

import threading

import pytest
from django.db import connection, connections

from conference.models import Conference, Organisation, Participant
from groups.models import BreakoutGroup, GroupPartner
from tests.groups.places import place_by_link

pytestmark = pytest.mark.django_db(transaction=True)


def test_simultaneous_signups_naming_the_same_new_organisation_all_succeed(caribbean):
    """Finding 5 of "Venue-proof": of 8 simultaneous sign-ups naming the same new organisation, 2 were told
    "already registered" and dropped."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent connections (PostgreSQL)")
    conference = Conference.objects.get(slug="caribbean")
    group = BreakoutGroup.objects.get(conference=conference, number=2)
    start = threading.Barrier(8)
    places = []

    def sign_up(number):
        try:
            start.wait(10)
            places.append(
                place_by_link(
                    conference,
                    full_name=f"Partner {number}",
                    organisation_name="A brand new agency",
                    email=f"partner{number}@example.org",
                    group=group,
                )
            )
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert None not in places
    assert Organisation.objects.filter(name="A brand new agency").count() == 1
    assert GroupPartner.objects.filter(group=group).count() == 8
    assert set(Participant.objects.values_list("organisation__name", flat=True)) == {"A brand new agency"}


def test_a_name_in_another_case_joins_the_existing_organisation(caribbean):
    group = BreakoutGroup.objects.get(number=1)
    first = place_by_link(caribbean, full_name="A", organisation_name="World Stats", email="a@example.org", group=group)
    second = place_by_link(
        caribbean, full_name="B", organisation_name="world stats", email="b@example.org", group=group
    )
    assert first.participant.organisation_id == second.participant.organisation_id
