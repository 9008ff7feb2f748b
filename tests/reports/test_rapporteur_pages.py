"""The rapporteur's journey through their private link: open, write, save, conflict, submit, published, revoked."""

import datetime
import json

import pytest
from django.test import override_settings
from django.utils import timezone
from lxml import html

from conference import links
from groups.models import Breakout, Question
from groups.reports import services
from groups.reports.models import RapporteurNomination, RapporteurReport, ReportStatus
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
    assert list(response.context["form"].fields) == [
        first,
        second,
        "conclusions",
        "actions",
        "base_version",
        "field_versions",
    ]
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
    data = filled(client, report_url, **{first: "We agreed.", "conclusions": "Conclusions", "actions": "- Act"})
    response = client.post(report_url, {**data, "action": "save"}, follow=True)
    assert response.redirect_chain[0][0] == report_url + "?saved=1"
    assert [m.message.split(" at ")[0] for m in response.context["messages"]] == ["Draft saved"]
    report = RapporteurReport.objects.get()
    assert (report.status, report.version, report.conclusions) == (ReportStatus.DRAFT, 1, "Conclusions")

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
    data = filled(client, report_url, **{first: typed, second: "x" * 6001, "conclusions": "   "})
    response = client.post(report_url, {**data, "action": "submit"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors == {
        second: ["This is limited to 6000 characters and has 6001: shorten it by 1 character."],
    }
    assert textarea_values(response) == {first: typed, second: "x" * 6001, "conclusions": "   ", "actions": ""}
    assert RapporteurReport.objects.get().version == 0

    data = filled(client, report_url, **{first: typed, "conclusions": "   "})
    response = client.post(report_url, {**data, "action": "submit"})
    assert response.context["form"].errors == {
        "conclusions": ["Write the main conclusions before you submit the report."]
    }
    assert textarea_values(response)[first] == typed
    assert "Not saved yet: please see the messages under the fields." in response.content.decode()


def test_a_stale_save_is_merged_field_by_field(client, report_url, breakout_1_1, nomination):
    """Scenario 1 without a browser: the laptop saves answer 1 and the actions; the phone, opened earlier, changes
    only the conclusions. Its save merges: nothing the laptop wrote is lost, and the phone is told what was kept."""
    first, _second = field_names(breakout_1_1)
    phone = filled(client, report_url, conclusions="The phone's conclusions")
    laptop = filled(client, report_url, **{first: "The laptop's answer", "actions": "- The laptop's action"})
    assert client.post(report_url, {**laptop, "action": "save"}).status_code == 302

    response = client.post(report_url, {**phone, "action": "save"}, follow=True)
    assert response.redirect_chain == [(report_url + "?saved=2", 302)]
    assert [m.message for m in response.context["messages"]][-1] == (
        "The answer to question 1 and recommended actions had been changed by your other device or browser in the "
        "meantime: that text is kept."
    )
    report = RapporteurReport.objects.get()
    assert (report.version, report.conclusions, report.actions) == (
        2,
        "The phone's conclusions",
        "- The laptop's action",
    )
    assert report.answers.get(question__position=1).text == "The laptop's answer"
    assert list(report.revisions.values_list("version", "saved_by")) == [(2, "Ann Example"), (1, "Ann Example")]


def test_a_field_both_changed_is_shown_side_by_side_and_the_rest_merged(client, report_url, breakout_1_1, nomination):
    first, second = field_names(breakout_1_1)
    phone = filled(client, report_url, **{first: "Phone answer", "conclusions": "Phone conclusions"})
    laptop = filled(client, report_url, **{second: "Laptop answer 2", "conclusions": "Laptop conclusions"})
    assert client.post(report_url, {**laptop, "action": "save"}).status_code == 302

    response = client.post(report_url, {**phone, "action": "save"})
    assert response.status_code == 409
    content = response.content.decode()
    assert "This report was saved by your other device or browser while you were writing" in content
    assert "Someone else" not in content
    assert "Both of you changed the main conclusions, so nothing was saved yet." in content
    assert "The other save’s answer to question 2 is already in the form below" in content
    merge = form_data(response)
    assert (merge["base_version"], merge[first], merge[second], merge["conclusions"]) == (
        "1",
        "Phone answer",
        "Laptop answer 2",
        "Phone conclusions",
    )
    page = html.fromstring(content)
    # Only the field in conflict shows the other text; no field shows it twice.
    assert [t.get("id") for t in page.xpath("//div[contains(@class, 'report-theirs')]/textarea")] == [
        "theirs-conclusions"
    ]
    assert page.get_element_by_id("theirs-conclusions").text == "\nLaptop conclusions"
    assert RapporteurReport.objects.get().version == 1

    # Keep theirs for the conclusions: the phone's answer 1 is saved, the laptop's conclusions and answer 2 stay.
    response = client.post(report_url, {**merge, "choice_conclusions": "theirs", "action": "save"})
    assert response.status_code == 302
    report = RapporteurReport.objects.get()
    assert (report.version, report.conclusions) == (2, "Laptop conclusions")
    assert [a.text for a in report.answers.order_by("question__position")] == ["Phone answer", "Laptop answer 2"]


def test_an_organisers_edit_is_named_to_the_rapporteur(client, report_url, breakout_1_1, nomination, organiser):
    phone = filled(client, report_url, conclusions="Phone conclusions")
    report = RapporteurReport.objects.with_content().get()
    content = report.content.replace({"conclusions": "Secretariat conclusions"})
    services.save_report(report=report, content=content, base_version=0, by=organiser)
    response = client.post(report_url, {**phone, "action": "save"})
    assert response.status_code == 409
    assert "This report was saved by org while you were writing" in response.content.decode()


def test_autosave_answers_json_merges_and_names_conflicts(client, report_url, breakout_1_1):
    first, second = field_names(breakout_1_1)
    data = filled(client, report_url, **{first: "Typed on the phone"})
    autosave = report_url + "autosave/"
    response = client.post(autosave, data)
    assert response.status_code == 200
    body = response.json()
    assert (body["status"], body["version"], body["report_status"], body["merged"]) == ("saved", 1, "draft", {})
    assert body["message"].startswith("Draft saved automatically at ")

    # From version 0 again, as another tab would: a different field merges, and the answer says what came back.
    response = client.post(autosave, {**data, first: "", second: "From the other tab"})
    assert response.status_code == 200
    body = response.json()
    assert (body["version"], body["merged"]) == (2, {first: "Typed on the phone"})
    assert body["message"].endswith(
        "The answer to question 1 had been changed by your other device or browser in the meantime: that text is kept."
    )

    response = client.post(autosave, {**data, first: "Other text"})  # still based on version 0: answer 1 conflicts
    assert response.status_code == 409
    assert response.json() == {
        "status": "conflict",
        "version": 2,
        "conflicts": [first],
        "merged": [second],
        "message": "Not saved: your other device or browser changed the answer to question 1 too. Your text is kept "
        "in this browser. Press “Save draft” to see both versions side by side and choose.",
    }
    response = client.post(autosave, {**data, "base_version": "2", "actions": "y" * 4001})
    assert response.status_code == 400
    assert json.loads(response.content)["errors"] == {
        "actions": ["This is limited to 4000 characters and has 4001: shorten it by 1 character."]
    }
    assert client.get(autosave).status_code == 405
    report = RapporteurReport.objects.get()
    assert [a.text for a in report.answers.order_by("question__position")] == [
        "Typed on the phone",
        "From the other tab",
    ]


def test_autosave_for_a_retired_question_is_refused_and_hands_the_text_back(client, report_url, breakout_1_1):
    """Scenario 2: the organisers retire a question while the rapporteur types an answer to it."""
    first, _second = field_names(breakout_1_1)
    data = filled(client, report_url, **{first: "Saved first"})
    assert client.post(report_url + "autosave/", data).json()["status"] == "saved"
    Question.objects.filter(pk=breakout_1_1.questions.get(position=1).pk).update(retired=True)
    response = client.post(report_url + "autosave/", {**data, "base_version": "1", first: "Typed after"})
    assert response.status_code == 409
    assert response.json() == {
        "status": "question_removed",
        "message": "Not saved: the organisers removed a question you wrote an answer to. Your text for it is shown "
        "below the form: copy what you need into another field, then reload the page.",
        "removed": {first: "Typed after"},
        "labels": {first: "answer to question 1"},
    }
    response = client.post(report_url, {**data, "base_version": "1", first: "Typed after", "action": "save"})
    assert response.status_code == 409
    page = html.fromstring(response.content.decode())
    assert page.get_element_by_id("removed-1").text == "\nTyped after"
    assert first not in response.context["form"].fields
    report = RapporteurReport.objects.get()
    assert (report.version, report.answers.get().text) == (1, "Saved first")


def test_autosave_needs_the_csrf_token(report_url, breakout_1_1):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    data = filled(strict, report_url)
    assert strict.post(report_url + "autosave/", data).status_code == 200
    data.pop("csrfmiddlewaretoken")
    assert strict.post(report_url + "autosave/", data).status_code == 403


def test_published_report_is_shown_and_cannot_be_changed(client, report_url, breakout_1_1, organiser):
    first, _second = field_names(breakout_1_1)
    data = filled(client, report_url, **{first: "Answer", "conclusions": "Final words"})
    client.post(report_url, {**data, "action": "submit"})
    stale = form_data(client.get(report_url))
    services.publish_reports(reports=RapporteurReport.objects.all(), by=organiser)

    response = client.get(report_url)
    assert "This report is published." in response.content.decode()
    assert html.fromstring(response.content.decode()).xpath("//form[@id='report-form']") == []

    response = client.post(report_url, {**stale, "conclusions": "Late change", "action": "submit"})
    assert response.status_code == 409
    assert "The organisers published this report while you were writing" in response.content.decode()
    assert textarea_values(response)["conclusions"] == "Late change"
    assert RapporteurReport.objects.get().conclusions == "Final words"
    response = client.post(report_url + "autosave/", {**stale, "conclusions": "Late change"})
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


@pytest.fixture
def miss_limit(monkeypatch):
    """A small limit, so that the tests need few requests (the real one is conference.links.MISS_LIMIT)."""
    monkeypatch.setattr(links, "MISS_LIMIT", 5)
    return 5


def test_unknown_links_are_rate_limited_per_client_but_a_valid_link_always_opens(client, report_url, miss_limit):
    for _attempt in range(miss_limit):
        response = client.get("/report/guessed-key/")
        assert (response.status_code, response.context["title"]) == (404, "This link is not known")
    response = client.get("/report/another-guess/")
    assert (response.status_code, response.context["title"], response["Retry-After"]) == (
        429,
        "Too many attempts",
        "600",
    )
    # Typos from phones behind the same venue address never lock a rapporteur out.
    assert client.get(report_url).status_code == 200
    assert client.get("/report/guessed-key/", REMOTE_ADDR="10.0.0.2").status_code == 404


@override_settings(DEBUG=False)
def test_link_problems_show_no_trace(client):
    response = client.get("/report/no-such-key/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()
    assert "This report link does not exist." in response.content.decode()


def test_a_link_reaches_only_its_own_breakout(client, report_url, caribbean, breakout_1_1):
    other = Breakout.objects.get(session__number=1, group__number=2)
    other_question = other.questions.first()
    data = filled(client, report_url, **{f"answer_{other_question.pk}": "Smuggled", "conclusions": "Mine"})
    assert client.post(report_url, {**data, "action": "save"}).status_code == 409
    assert not RapporteurReport.objects.filter(breakout=other).exists()
    assert not RapporteurReport.objects.exclude(version=0).exists()
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


def test_page_traffic_cannot_evict_the_count_of_unknown_links(client, report_url, caribbean, miss_limit):
    """Finding 1 of "Venue-proof": 320 pages with made-up query strings evicted the miss counter from the cache."""
    for _attempt in range(miss_limit):
        client.get("/report/guessed-key/")
    for number in range(320):
        assert client.get(f"/caribbean/?made-up={number}").status_code == 200
    assert client.get("/report/another-guess/").status_code == 429
    assert client.get(report_url).status_code == 200
