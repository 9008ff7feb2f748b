"""The organisers' console in a real browser: reached from the admin in one click; one delegate nominated for all four
sessions; links emailed to a real SMTP server on 127.0.0.1, and a failed send reported; publishing with a confirmation
and an undo; the table kept current without reloading the page; 100 people imported from Excel; the conference copied;
the breakout screen at 1920×1080; the cards on A4."""

import re

import openpyxl
import pytest
from playwright.sync_api import expect

from conference.models import Conference, Country, Participant
from groups.models import Breakout, BreakoutGroup, Question
from groups.reports import services
from groups.reports.models import LinkEmail, RapporteurNomination, RapporteurReport, ReportStatus
from sessions.models import Session
from tests.conftest import add_people, report_content

from .conftest import DESKTOP, PHONE, hold_clock, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

SCREEN = {"width": 1920, "height": 1080}


@pytest.fixture
def organiser(browser, live_server, loaded, organiser_login):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    log_in(page, organiser_login)
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()
    yield page
    context.close()
    assert refused == []


def ann_for_every_session():
    """Ann Example, a delegate of Jamaica (group 1) with an email address, group 1's rapporteur in sessions 1–4."""
    jamaica = Country.objects.get(code="JM")
    ann = Participant.objects.create(
        conference=jamaica.conference, full_name="Ann Example", country=jamaica, email="ann@example.org"
    )
    group = BreakoutGroup.objects.get(number=1)
    return services.nominate_for_sessions(group=group, sessions=Session.objects.breakouts(), participant=ann)


def test_the_organiser_reaches_the_console_from_the_admin_in_one_click(organiser, axe):
    organiser.get_by_role("link", name="Organisers’ console").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Organisers’ console")
    assert organiser.url.endswith("/caribbean/organisers/")
    organiser.get_by_role("link", name="Open").first.click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Session 1: rapporteurs and reports")
    # Usable on a 360 px phone: no sideways scrolling, and no serious accessibility problem (axe) on either width.
    organiser.context.add_init_script(script=axe)
    for label, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        organiser.set_viewport_size(viewport)
        organiser.reload()
        expect(organiser.locator("#group-4")).to_be_visible()
        results = organiser.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        serious = [(v["id"], v["impact"]) for v in results["violations"] if v["impact"] in ("serious", "critical")]
        screenshot(organiser, f"console-dashboard-{label}")
        assert serious == [], label
        assert organiser.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_one_delegate_nominated_for_all_four_sessions(organiser):
    organiser.goto("/caribbean/organisers/sessions/1/")
    organiser.locator("#group-1").get_by_role("link", name="Nominate").click()
    organiser.get_by_label("New delegate’s full name").fill("Ann Example")
    organiser.get_by_label("Country or territory").select_option(label="Jamaica")
    organiser.get_by_label("Email").fill("ann@example.org")
    organiser.get_by_label("Every breakout session").check()
    organiser.get_by_role("button", name="Nominate").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Ann Example")
    expect(organiser.locator(".messages")).to_have_text(
        "Ann Example is the rapporteur of Group 1 in sessions 1, 2, 3, 4."
    )
    expect(organiser.locator("section.link-card svg")).to_have_count(4)
    nominations = RapporteurNomination.objects.active().order_by("breakout__session__number")
    assert [(n.breakout.session.number, n.breakout.group.number, n.participant.full_name) for n in nominations] == [
        (1, 1, "Ann Example"),
        (2, 1, "Ann Example"),
        (3, 1, "Ann Example"),
        (4, 1, "Ann Example"),
    ]
    links = organiser.locator("section.link-card .link-url a").all_inner_texts()
    assert links == [f"{organiser.url.split('/caribbean/')[0]}/report/{n.token}/" for n in nominations]


def test_links_emailed_arrive_at_the_smtp_server(organiser, smtp_server, send_email_to, settings, live_server):
    settings.DEFAULT_FROM_EMAIL = "conference@example.org"
    send_email_to(smtp_server.url)
    nominations = ann_for_every_session()
    organiser.goto("/caribbean/organisers/sessions/1/")
    organiser.get_by_role("button", name="Email the links to 1 rapporteur not emailed yet").click()
    expect(organiser.locator(".messages")).to_have_text("Email sent to Ann Example.")
    expect(organiser.locator("#group-1")).to_contain_text("Link emailed")
    [mail] = smtp_server.messages
    assert (mail["From"], mail["To"], " ".join(str(mail["Subject"]).split())) == (
        "conference@example.org",
        "ann@example.org",
        "Your rapporteur links – Caribbean regional conference",
    )
    links = [line for line in mail.get_content().splitlines() if line.startswith("http")]
    assert links == [f"{live_server.url}/report/{n.token}/" for n in nominations]
    assert [e.was_sent for e in LinkEmail.objects.all()] == [True]


