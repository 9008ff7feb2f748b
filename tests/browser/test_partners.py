"""Partners choose their group on a 360 px phone, in a real browser: the join page answers a known and an unknown
address byte for byte alike, the link arrives at a real SMTP server on 127.0.0.1 (in the page's language), following
it records the place, an organiser confirms it from the console, and the partner shows on the group's page. "CARICOM"
finds the imported organisation."""

import re

import pytest
from playwright.sync_api import expect

from conference.models import Conference, Organisation, OrganisationKind, Participant
from groups.models import GroupPartner
from tests.groups.places import CONFIRMATION_IN_LANGUAGES

from .conftest import PHONE, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)

CSRF_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def mail_server(smtp_server, send_email_to):
    send_email_to(smtp_server.url)
    return smtp_server


@pytest.fixture
def imported(loaded):
    """A partner as the organisers' import records them: with an email address, in no group yet."""
    organisation = Organisation.objects.create(
        conference=Conference.objects.get(slug="caribbean"),
        name="CARICOM Secretariat",
        kind=OrganisationKind.MULTILATERAL,
    )
    return Participant.objects.create(
        conference=organisation.conference,
        full_name="Robin Imported",
        organisation=organisation,
        email="robin@example.org",
    )


@pytest.fixture
def organiser(browser, live_server, loaded, organiser_login):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    log_in(page, organiser_login, next_url="/caribbean/organisers/partners/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Partners to confirm")
    yield page
    context.close()


def ask_for_a_place(page, *, name, organisation, email, group, prefix=""):
    """Fill in the join page and send it; returns the bytes of the page the browser lands on."""
    page.goto(f"{prefix}/caribbean/groups/join/")
    page.locator("#id_full_name").fill(name)
    page.locator("#id_organisation").fill(organisation)
    page.locator("#id_email").fill(email)
    page.locator("input[name=group]").nth(group - 1).check()
    with page.expect_response(lambda r: r.request.method == "GET" and r.url.endswith("/groups/join/")) as answer:
        page.locator("[name=join]").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    return CSRF_TOKEN.sub(b"", answer.value.body())


def mail_to(mail_server, address):
    [mail] = [mail for mail in mail_server.messages if mail["To"] == address]
    return mail


def link_in(mail):
    [link] = [line for line in mail.get_content().splitlines() if line.startswith("http")]
    return link


def test_an_imported_partner_confirms_group_2_by_the_mailed_link(phone, mail_server, imported, organiser, live_server):
    # The same page, byte for byte (CSRF token aside), for the imported partner's address and an unknown one.
    known = ask_for_a_place(
        phone, name="Robin Imported", organisation="CARICOM Secretariat", email="robin@example.org", group=2
    )
    expect(phone.get_by_role("status")).to_have_text(
        "Check your mailbox: a mail with a link to confirm your place in Group 2 is on its way to the address you "
        "gave. The link works for 7 days."
    )
    screenshot(phone, "partner-check-your-mailbox-phone")
    unknown = ask_for_a_place(
        phone, name="Robin Imported", organisation="CARICOM Secretariat", email="someone@example.org", group=2
    )
    assert known == unknown
    assert GroupPartner.objects.count() == 0
    assert Participant.objects.count() == 1

    mail = mail_to(mail_server, "robin@example.org")
    assert " ".join(str(mail["Subject"]).split()) == "Confirm your place in Group 2 – Caribbean regional conference"
    assert link_in(mail).startswith(f"{live_server.url}/caribbean/groups/join/confirm/")
    phone.goto(link_in(mail))
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.get_by_role("button", name="Confirm my place in Group 2").click()
    expect(phone).to_have_url(re.compile(r"/caribbean/groups/2/$"))
    expect(phone.get_by_role("status")).to_have_text(
        "Thank you, Robin Imported. Your place in Group 2 is recorded: your name will show on the group’s page once "
        "the organisers have confirmed it."
    )
    expect(phone.get_by_text("Robin Imported (CARICOM Secretariat)")).to_have_count(0)

    organiser.reload()
    organiser.get_by_role("button", name="Confirm Robin Imported").click()
    expect(organiser.get_by_role("status")).to_have_text("1 place confirmed.")
    expect(organiser.get_by_text("No place waits for a confirmation.")).to_be_visible()
    assert organiser.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The phone shows the group's page it loaded before (the site lets browsers keep public pages a little while); the
    # partner reloads it.
    phone.goto("/caribbean/groups/2/")
    phone.reload()
    expect(phone.get_by_text("Robin Imported (CARICOM Secretariat)")).to_be_visible()
    # The link worked once.
    phone.goto(link_in(mail))
    expect(phone.get_by_text("This link was already used, or a newer choice replaced it.")).to_be_visible()


