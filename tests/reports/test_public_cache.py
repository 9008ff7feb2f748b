"""Reports and rapporteurs on cached public pages: published at once, drafts never, and drafts cost no invalidation."""

import pytest

from conference.models import ContentVersion
from groups.reports import services
from groups.reports.models import RapporteurReport
from tests.conftest import report_content

pytestmark = pytest.mark.django_db

GROUP_PAGE = "/caribbean/groups/1/"


@pytest.mark.django_db(transaction=True)  # the version rises once per transaction: edits commit for real
def test_draft_saves_keep_the_cache_and_publishing_shows_the_report(client, nomination):
    report = RapporteurReport.objects.with_content().get(breakout=nomination.breakout)
    assert "Ann Example (Jamaica)" in client.get(GROUP_PAGE).content.decode()
    version = ContentVersion.current()
    content = report_content(
        report.breakout, first="Our answer", second="Our answer", conclusions="Our conclusions", actions="Act now"
    )
    saved = services.save_report(
        report=report, content=content, base_version=report.version, by=nomination, submit=True
    ).report
    assert ContentVersion.current() == version
    assert "Our conclusions" not in client.get(GROUP_PAGE).content.decode()
    services.publish_reports(reports=RapporteurReport.objects.filter(pk=saved.pk))
    assert ContentVersion.current() > version
    assert "Our conclusions" in client.get(GROUP_PAGE).content.decode()
    services.unpublish_reports(reports=RapporteurReport.objects.filter(pk=saved.pk))
    assert "Our conclusions" not in client.get(GROUP_PAGE).content.decode()


@pytest.mark.django_db(transaction=True)  # the version rises once per transaction: edits commit for real
def test_revoking_the_rapporteur_shows_at_once(client, nomination):
    assert "Ann Example (Jamaica)" in client.get(GROUP_PAGE).content.decode()
    services.revoke_nominations(nominations=nomination.breakout.nominations.all())
    assert "Ann Example (Jamaica)" not in client.get(GROUP_PAGE).content.decode()


def test_deleting_a_published_report_shows_at_once(client, nomination, organiser_client, organiser):
    """Finding 3 of "Venue-proof": the report stayed on the cached public pages for up to an hour. The admin no longer
    deletes a published report ("Venue-proof II"); a deletion that still happens (from the shell) shows at once."""
    report = RapporteurReport.objects.with_content().get(breakout=nomination.breakout)
    content = report_content(report.breakout, conclusions="Soon deleted")
    services.save_report(report=report, content=content, base_version=0, by=nomination, submit=True)
    services.publish_reports(reports=RapporteurReport.objects.all())
    assert "Soon deleted" in client.get(GROUP_PAGE).content.decode()
    response = organiser_client.post(f"/admin/reports/rapporteurreport/{report.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert "Soon deleted" in client.get(GROUP_PAGE).content.decode()
    RapporteurReport.objects.get(pk=report.pk).delete()
    assert "Soon deleted" not in client.get(GROUP_PAGE).content.decode()


def test_deleting_a_draft_costs_no_invalidation(nomination):
    version = ContentVersion.current()
    RapporteurReport.objects.get(breakout=nomination.breakout).delete()
    assert ContentVersion.current() == version
