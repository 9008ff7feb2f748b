"""The conference prepared from the console's checklist at 1366 px, right after the people were imported: dates,
time zone and rooms on the conference's page, each group's default room set once for all 16 breakouts, the
sessions' dates, times and plenary rooms in the sessions list, rapporteurs, facilitators and contributors chosen on the
checklist and their links emailed (read from a real SMTP server); the checklist is empty at the end, and the whole
preparation takes fewer than 20 page loads (the figure is in docs/organisers.md)."""

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conference.models import Conference, Country, Participant
from groups.live.models import FacilitatorNomination
from groups.models import Breakout, BreakoutGroup
from groups.reports.models import RapporteurNomination

from .conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1366, "height": 768}
PREPARE = "/caribbean/organisers/prepare/"
GUIDE = Path(__file__).resolve().parents[2] / "docs" / "organisers.md"
ROOMS = [
    ("plenary", "Plenary hall"),
    ("room-1", "Room 1"),
    ("room-2", "Room 2"),
    ("room-3", "Room 3"),
    ("room-4", "Room 4"),
]
# Three days a month ahead (the links work until the last one); session number: (day, start time).
FIRST_DAY = datetime.date.today() + datetime.timedelta(days=30)
TIMETABLE = {
    1: (0, "09:00"),
    2: (0, "14:00"),
    3: (1, "09:00"),
    4: (1, "14:00"),
    5: (2, "09:00"),
}


def day(offset):
    return (FIRST_DAY + datetime.timedelta(days=offset)).isoformat()


def import_people():
    """What the people import leaves: a delegate of each group with an email address, and a facilitator."""
    conference = Conference.objects.get(slug="caribbean")
    people = {}
    for group in BreakoutGroup.objects.filter(conference=conference).order_by("number"):
        country = Country.objects.filter(group_places__group=group).order_by("name").first()
        people[group.number] = Participant.objects.create(
            conference=conference,
            full_name=f"Delegate {group.number}",
            country=country,
            email=f"delegate{group.number}@example.org",
        )
    people["facilitator"] = Participant.objects.create(
        conference=conference,
        full_name="Fay Facilitator",
        country=Country.objects.filter(conference=conference).order_by("name").last(),
        email="fay@example.org",
    )
    return people


def pending(page):
    return page.locator("ul[data-pending] > li")


