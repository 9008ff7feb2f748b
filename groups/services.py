"""Operations on the breakout structure that touch several records. Views, admin actions and management commands
call these functions, so that each rule lives in one place."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from conference.models import ContentVersion, Organisation, Participant

from .models import GroupPartner


def organisation_named(*, conference, name):
    """The conference's organisation of this name (in any case), recorded if it is new. Several sign-ups naming the
    same new organisation at the same moment all get the one row."""
    existing = Organisation.objects.filter(conference=conference, name__iexact=name).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Organisation.objects.create(conference=conference, name=name)
    except IntegrityError:  # created by a sign-up running at the same moment
        return Organisation.objects.get(conference=conference, name=name)


def join_group(*, conference, full_name, organisation_name, email, group):
    """A partner participant signs up for a group: records their organisation, them, and their place, to be confirmed
    by the organisers. Returns the new place, or None when the email address is already registered for the
    conference: the caller answers alike in both cases, so that the form tells nobody whether an address is known."""
    if Participant.objects.filter(conference=conference, email__iexact=email).exists():
        return None
    organisation = organisation_named(conference=conference, name=organisation_name)
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                conference=conference, full_name=full_name, organisation=organisation, email=email
            )
            return GroupPartner.objects.create(group=group, participant=participant)
    except IntegrityError:  # the same address signed up at the same moment
        return None


def confirm_partners(*, places):
    """The organisers confirm partners' places: their names now show on the public pages. Returns how many."""
    with transaction.atomic():
        count = places.filter(confirmed_at__isnull=True).update(confirmed_at=timezone.now())
        if count:
            ContentVersion.bump()
    return count