def test_a_new_partner_confirms_their_group_by_the_mailed_link(phone, mail_server, organiser):
    ask_for_a_place(phone, name="Dana Doe", organisation="World Stats", email="dana@example.org", group=2)
    assert Participant.objects.count() == 0  # nothing stored before the link is followed
    phone.goto(link_in(mail_to(mail_server, "dana@example.org")))
    phone.get_by_role("button", name="Confirm my place in Group 2").click()
    expect(phone).to_have_url(re.compile(r"/caribbean/groups/2/$"))
    organiser.reload()
    expect(organiser.locator("ul.console-partners li")).to_have_text(["Dana Doe (World Stats) in Group 2 Confirm"])
    organiser.get_by_role("button", name="Confirm 1 place").click()
    expect(organiser.get_by_role("status")).to_have_text("1 place confirmed.")
    phone.goto("/caribbean/groups/2/")
    phone.reload()  # loaded before the confirmation (see above)
    expect(phone.get_by_text("Dana Doe (World Stats)")).to_be_visible()
    phone.goto("/caribbean/groups/find/")
    phone.get_by_label("Or your organisation or your name").fill("World Stats")
    phone.get_by_role("button", name="Find my group").click()
    expect(phone).to_have_url(re.compile(r"/caribbean/groups/2/$"))


def test_caricom_finds_the_imported_organisation(phone, imported):
    phone.goto("/caribbean/groups/find/")
    phone.get_by_label("Or your organisation or your name").fill("CARICOM")
    phone.get_by_role("button", name="Find my group").click()
    expect(phone.locator("main ul li").first).to_have_text("CARICOM Secretariat: registered, not in a group yet")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


@pytest.mark.parametrize(
    ("language", "subject", "greeting", "button"),
    CONFIRMATION_IN_LANGUAGES,
)
def test_the_mail_is_in_the_page_language(phone, mail_server, language, subject, greeting, button):
    ask_for_a_place(
        phone, name="Dana Doe", organisation="World Stats", email="dana@example.org", group=2, prefix=f"/{language}"
    )
    mail = mail_to(mail_server, "dana@example.org")
    body = mail.get_content()
    assert (" ".join(str(mail["Subject"]).split()), body.splitlines()[0]) == (subject, greeting)
    assert "Someone, hopefully you" not in body
    phone.goto(link_in(mail))
    expect(phone.locator("html")).to_have_attribute("lang", language)
    phone.get_by_role("button", name=button).click()
    expect(phone).to_have_url(re.compile(rf"/{language}/caribbean/groups/2/$"))
    assert Participant.objects.get().language == language


def serious_violations(page):
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"]) for v in results["violations"] if v["impact"] in ("serious", "critical")]


def test_no_serious_accessibility_violation_on_the_link_and_console_pages(phone, mail_server, organiser, axe):
    phone.context.add_init_script(script=axe)
    organiser.context.add_init_script(script=axe)
    ask_for_a_place(phone, name="Dana Doe", organisation="World Stats", email="dana@example.org", group=2)
    assert serious_violations(phone) == []
    phone.goto(link_in(mail_to(mail_server, "dana@example.org")))
    screenshot(phone, "partner-confirm-place-phone")
    assert serious_violations(phone) == []
    phone.get_by_role("button", name="Confirm my place in Group 2").click()
    expect(phone).to_have_url(re.compile(r"/caribbean/groups/2/$"))
    organiser.reload()
    expect(organiser.locator("ul.console-partners li")).to_have_count(1)
    screenshot(organiser, "console-partners-phone")
    assert serious_violations(organiser) == []
