"""The list of participants: the people in it, by country and by organisation, with their functions (never their
email addresses). It is the outcome's annex, and a public page when the organisers choose so."""

from dataclasses import dataclass, field

from django.db.models import Q

from conference.languages import sort_key
from conference.models import Participant


@dataclass
class Affiliation:
    """A country or an organisation with its people in the list, in the order of their names."""

    name: str
    people: list = field(default_factory=list)


@dataclass
class ParticipantList:
    countries: list  # [Affiliation], in the order of the countries' names in the page's language
    organisations: list  # [Affiliation], in the order of the organisations' names

    @property
    def count(self):
        return sum(len(affiliation.people) for affiliation in (*self.countries, *self.organisations))


def listed_participants(conference):
    """The people in the list: `listed`, and not a sign-up the organisers have not confirmed in a group yet (a place
    is confirmed, or the partner was not from the join page)."""
    return (
        Participant.objects.filter(conference=conference, listed=True)
        .filter(Q(from_signup=False) | Q(group_places__confirmed_at__isnull=False))
        .select_related("country", "organisation")
        .order_by("full_name", "pk")
    )


def participant_list(conference):
    """The list of participants by country and by organisation, in one query."""
    countries, organisations = {}, {}
    for person in listed_participants(conference):
        if person.country_id:
            countries.setdefault(person.country_id, Affiliation(person.country.display_name)).people.append(person)
        else:
            organisations.setdefault(person.organisation_id, Affiliation(str(person.organisation))).people.append(
                person
            )
    return ParticipantList(
        countries=sorted(countries.values(), key=lambda affiliation: sort_key(affiliation.name)),
        organisations=sorted(organisations.values(), key=lambda affiliation: sort_key(affiliation.name)),
    )