def test_a_failed_send_is_reported(organiser, send_email_to, refused_port):
    send_email_to(f"smtp://127.0.0.1:{refused_port}")  # nothing listens there: the mail server is down
    ann_for_every_session()
    organiser.goto("/caribbean/organisers/sessions/1/")
    organiser.get_by_role("button", name="Email the links to 1 rapporteur not emailed yet").click()
    expect(organiser.locator(".messages .alert-danger")).to_have_text(
        re.compile(
            r"^Not sent to Ann Example \(ann@example\.org\): .*Connection refused\. Nothing was marked as sent; try "
            r"again later\.$"
        )
    )
    expect(organiser.locator("#group-1")).to_contain_text("Email failed")
    expect(organiser.get_by_role("button", name="Email the links to 1 rapporteur not emailed yet")).to_be_visible()
    assert [(e.was_sent, "Connection refused" in e.error) for e in LinkEmail.objects.all()] == [(False, True)]


def submitted_report(group=1):
    breakout = Breakout.objects.get(session__number=1, group__number=group)
    country = breakout.group.countries.order_by("name").first()
    person = Participant.objects.create(conference=country.conference, full_name=f"Rapporteur {group}", country=country)
    nomination = services.nominate_rapporteur(breakout=breakout, participant=person)
    report = RapporteurReport.objects.with_content().get(breakout=breakout)
    content = report_content(breakout, first="Our answer", conclusions=f"Conclusions of group {group}")
    services.save_report(report=report, content=content, base_version=report.version, by=nomination, submit=True)
    return RapporteurReport.objects.get(breakout=breakout)


def test_publish_with_a_confirmation_then_undo(organiser):
    report = submitted_report()
    organiser.goto("/caribbean/organisers/sessions/1/")
    row = organiser.locator("#group-1")
    expect(row.locator(".status-badge")).to_have_text("Submitted")
    row.get_by_role("link", name="Publish").click()
    expect(organiser.get_by_role("heading", level=1)).to_have_text("Publish a report")
    expect(organiser.locator(".report-text")).to_contain_text("Our answer")
    assert RapporteurReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED  # asked, not done
    organiser.get_by_role("button", name="Yes, publish it").click()
    expect(row.locator(".status-badge")).to_have_text("Published")
    expect(organiser.locator(".console-undo")).to_contain_text(
        "Report of Session 1, Group 1: Communication and advocacy is published."
    )
    assert RapporteurReport.objects.get(pk=report.pk).status == ReportStatus.PUBLISHED
    organiser.locator(".console-undo").get_by_role("button", name="Undo").click()
    expect(row.locator(".status-badge")).to_have_text("Submitted")
    expect(organiser.locator(".console-undo")).to_contain_text("is no longer published.")
    assert RapporteurReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED


def test_the_table_stays_current_without_reloading_and_can_be_paused(organiser):
    hold_clock(organiser)
    organiser.goto("/caribbean/organisers/sessions/1/")
    organiser.evaluate("window.marker = 'same page'")
    live = organiser.locator("#console-live")
    expect(organiser.locator("#group-2 .status-badge")).to_have_text("Not started")
    submitted_report(group=2)
    organiser.clock.run_for(16_000)
    expect(organiser.locator("#group-2 .status-badge")).to_have_text("Submitted")
    expect(live).to_have_attribute("data-refreshed", "1")
    assert organiser.evaluate("window.marker") == "same page"  # not reloaded
    organiser.get_by_role("button", name="Pause updates").click()
    expect(organiser.get_by_role("button", name="Resume updates")).to_have_attribute("aria-pressed", "true")
    expect(organiser.locator("[data-refresh-status]")).to_have_text("Updates paused.")
    submitted_report(group=3)
    organiser.clock.run_for(60_000)
    expect(organiser.locator("#group-3 .status-badge")).to_have_text("Not started")
    expect(live).to_have_attribute("data-refreshed", "1")
    organiser.get_by_role("button", name="Resume updates").click()
    expect(organiser.locator("#group-3 .status-badge")).to_have_text("Submitted")
    expect(live).to_have_attribute("data-refreshed", "2")


