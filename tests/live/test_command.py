"""nominate_facilitator: the organisers' way to give a facilitator their link until the console comes."""

import io

import pytest
from django.core.management import CommandError, call_command

from conference.models import Participant
from groups.live.models import FacilitatorNomination

pytestmark = pytest.mark.django_db


def nominate(*args):
    output = io.StringIO()
    call_command("nominate_facilitator", *args, stdout=output)
    return output.getvalue()


def test_the_programmes_facilitator_by_default(session_1, facilitator):
    session_1.facilitator = facilitator
    session_1.save()
    output = nominate("1", "--base-url", "https://conference.example.org/")
    nomination = FacilitatorNomination.objects.get()
    assert nomination.participant == facilitator
    assert output.splitlines()[:3] == [
        f"Fay Facilitator (Barbados) facilitates session 1: {session_1.title}.",
        f"Private link: https://conference.example.org/moderate/{nomination.token}/",
        "The link works until it is revoked (the conference has no last day yet).",
    ]


def test_a_named_facilitator_is_found_or_created(session_1, facilitator):
    nominate("1", "fay  facilitator")
    assert FacilitatorNomination.objects.get().participant == facilitator
    nominate("1", "Omar Organiser", "--organisation", "CARICOM Secretariat", "--replace")
    nominate("2", "Dee Delegate", "--country", "JM", "--qr")
    active = FacilitatorNomination.objects.active().order_by("session__number")
    assert [(n.session.number, str(n.participant)) for n in active] == [
        (1, "Omar Organiser (CARICOM Secretariat)"),
        (2, "Dee Delegate (Jamaica)"),
    ]
    assert Participant.objects.filter(full_name="Omar Organiser").count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1"], "Session 1 has no facilitator in the programme: give the facilitator's name."),
        (["9", "Fay Facilitator"], "Session 9 does not exist in"),
        (["1", "Nobody Known"], "No participant is called “Nobody Known”: add --country or --organisation"),
        (["1", "Fay Facilitator", "--country", "Atlantis"], "There is no country or territory “Atlantis”"),
        (["1", "Fay Facilitator", "--conference", "nowhere"], "There is no conference “nowhere”."),
    ],
)
def test_mistakes_are_explained(session_1, facilitator, args, message):
    with pytest.raises(CommandError) as error:
        nominate(*args)
    assert message in str(error.value)


def test_a_second_link_needs_replace(session_1, facilitator):
    nominate("1", "Fay Facilitator")
    with pytest.raises(CommandError) as error:
        nominate("1", "Fay Facilitator")
    assert "This session already has a facilitator’s link. Revoke it before nominating another." in str(error.value)
    nominate("1", "Fay Facilitator", "--replace")
    assert FacilitatorNomination.objects.active().count() == 1
    assert FacilitatorNomination.objects.count() == 2
