"""The rapporteur's journey through their private link: open, write, save, conflict, submit, published, revoked."""

import datetime
import json

import pytest
from django.test import override_settings
from django.utils import timezone
from lxml import html

from groups import services
from groups.models import RapporteurNomination, RapporteurReport, ReportStatus
from groups.rapporteur_views import MISS_LIMIT
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def field_names(breakout):
    q1, q2 = breakout.questions.all()
    return f"answer_{q1.pk}", f"answer_{q2.pk}"


def filled(client, url, **values):
    """The page's form as the browser would send it, with some fields typed in."""
    data = form_data(client.get(url))
    data.update(values)
    return data


def textarea_values(response):
    form = html.fromstring(response.content.decode()).get_element_by_id("report-form")
    return {t.name: (t.text or "\n")[1:] for t in form.xpath(".//textarea")}


def test_link_opens_the_breakout_topic_questions_and_fields(client, report_url, breakout_1_1):
    response = client.get(report_url)
    assert response.status_code == 200
    first, second = field_names(breakout_1_1)
    assert list(response.context["form"].fields) == [first, second, "text", "actions", "base_version"]
    page = html.fromstring(response.content.decode())
    assert page.xpath("//h1/text()") == ["Communication and advocacy"]
    assert [q.text_content() for q in page.xpath("//div[@class='report-question']/p")] == list(
        breakout_1_1.questions.values_list("text", flat=True)
    )
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert (response["Referrer-Policy"], response["X-Robots-Tag"]) == ("same-origin", "noindex, nofollow")
    assert "maxlength" not in response.content.decode()


def test_save_draft_then_submit(client, report_url, breakout_1_1):
    first, second = field_names(breakout_1_1)
    data = filled(client, report_url, **{first: "We agreed.", "text": "Conclusions", "actions": "- Act"})
    response = client.post(report_url, {**data, "action": "save"}, follow=True)
    assert response.redirect_chain[0][0] == report_url
    assert [m.message.split(" at ")[0] for m in response.context["messages"]] == ["Draft saved"]
    report = RapporteurReport.objects.get()
    assert (report.status, report.version, report.text) == (ReportStatus.DRAFT, 1, "Conclusions")

    data = form_data(response)
    assert (data["base_version"], data[first], data[second]) == ("1", "We agreed.", "")
    response = client.post(report_url, {**data, "action": "submit"}, follow=True)
    assert [m.message.split(" at ")[0] for m in response.context["messages"]] == ["Report submitted"]
    report.refresh_from_db()
    assert (report.status, report.version) == (ReportStatus.SUBMITTED, 2)
    assert "You can still change it until the organisers publish it" in response.content.decode()


