"""Organisers in the admin: nominate (link and QR code), revoke, review, publish one by one and in bulk,
compare and restore revisions."""

import pytest
from django.urls import reverse
from lxml import html

from conference.models import Participant
from groups.reports import services
from groups.reports.models import RapporteurNomination, RapporteurReport, ReportStatus
from tests.conftest import report_content
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def save(report, by, **fields):
    report = RapporteurReport.objects.with_content().get(pk=report.pk)
    content = report_content(report.breakout, **fields)
    return services.save_report(report=report, content=content, base_version=report.version, by=by).report


def test_nominating_in_admin_shows_the_link_and_qr_code(organiser_client, breakout_1_1, ann):
    response = organiser_client.post(
        reverse("admin:reports_rapporteurnomination_add"),
        {"breakout": breakout_1_1.pk, "participant": ann.pk},
        follow=True,
    )
    nomination = RapporteurNomination.objects.get()
    assert response.redirect_chain[-1][0] == reverse("admin:reports_rapporteurnomination_change", args=[nomination.pk])
    page = html.fromstring(response.content.decode())
    assert page.get_element_by_id("rapporteur-url").value == f"http://testserver/report/{nomination.token}/"
    assert len(page.xpath("//div[contains(@class, 'rapporteur-qr')]/svg")) == 1
    assert RapporteurReport.objects.get().breakout == breakout_1_1

    card = organiser_client.get(reverse("admin:reports_rapporteurnomination_card", args=[nomination.pk]))
    content = card.content.decode()
    assert f"http://testserver/report/{nomination.token}/" in content
    assert "Ann Example (Jamaica)" in content


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
    assert "This link is revoked: it no longer opens the report." in content
    assert nomination.token not in content


def test_nomination_cannot_be_moved_to_another_participant(organiser_client, nomination, caribbean):
    url = reverse("admin:reports_rapporteurnomination_change", args=[nomination.pk])
    data = form_data(organiser_client.get(url))
    other = Participant.objects.create(conference=caribbean, full_name="Other", country=nomination.participant.country)
    data["participant"] = other.pk
    assert organiser_client.post(url, data).status_code == 302
    nomination.refresh_from_db()
    assert nomination.participant.full_name == "Ann Example"


def test_review_page_shows_the_report_and_publishes_it(organiser_client, nomination, organiser):
    report = save(nomination.breakout.report, nomination, first="Our answer", conclusions="**Key** point")
    url = reverse("admin:reports_rapporteurreport_change", args=[report.pk])
    response = organiser_client.get(url)
    content = response.content.decode()
    assert "<p>Our answer</p>" in content
    assert "<p><strong>Key</strong> point</p>" in content
    data = form_data(response)
    response = organiser_client.post(url, {**data, "_publish": "Publish"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["The report is published."]
    report.refresh_from_db()
    assert report.status == ReportStatus.PUBLISHED
    data = form_data(organiser_client.get(url))
    organiser_client.post(url, {**data, "_unpublish": "Unpublish"})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert list(report.revisions.values_list("action", "saved_by")) == [
        ("unpublished", "org"),
        ("published", "org"),
        ("saved", "Ann Example"),
    ]


def test_bulk_publish_action_is_named_publish(organiser_client, caribbean):
    from groups.models import Breakout

    reports = [services.report_for(b) for b in Breakout.objects.filter(session__number=2)]
    url = reverse("admin:reports_rapporteurreport_changelist")
    response = organiser_client.get(url)
    assert ("publish", "Publish") in [
        (n, str(label)) for n, label in response.context["action_form"].fields["action"].choices
    ]
    response = organiser_client.post(
        url, {"action": "publish", "_selected_action": [r.pk for r in reports]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["4 reports published."]
    assert RapporteurReport.objects.published().count() == 4


def test_compare_and_restore_revisions(organiser_client, nomination):
    report = save(nomination.breakout.report, nomination, conclusions="Old <script>alert(1)</script> text")
    save(report, nomination, conclusions="New text")
    old, new = report.revisions.order_by("version")
    compare = organiser_client.get(reverse("admin:reports_rapporteurreport_compare", args=[report.pk, old.pk]))
    content = compare.content.decode()
    assert compare.status_code == 200
    assert 'class="diff"' in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content
    between = organiser_client.get(
        reverse("admin:reports_rapporteurreport_compare", args=[report.pk, old.pk]), {"with": new.pk}
    )
    assert between.status_code == 200

    restore_url = reverse("admin:reports_rapporteurreport_restore", args=[report.pk, old.pk])
    assert "Restore the text of version 1" in organiser_client.get(restore_url).content.decode()
    response = organiser_client.post(restore_url, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Version 1 is restored as the current text."]
    report.refresh_from_db()
    assert (report.version, report.conclusions) == (3, "Old <script>alert(1)</script> text")
    assert list(report.revisions.values_list("version", "action")) == [(3, "restored"), (2, "saved"), (1, "saved")]


def test_compare_with_an_unknown_revision_shows_the_current_text_or_is_not_found(organiser_client, nomination):
    report = save(nomination.breakout.report, nomination, conclusions="Text")
    url = reverse("admin:reports_rapporteurreport_compare", args=[report.pk, report.revisions.get().pk])
    statuses = {other: organiser_client.get(url, {"with": other}).status_code for other in ["", "x", "²", "99999"]}
    assert statuses == {"": 200, "x": 200, "²": 200, "99999": 404}  # "²" was a server error: a digit, but not to int()


def test_revision_pages_need_the_permission(client, django_user_model, nomination):
    report = save(nomination.breakout.report, nomination, conclusions="Text")
    revision = report.revisions.get()
    url = reverse("admin:reports_rapporteurreport_restore", args=[report.pk, revision.pk])
    assert client.get(url).status_code == 302  # to the login
    staff = django_user_model.objects.create_user(username="staff", password="pw-for-tests-only", is_staff=True)
    client.force_login(staff)
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    report.refresh_from_db()
    assert report.version == 1


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
