"""Organisers in the admin, which is for data entry: nominations as records (revoke; only delegates offered), reports
read only with links to the console, where publishing, history, compare and restore are (test_console.py)."""

import pytest
from django.urls import reverse
from lxml import html

from conference.models import Organisation, Participant
from groups.reports import services
from groups.reports.models import RapporteurNomination, RapporteurReport, ReportStatus
from tests.conftest import report_content
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def save(report, by, **fields):
    report = RapporteurReport.objects.with_content().get(pk=report.pk)
    content = report_content(report.breakout, **fields)
    return services.save_report(report=report, content=content, base_version=report.version, by=by).report


def test_nominating_in_admin_points_to_the_console_for_the_link(organiser_client, breakout_1_1, ann):
    response = organiser_client.post(
        reverse("admin:reports_rapporteurnomination_add"),
        {"breakout": breakout_1_1.pk, "participant": ann.pk},
        follow=True,
    )
    nomination = RapporteurNomination.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:reports_rapporteurnomination_changelist")
    assert RapporteurReport.objects.get().breakout == breakout_1_1
    page = html.fromstring(
        organiser_client.get(reverse("admin:reports_rapporteurnomination_change", args=[nomination.pk])).content
    )
    assert page.xpath("//div[contains(@class, 'field-console')]//a/@href") == [
        f"/caribbean/organisers/rapporteurs/{ann.pk}/"
    ]
    assert nomination.token not in html.tostring(page, encoding="unicode")


def test_admin_offers_only_delegates_as_rapporteurs(organiser_client, caribbean, ann, partner_org):
    Participant.objects.create(
        conference=caribbean,
        full_name="Pat Partner",
        organisation=Organisation.objects.create(conference=caribbean, name="Agency"),
    )
    response = organiser_client.get(reverse("admin:reports_rapporteurnomination_add"))
    page = html.fromstring(response.content.decode())
    assert page.xpath("//select[@name='participant']/option/text()") == ["---------", "Ann Example (Jamaica)"]


def test_revoke_action_withdraws_the_link(organiser_client, client, nomination, report_url):
    response = organiser_client.post(
        reverse("admin:reports_rapporteurnomination_changelist"),
        {"action": "revoke", "_selected_action": [nomination.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["1 link revoked."]
    assert client.get(report_url).status_code == 410
    change = organiser_client.get(reverse("admin:reports_rapporteurnomination_change", args=[nomination.pk]))
    content = change.content.decode()
    assert "Revoked" in content
    assert nomination.token not in content


def test_nomination_cannot_be_moved_to_another_participant(organiser_client, nomination, caribbean):
    url = reverse("admin:reports_rapporteurnomination_change", args=[nomination.pk])
    data = form_data(organiser_client.get(url))
    other = Participant.objects.create(conference=caribbean, full_name="Other", country=nomination.participant.country)
    data["participant"] = other.pk
    assert organiser_client.post(url, data).status_code == 302
    nomination.refresh_from_db()
    assert nomination.participant.full_name == "Ann Example"


def test_report_page_is_read_only_and_links_to_the_console(organiser_client, nomination):
    """The admin's report page showed three Save buttons, and Publish under Delete: it is now a plain page."""
    report = save(nomination.breakout.report, nomination, first="Our answer", conclusions="**Key** point")
    url = reverse("admin:reports_rapporteurreport_change", args=[report.pk])
    response = organiser_client.get(url)
    content = response.content.decode()
    page = html.fromstring(content)
    assert "<p>Our answer</p>" in content
    assert "<p><strong>Key</strong> point</p>" in content
    assert page.xpath("//input[@type='submit']/@name | //input[@type='submit']/@value") == []
    assert [" ".join(a.text_content().split()) for a in page.xpath("//div[contains(@class, 'submit-row')]//a")] == [
        "Close",
        "Delete",
    ]
    assert [(a.text, a.get("href")) for a in page.xpath("//div[contains(@class, 'field-console')]//a")] == [
        ("History, compare, restore", f"/caribbean/organisers/reports/{report.pk}/history/"),
        ("Edit the text", "/caribbean/organisers/sessions/1/groups/1/report/"),
        ("Publish", f"/caribbean/organisers/reports/{report.pk}/publish/"),
    ]
    # Posting the old buttons or the old actions changes nothing: publishing is the console's.
    assert organiser_client.post(url, {**form_data(response), "_publish": "Publish"}).status_code == 403
    changelist = reverse("admin:reports_rapporteurreport_changelist")
    organiser_client.post(changelist, {"action": "publish", "_selected_action": [report.pk]})
    assert RapporteurReport.objects.get().status == ReportStatus.DRAFT
    actions = organiser_client.get(changelist).context["action_form"].fields["action"].choices
    assert [(name, str(label)) for name, label in actions] == [
        ("", "---------"),
        ("delete_selected", "Delete selected rapporteur reports"),
    ]
    assert organiser_client.get(reverse("admin:reports_rapporteurreport_add")).status_code == 403


def test_revision_history_is_shown_read_only(organiser_client, nomination):
    report = save(nomination.breakout.report, nomination, conclusions="First")
    save(report, nomination, conclusions="Second")
    page = html.fromstring(
        organiser_client.get(reverse("admin:reports_rapporteurreport_change", args=[report.pk])).content
    )
    rows = page.xpath("//div[contains(@class, 'inline-group')]//tbody/tr[contains(@class, 'form-row')]")
    assert [
        [" ".join(td.text_content().split()) for td in row.xpath("td[contains(@class, 'field-')]")][:4] for row in rows
    ] == [
        ["2", "Draft saved", "Draft", "Ann Example"],
        ["1", "Draft saved", "Draft", "Ann Example"],
    ]


def test_deleting_an_answered_question_in_the_breakout_page_is_refused_naming_the_answers(
    organiser_client, nomination, breakout_1_1
):
    """Scenario 2: ticking "Delete" on an answered question took the rapporteur's answers with it, unannounced."""
    save(breakout_1_1.report, nomination, first="Our answer to the first question")
    question = breakout_1_1.questions.get(position=1)
    url = reverse("admin:groups_breakout_change", args=[breakout_1_1.pk])
    data = form_data(organiser_client.get(url))
    prefix = next(
        key[: -len("-id")] for key, value in data.items() if key.endswith("-id") and value == str(question.pk)
    )
    data[f"{prefix}-DELETE"] = "on"
    response = organiser_client.post(url, data)
    assert response.status_code == 200
    page = html.fromstring(response.content.decode())
    errors = [e.text_content() for e in page.xpath("//ul[contains(@class, 'errorlist')]")]
    assert errors == [
        f"Deleting question {question} would require deleting the following protected related objects: answer to a "
        "question “Our answer to the first question” (Report of Session 1, Group 1: Communication and advocacy)"
    ]
    assert breakout_1_1.questions.filter(pk=question.pk).exists()

    # Retiring it instead keeps the answer, off the form and the public pages.
    data.pop(f"{prefix}-DELETE")
    data[f"{prefix}-retired"] = "on"
    assert organiser_client.post(url, data).status_code == 302
    question.refresh_from_db()
    assert question.retired
    assert (
        RapporteurReport.objects.with_content().get().content.answer(question.pk) == "Our answer to the first question"
    )
