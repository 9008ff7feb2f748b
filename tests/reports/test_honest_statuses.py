"""The console tells the truth: a report nobody wrote is "Not started", publishing an empty or unsubmitted report
says so before it is confirmed, and mails that the development settings only print or file are not called sent."""

import pytest

from groups.reports import services
from groups.reports.models import RapporteurReport, ReportStatus
from tests.conftest import report_content
from tests.reports.test_console import messages_of, page_of, texts, url

pytestmark = pytest.mark.django_db


def save(breakout, by, *, submit=False, **fields):
    report = RapporteurReport.objects.with_content().get(pk=services.report_for(breakout).pk)
    content = report_content(breakout, **fields)
    return services.save_report(report=report, content=content, base_version=report.version, by=by, submit=submit)


def group_1_row(client):
    page = page_of(client.get(url("dashboard", number=1)))
    [row] = page.xpath("//tr[@id='group-1']")
    return {
        "status": texts(row.xpath("./td[@data-label='Report']")),
        "last change": texts(row.xpath("./td[@data-label='Last change']")),
        "actions": texts(row.xpath(".//div[@class='console-actions']/a")),
    }


def test_a_report_is_not_started_until_its_rapporteur_saves_text(organiser_client, nomination):
    assert RapporteurReport.objects.get().status == ReportStatus.DRAFT  # nominating created it, empty
    assert group_1_row(organiser_client) == {
        "status": ["Not started"],
        "last change": ["–"],
        "actions": ["Edit", "Change rapporteur"],
    }
    save(nomination.breakout, nomination, conclusions="A first point")
    row = group_1_row(organiser_client)
    assert (row["status"], row["actions"]) == (["Draft"], ["Edit", "History", "Publish", "Change rapporteur"])
    assert row["last change"] != ["–"]


def test_the_history_and_confirmation_pages_say_not_started_too(organiser_client, nomination):
    report = RapporteurReport.objects.get()
    for name in ("history", "publish"):
        page = page_of(organiser_client.get(url(name, pk=report.pk)))
        assert texts(page.xpath("//main//span[contains(@class, 'status-badge')]")) == ["Not started"]


EMPTY = "This report is empty: nobody has written anything in it. Published, it shows as an empty report."


@pytest.mark.parametrize(
    ("fields", "submit", "warnings"),
    [
        ({}, False, [EMPTY]),
        (
            {"conclusions": "A first point"},
            False,
            ["Its rapporteur has not submitted this report: it is a draft they may still be writing."],
        ),
        ({"conclusions": "A first point"}, True, []),
    ],
)
def test_publishing_an_empty_or_unsubmitted_report_says_so(organiser_client, nomination, fields, submit, warnings):
    if fields or submit:
        save(nomination.breakout, nomination, submit=submit, **fields)
    report = RapporteurReport.objects.get()
    page = page_of(organiser_client.get(url("publish", pk=report.pk)))
    assert texts(page.xpath("//div[contains(@class, 'publish-warning')]")) == warnings
    assert texts(page.xpath("//form[@method='post']//button")) == ["Yes, publish it"]


@pytest.fixture
def emailed_rapporteur(nomination):
    nomination.participant.email = "ann@example.org"
    nomination.participant.save()
    return nomination.participant


@pytest.mark.parametrize(
    ("backend", "message", "dashboard", "rapporteur_page", "notice"),
    [
        (
            "django.core.mail.backends.console.EmailBackend",
            "Email to Ann Example written to the server’s terminal, not sent: this server’s email setting (EMAIL_URL) "
            "prints mails instead of sending them.",
            "Link written to the terminal",
            "written to the terminal, not sent",
            "This server prints mails in its terminal instead of sending them (EMAIL_URL): nobody receives them.",
        ),
        (
            "django.core.mail.backends.filebased.EmailBackend",
            "Email to Ann Example written to a file on the server, not sent: this server’s email setting (EMAIL_URL) "
            "keeps mails in files instead of sending them.",
            "Link written to a file",
            "written to a file, not sent",
            "This server writes mails to files instead of sending them (EMAIL_URL): nobody receives them.",
        ),
        ("django.core.mail.backends.locmem.EmailBackend", "Email sent to Ann Example.", "Link emailed", "sent", None),
    ],
)
def test_mails_the_email_setting_only_prints_or_files_are_not_called_sent(
    organiser_client, emailed_rapporteur, settings, tmp_path, backend, message, dashboard, rapporteur_page, notice
):
    settings.EMAIL_BACKEND = backend
    settings.EMAIL_FILE_PATH = str(tmp_path)
    settings.EMAIL_CONFIGURED = True
    response = organiser_client.post(url("email_session", number=1), {"kind": "links"}, follow=True)
    assert messages_of(response) == [message]

    page = page_of(organiser_client.get(url("dashboard", number=1)))
    [status] = page.xpath("//tr[@id='group-1']/td[@data-label='Rapporteur']/span")
    assert " ".join(status.text_content().split()).startswith(dashboard + " ")
    assert texts(page.xpath("//p[contains(@class, 'email-delivery')]")) == ([notice] if notice else [])

    page = page_of(organiser_client.get(url("rapporteur", pk=emailed_rapporteur.pk)))
    assert texts(page.xpath("//main//ul[contains(@class, 'd-print-none')]/li"))[0].endswith(
        "Links → ann@example.org · " + rapporteur_page
    )
    assert texts(page.xpath("//p[contains(@class, 'email-delivery')]")) == ([notice] if notice else [])
    if backend.endswith("filebased.EmailBackend"):
        assert len(list(tmp_path.iterdir())) == 1
