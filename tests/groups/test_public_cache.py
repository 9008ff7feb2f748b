"""Reports and rapporteurs on cached public pages: published at once, drafts never, and drafts cost no invalidation."""

import pytest

from conference.models import ContentVersion
from groups import services
from groups.models import RapporteurReport

pytestmark = pytest.mark.django_db

GROUP_PAGE = "/caribbean/groups/1/"


def answers(report, text):
    return {question.pk: text for question in report.breakout.questions.all()}


def test_draft_saves_keep_the_cache_and_publishing_shows_the_report(client, nomination):
    report = RapporteurReport.objects.with_content().get(breakout=nomination.breakout)
    assert "Ann Example (Jamaica)" in client.get(GROUP_PAGE).content.decode()
    version = ContentVersion.current()
    data = {"answers": answers(report, "Our answer"), "text": "Our conclusions", "actions": "Act now"}
    saved = services.save_report(report=report, data=data, base_version=report.version, by=nomination, submit=True)
    assert ContentVersion.current() == version
    assert "Our conclusions" not in client.get(GROUP_PAGE).content.decode()
    services.publish_reports(reports=RapporteurReport.objects.filter(pk=saved.pk))
    assert ContentVersion.current() > version
    assert "Our conclusions" in client.get(GROUP_PAGE).content.decode()
    services.unpublish_reports(reports=RapporteurReport.objects.filter(pk=saved.pk))
    assert "Our conclusions" not in client.get(GROUP_PAGE).content.decode()


def test_revoking_the_rapporteur_shows_at_once(client, nomination):
    assert "Ann Example (Jamaica)" in client.get(GROUP_PAGE).content.decode()
    services.revoke_nominations(nominations=nomination.breakout.nominations.all())
    assert "Ann Example (Jamaica)" not in client.get(GROUP_PAGE).content.decode()
