"""Operations on the breakout work that touch several records or must stay consistent."""

from django.db import transaction
from django.utils import timezone

from .models import RapporteurReport, ReportStatus


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
