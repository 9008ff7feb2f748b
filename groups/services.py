"""Operations on the breakout structure that touch several records. Views, admin actions and management commands
call these functions, so that each rule lives in one place."""

from django.db import IntegrityError, transaction

from conference.models import Organisation, Participant

from .models import GroupPartner


class AlreadyRegistered(Exception):
    """The email address is already used by a participant of the conference."""


def join_group(*, conference, full_name, organisation_name, email, group):
    """A partner participant joins a group: finds or records their organisation, records them, places them."""
    try:
        with transaction.atomic():
            organisation = Organisation.objects.filter(conference=conference, name__iexact=organisation_name).first()
            if organisation is None:
                organisation = Organisation.objects.create(conference=conference, name=organisation_name)
            participant = Participant.objects.create(
                conference=conference, full_name=full_name, organisation=organisation, email=email
            )
            return GroupPartner.objects.create(group=group, participant=participant)
    except IntegrityError as error:
        raise AlreadyRegistered(email) from error
