"""Organisers cannot delete a report that was submitted or published, with its revisions (point 7 of "Venue-proof II":
questions with answers were protected, reports were not); a draft never submitted can still be deleted."""

import pytest

from groups.reports.models import RapporteurReport, RapporteurReportRevision, ReportStatus

pytestmark = pytest.mark.django_db

LIST = "/admin/reports/rapporteurreport/"


@pytest.fixture
def reports(private_reports):
    """Session 1's draft, submitted and published reports (groups 1, 2 and 3), each with its revisions."""
    return {
        kind: RapporteurReport.objects.get(breakout=private_reports[kind].nomination.breakout)
        for kind in ("draft", "submitted", "published")
    }


def revision_counts():
    return sorted(RapporteurReportRevision.objects.values_list("report_id", flat=True))


@pytest.mark.parametrize(("kind", "status"), [("submitted", 403), ("published", 403), ("draft", 200)])
def test_the_delete_page_of_a_report_once_submitted_is_refused(organiser_client, reports, kind, status):
    report = reports[kind]
    change = organiser_client.get(f"{LIST}{report.pk}/change/")
    assert (f"{LIST}{report.pk}/delete/" in change.content.decode()) == (kind == "draft")
    assert organiser_client.get(f"{LIST}{report.pk}/delete/").status_code == status
    before = revision_counts()
    organiser_client.post(f"{LIST}{report.pk}/delete/", {"post": "yes"})
    assert RapporteurReport.objects.filter(pk=report.pk).exists() == (kind != "draft")
    if kind != "draft":
        assert revision_counts() == before


def test_a_report_saved_as_a_draft_after_it_was_submitted_is_kept(organiser_client, reports):
    report = reports["submitted"]
    RapporteurReport.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)  # as the rapporteur's "Save" does
    assert organiser_client.get(f"{LIST}{report.pk}/delete/").status_code == 403


def test_the_bulk_delete_refuses_a_selection_with_a_submitted_or_published_report(organiser_client, reports):
    before = revision_counts()
    selection = [reports["draft"].pk, reports["submitted"].pk, reports["published"].pk]
    for data in (
        {"action": "delete_selected", "_selected_action": selection},
        {"action": "delete_selected", "_selected_action": selection, "post": "yes"},
    ):
        response = organiser_client.post(LIST, data, follow=True)
        assert [str(m) for m in response.context["messages"]] == [
            "Nothing was deleted: 2 of the selected reports were submitted or published, and such reports are kept "
            "with their history. Unpublish them in the organisers’ console instead."
        ]
    assert RapporteurReport.objects.count() == 3
    assert revision_counts() == before


def test_the_bulk_delete_still_deletes_drafts(organiser_client, reports):
    draft = reports["draft"]
    data = {"action": "delete_selected", "_selected_action": [draft.pk]}
    confirm = organiser_client.post(LIST, data)
    assert (confirm.status_code, confirm.context["title"]) == (200, "Delete multiple objects")
    response = organiser_client.post(LIST, {**data, "post": "yes"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Successfully deleted 1 rapporteur report."]
    assert sorted(RapporteurReport.objects.values_list("status", flat=True)) == ["published", "submitted"]


def test_deleting_the_breakout_of_a_submitted_report_is_refused(organiser_client, reports):
    breakout = reports["submitted"].breakout
    response = organiser_client.post(f"/admin/groups/breakout/{breakout.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert RapporteurReport.objects.filter(pk=reports["submitted"].pk).exists()