def people_file(path, bad_rows=()):
    """An Excel file of 100 people: 50 delegates of five countries and 50 partners of two organisations."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "email", "country", "organisation"])
    for n in range(1, 101):
        if n in bad_rows:
            sheet.append(bad_rows[n])
        elif n % 2:
            sheet.append(
                [f"Delegate {n}", f"delegate{n}@example.org", ["Jamaica", "Barbados", "GY", "TT", "Haiti"][n % 5], None]
            )
        else:
            sheet.append([f"Partner {n}", f"partner{n}@example.org", None, "World Bank" if n % 4 else "UNFPA"])
    book.save(path)
    return path


def test_100_people_from_an_excel_file_with_three_bad_rows(organiser, tmp_path):
    bad = {
        7: ["Delegate 7", "delegate7@example.org", "Atlantis", None],
        42: [None, "nameless@example.org", "Jamaica", None],
        99: ["Delegate 99", "not an address", "Haiti", None],
    }
    organiser.goto("/admin/conference/participant/")
    organiser.get_by_role("link", name="Import").click()
    expect(organiser.get_by_label("Conference")).to_have_value(str(Conference.objects.get().pk))
    organiser.get_by_label("File to import").set_input_files(people_file(tmp_path / "people.xlsx", bad))
    organiser.get_by_label("Format").select_option(label="xlsx")
    organiser.get_by_role("button", name="Submit").click()
    expect(organiser.get_by_role("heading", name="Some rows failed to validate")).to_be_visible()
    rows = organiser.locator("table.import-preview tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.locator(".validation-error-list").first).to_be_visible()  # not only on hover
    screenshot(organiser, "people-import-errors")
    cells = rows.locator("td:nth-child(2)").evaluate_all("cells => cells.map(cell => cell.textContent)")
    assert [" ".join(text.split()) for text in cells] == [
        "1 country “Atlantis” is not a country or territory of this conference (give its name or ISO code).",
        "1 name This field cannot be blank.",
        "1 email Enter a valid email address.",
    ]
    assert rows.locator("td:first-child").all_inner_texts() == ["7", "42", "99"]
    expect(organiser.get_by_role("button", name="Confirm import")).to_have_count(0)
    assert Participant.objects.count() == 0

    # Corrected, the same file is previewed, then imported whole.
    organiser.get_by_label("File to import").set_input_files(people_file(tmp_path / "people-corrected.xlsx"))
    organiser.get_by_label("Format").select_option(label="xlsx")
    organiser.get_by_role("button", name="Submit").click()
    organiser.get_by_role("button", name="Confirm import").click()
    expect(organiser.locator(".messagelist")).to_have_text(
        "Import finished: 100 new, 0 updated, 0 deleted and 0 skipped participants."
    )
    assert Participant.objects.filter(country__isnull=False).count() == 50
    assert Participant.objects.filter(organisation__name="World Bank").count() == 25


def test_copy_the_conference(organiser):
    caribbean = Conference.objects.get()
    add_people(caribbean)
    organiser.goto(f"/admin/conference/conference/{caribbean.pk}/change/")
    organiser.get_by_role("link", name="Copy this conference").click()
    organiser.get_by_label("Short name for web addresses").fill("caribbean-2027")
    organiser.get_by_label("Region").fill("Caribbean")
    organiser.get_by_role("button", name="Copy").click()
    expect(organiser.locator(".messagelist")).to_have_text(
        "Caribbean regional conference is created with 4 groups, 20 countries, 5 sessions, 16 breakouts and 32 "
        "questions. Fill in its name, dates and venue below."
    )
    copy = Conference.objects.get(slug="caribbean-2027")
    assert (
        copy.breakout_groups.count(),
        copy.countries.count(),
        copy.sessions.count(),
        Breakout.objects.filter(session__conference=copy).count(),
        Question.objects.filter(breakout__session__conference=copy).count(),
        copy.participants.count(),
        RapporteurReport.objects.filter(breakout__session__conference=copy).count(),
        RapporteurNomination.objects.filter(breakout__session__conference=copy).count(),
    ) == (4, 20, 5, 16, 32, 0, 0, 0)


@pytest.mark.parametrize("session", [1, 2, 3, 4])
def test_the_breakout_screen_shows_all_four_groups_questions_at_1920_by_1080(organiser, session):
    organiser.set_viewport_size(SCREEN)
    organiser.goto(f"/caribbean/organisers/sessions/{session}/screen/")
    expect(organiser.locator("html[data-fitted='true']")).to_have_count(1)
    expect(organiser.locator(".site-header, .site-footer, .main-nav")).to_have_count(0)
    questions = list(
        Question.objects.filter(breakout__session__number=session).order_by("breakout__group__number", "position")
    )
    items = organiser.locator(".plenary-group li")
    expect(items).to_have_count(len(questions))
    assert items.all_inner_texts() == [question.text for question in questions]
    for index in range(len(questions)):
        box = items.nth(index).bounding_box()
        inside = (box["x"] >= 0, box["y"] >= 0, box["x"] + box["width"], box["y"] + box["height"])
        assert inside <= (True, True, SCREEN["width"], SCREEN["height"]), (index, box)
    # Readable from the back of the room: the questions' text stays at 18 px or more.
    assert (
        organiser.evaluate("parseFloat(getComputedStyle(document.querySelector('.plenary-group li')).fontSize)") >= 18
    )
    organiser.screenshot(path=f"build/screenshots/breakout-screen-{session}-1920x1080.png")


def test_the_cards_of_a_sessions_four_rapporteurs_print_on_one_a4_page(organiser):
    """The four rapporteurs' cards on one A4 page, the four groups' room cards on the next."""
    for group in (1, 2, 3, 4):
        submitted_report(group)
    organiser.goto("/caribbean/organisers/sessions/1/cards/")
    expect(organiser.locator("article.rapporteur-card:not(.room-card)")).to_have_count(4)
    expect(organiser.locator("article.room-card")).to_have_count(4)
    organiser.emulate_media(media="print")
    expect(organiser.locator(".cards-help")).to_have_count(2)
    for help_text in organiser.locator(".cards-help").all():
        expect(help_text).to_be_hidden()
    pdf = organiser.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 2