def test_the_conference_prepared_from_the_checklist(
    browser, live_server, loaded, organiser_login, smtp_server, send_email_to
):
    send_email_to(smtp_server.url)
    people = import_people()
    context = browser.new_context(viewport=LAPTOP, base_url=live_server.url)
    page = context.new_page()
    loads, refused = [], []
    page.on("load", lambda loaded_page: loads.append(loaded_page.url))
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)

    log_in(page, organiser_login, next_url=PREPARE)
    expect(page.get_by_role("heading", level=1)).to_have_text("Prepare the conference")
    expect(pending(page)).to_have_count(7)

    # Dates, time zone and the venue's rooms: one page of the admin.
    page.locator("#todo-dates a").click()
    page.get_by_label("First day").fill(day(0))
    page.get_by_label("Last day").fill(day(2))
    page.get_by_label("Time zone").fill("America/Port_of_Spain")
    for index, (code, name) in enumerate(ROOMS):
        page.get_by_role("button", name="Add another Room").click()
        page.locator(f"input[name='rooms-{index}-code']").fill(code)
        page.locator(f"input[name='rooms-{index}-name_en']").fill(name)
        page.locator(f"input[name='rooms-{index}-position']").fill(str(index))
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto(PREPARE)
    expect(page.locator("#todo-dates")).to_have_count(0)
    expect(page.locator("#todo-rooms")).to_have_count(0)

    # Each group's room, once for all four sessions.
    expect(page.locator("#todo-breakout_rooms")).to_have_text("Breakout rooms: 16 of 16 breakouts have no room.")
    for number in range(1, 5):
        page.get_by_label(f"Group {number}", exact=True).select_option(label=f"Room {number}")
    page.get_by_role("button", name="Save the groups’ rooms").click()
    expect(page.locator(".messages")).to_contain_text("4 groups’ rooms saved.")
    expect(page.locator("#todo-breakout_rooms")).to_have_count(0)

    # The sessions' dates, start times and plenary rooms: one save of the sessions list.
    page.locator("#todo-sessions a").click()
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(5)
    for row_index in range(5):
        row = rows.nth(row_index)
        number = int(row.locator("th, td").nth(1).inner_text().strip())
        offset, time = TIMETABLE[number]
        row.locator("input[name$='-date']").fill(day(offset))
        row.locator("input[name$='-start_time']").fill(time)
        row.locator(".select2-selection").click()
        page.locator(".select2-search__field").fill("Plenary")
        page.locator(".select2-results__option", has_text="Plenary hall").click()
    page.locator("input[name='_save']").click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    page.goto(PREPARE)
    expect(page.locator("#todo-sessions")).to_have_count(0)

    # Rapporteurs, facilitators and contributors, one form each.
    for number in range(1, 5):
        page.locator(f"select[name='rapporteurs-group_{number}']").select_option(label=str(people[number]))
    page.get_by_role("button", name="Nominate the rapporteurs").click()
    expect(page.locator(".messages")).to_contain_text("4 groups’ rapporteurs nominated.")
    for number in TIMETABLE:
        page.locator(f"select[name='fac-session_{number}']").select_option(label=str(people["facilitator"]))
    page.get_by_role("button", name="Nominate the facilitators").click()
    expect(page.locator(".messages")).to_contain_text("5 facilitators nominated.")
    # Each presentation's first contributor, and a second one for the first presentation.
    presentations = page.locator("form:has(button[name='contributors-submit']) fieldset")
    for index in range(presentations.count()):
        presentations.nth(index).get_by_label("Contributor 1").select_option(label=str(people[index % 4 + 1]))
    presentations.nth(0).get_by_label("Contributor 2").select_option(label=str(people[2]))
    page.get_by_role("button", name="Save the contributors").click()
    expect(page.locator(".messages")).to_contain_text("Contributors saved for 9 presentations.")
    first = page.locator("form:has(button[name='contributors-submit']) fieldset").nth(0)
    expect(first.get_by_label("Contributor 2").locator("option:checked")).to_have_text(str(people[2]))

    # The links, emailed in one press each.
    expect(page.locator("#todo-emails")).to_have_text(
        "Links emailed: 4 rapporteurs have not been emailed their links. "
        "5 facilitators have not been emailed their links."
    )
    page.get_by_role("button", name="Email the links to 4 rapporteurs not emailed yet").click()
    expect(page.locator(".messages")).to_contain_text("Emails sent to Delegate 1, Delegate 2, Delegate 3, Delegate 4.")
    page.get_by_role("button", name="Email the links to 5 facilitators not emailed yet").click()
    expect(page.locator(".messages")).to_have_text("Emails sent to Fay Facilitator.")

    expect(page.locator("[data-ready]")).to_have_text("Everything on the checklist is done.")
    expect(pending(page)).to_have_count(0)
    screenshot(page, "prepare-done")
    context.close()
    assert refused == []  # the admin's inlines and autocompletes ran under the site's Content Security Policy

    # What the browser did is in the database, and the mails arrived.
    breakouts = Breakout.objects.with_room().select_related("session")
    assert sorted({(b.group.number, str(b.effective_room)) for b in breakouts}) == [
        (number, f"Room {number}") for number in range(1, 5)
    ]
    assert breakouts.count() == 16
    assert RapporteurNomination.objects.active().count() == 16
    assert FacilitatorNomination.objects.active().filter(emailed_at__isnull=False).count() == 5
    recipients = sorted(mail["To"] for mail in smtp_server.messages)
    assert recipients == [f"delegate{n}@example.org" for n in range(1, 5)] + ["fay@example.org"] * 5
    moderate_links = [
        line for mail in smtp_server.messages for line in mail.get_content().splitlines() if "/moderate/" in line
    ]
    assert len(moderate_links) == 5

    # The whole preparation, in page loads, is the figure the organisers' guide gives.
    assert len(loads) < 20, loads
    assert f"Preparing the conference: {len(loads)} page loads" in GUIDE.read_text()