def test_submit_needs_the_main_conclusions_and_keeps_every_typed_character(client, report_url, breakout_1_1):
    first, second = field_names(breakout_1_1)
    typed = "  Two spaces first, <b>tags</b> & “quotes”, ümlauts,\n\n- a list\ttab  "
    data = filled(client, report_url, **{first: typed, second: "x" * 6001, "text": "   "})
    response = client.post(report_url, {**data, "action": "submit"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {
        second: ["This is limited to 6000 characters and has 6001: shorten it by 1 character."],
    }
    assert textarea_values(response) == {first: typed, second: "x" * 6001, "text": "   ", "actions": ""}
    assert RapporteurReport.objects.get().version == 0

    data = filled(client, report_url, **{first: typed, "text": "   "})
    response = client.post(report_url, {**data, "action": "submit"})
    assert response.context["form"].errors == {"text": ["Write the main conclusions before you submit the report."]}
    assert textarea_values(response)[first] == typed
    assert "Not saved yet: please see the messages under the fields." in response.content.decode()


def test_two_stale_copies_second_is_refused_with_both_versions(client, report_url, breakout_1_1, nomination):
    first, second = field_names(breakout_1_1)
    phone = filled(client, report_url, **{first: "From the phone", "text": "Phone conclusions"})
    laptop = filled(client, report_url, **{first: "From the laptop", "text": "Laptop conclusions"})
    assert client.post(report_url, {**phone, "action": "save"}).status_code == 302

    response = client.post(report_url, {**laptop, "action": "save"})
    assert response.status_code == 409
    content = response.content.decode()
    assert "Someone else saved this report while you were writing" in content
    assert "It was saved by Ann Example at" in content
    merge = form_data(response)
    assert (merge["base_version"], merge[first], merge[second], merge["text"]) == (
        "1",
        "From the laptop",
        "",
        "Laptop conclusions",
    )
    page = html.fromstring(content)
    assert [t.text[1:] for t in page.xpath("//div[@class='report-theirs']/textarea")] == [
        "From the phone",
        "",
        "Phone conclusions",
        "",
    ]
    report = RapporteurReport.objects.get()
    assert (report.version, report.text) == (1, "Phone conclusions")

    merge[first] = "From the phone. From the laptop."
    assert client.post(report_url, {**merge, "action": "save"}).status_code == 302
    report.refresh_from_db()
    assert (report.version, report.answers.get(question__position=1).text) == (2, "From the phone. From the laptop.")
    assert report.revisions.count() == 2


def test_autosave_answers_json_and_refuses_stale_versions(client, report_url, breakout_1_1):
    first, _second = field_names(breakout_1_1)
    data = filled(client, report_url, **{first: "Typed on the phone"})
    autosave = report_url + "autosave/"
    response = client.post(autosave, data)
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["version"], body["report_status"]) == ("saved", 1, "draft")
    assert body["message"].startswith("Draft saved automatically at ")

    response = client.post(autosave, {**data, first: "Other text"})  # still based on version 0
    assert response.status_code == 409
    assert response.json() == {
        "status": "conflict",
        "version": 1,
        "message": "Someone else saved this report in the meantime, so your changes were not saved automatically. "
        "They are kept in this browser. Press “Save draft” to see both versions and merge them.",
    }
    response = client.post(autosave, {**data, "base_version": "1", "actions": "y" * 4001})
    assert response.status_code == 400
    assert json.loads(response.content)["errors"] == {
        "actions": ["This is limited to 4000 characters and has 4001: shorten it by 1 character."]
    }
    assert client.get(autosave).status_code == 405
    assert RapporteurReport.objects.get().answers.get(question__position=1).text == "Typed on the phone"


def test_autosave_needs_the_csrf_token(report_url, breakout_1_1):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    data = filled(strict, report_url)
    assert strict.post(report_url + "autosave/", data).status_code == 200
    data.pop("csrfmiddlewaretoken")
    assert strict.post(report_url + "autosave/", data).status_code == 403


def test_published_report_is_shown_and_cannot_be_changed(client, report_url, breakout_1_1, organiser):
    first, _second = field_names(breakout_1_1)
    data = filled(client, report_url, **{first: "Answer", "text": "Final words"})
    client.post(report_url, {**data, "action": "submit"})
    stale = form_data(client.get(report_url))
    services.publish_reports(reports=RapporteurReport.objects.all(), by=organiser)

    response = client.get(report_url)
    assert "This report is published." in response.content.decode()
    assert html.fromstring(response.content.decode()).xpath("//form[@id='report-form']") == []

    response = client.post(report_url, {**stale, "text": "Late change", "action": "submit"})
    assert response.status_code == 409
    assert "The organisers published this report while you were writing" in response.content.decode()
    assert textarea_values(response)["text"] == "Late change"
    assert RapporteurReport.objects.get().text == "Final words"
    response = client.post(report_url + "autosave/", {**stale, "text": "Late change"})
    assert (response.status_code, response.json()["status"]) == (409, "published")


def test_revoked_link_gets_a_clear_page(client, report_url, nomination):
    services.revoke_nominations(nominations=RapporteurNomination.objects.all())
    for url in (report_url, report_url + "autosave/"):
        response = client.get(url) if url == report_url else client.post(url, {})
        assert response.status_code == 410
        assert response.context["title"] == "This link was withdrawn"
        assert "ask them for a new link" in response.content.decode()


def test_expired_link_gets_a_clear_page(client, report_url, caribbean):
    caribbean.end_date = timezone.localdate() - datetime.timedelta(days=2)
    caribbean.save()
    response = client.get(report_url)
    assert (response.status_code, response.context["title"]) == (410, "This link has expired")


def test_unknown_links_are_rate_limited_per_client(client, report_url):
    for _attempt in range(MISS_LIMIT):
        response = client.get("/report/guessed-key/")
        assert (response.status_code, response.context["title"]) == (404, "This link is not known")
    response = client.get(report_url)  # even a good link, so that guesses cannot be confirmed
    assert (response.status_code, response.context["title"], response["Retry-After"]) == (
        429,
        "Too many attempts",
        "600",
    )
    other = client.get(report_url, REMOTE_ADDR="10.0.0.2")
    assert other.status_code == 200


@override_settings(DEBUG=False)
def test_link_problems_show_no_trace(client):
    response = client.get("/report/no-such-key/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
    assert "This report link does not exist." in response.content.decode()


def test_a_link_reaches_only_its_own_breakout(client, report_url, caribbean, breakout_1_1):
    from groups.models import Breakout

    other = Breakout.objects.get(session__number=1, group__number=2)
    other_question = other.questions.first()
    data = filled(client, report_url, **{f"answer_{other_question.pk}": "Smuggled", "text": "Mine"})
    assert client.post(report_url, {**data, "action": "save"}).status_code == 302
    assert not RapporteurReport.objects.filter(breakout=other).exists()
    assert [r.breakout for r in RapporteurReport.objects.exclude(version=0)] == [breakout_1_1]
    content = client.get(report_url).content.decode()
    assert other.topic not in content


@pytest.mark.parametrize("base_version", ["", "undefined", "-1"])
def test_a_damaged_version_number_is_explained_and_nothing_typed_is_lost(
    client, report_url, breakout_1_1, base_version
):
    first, _second = field_names(breakout_1_1)
    data = filled(client, report_url, **{first: "Typed text", "base_version": base_version})
    response = client.post(report_url, {**data, "action": "save"})
    message = (
        "This page did not send which version of the report it shows, so nothing was saved. Copy your text, "
        "reload the page, paste it back and save again."
    )
    assert response.status_code == 200
    assert html.fromstring(response.content.decode()).xpath("//div[@class='alert alert-danger']//li/text()") == [
        message
    ]
    assert textarea_values(response)[first] == "Typed text"
    assert RapporteurReport.objects.get().version == 0
