"""Operations on the breakout work that touch several records or must stay consistent."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from conference.models import Organisation, Participant

from .models import GroupPartner, RapporteurReport, ReportStatus


@transaction.atomic
def publish_reports(*, reports):
    """Publish the given reports; returns how many changed. Already published ones keep their time."""
    now = timezone.now()
    pending = reports.exclude(status=ReportStatus.PUBLISHED)
    return pending.update(status=ReportStatus.PUBLISHED, published_at=now, updated_at=now)


@transaction.atomic
def unpublish_reports(*, reports):
    """Take published reports off the public pages; they go back to submitted."""
    now = timezone.now()
    published = reports.filter(status=ReportStatus.PUBLISHED)
    return published.update(status=ReportStatus.SUBMITTED, published_at=None, updated_at=now)


def report_for(breakout):
    """The breakout's report, created as an empty draft the first time it is asked for."""
    report, _created = RapporteurReport.objects.get_or_create(breakout=breakout)
    return report


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
