"""The organisers' console: reached in one click, nominating in one step, the rapporteurs' links (page, cards, email
through a real SMTP server), publishing with a confirmation and an undo, history, compare and restore."""

import datetime
import zoneinfo

import pytest
from django.db.models import F
from django.test import Client
from django.urls import reverse
from lxml import html

from conference.models import Conference, Country, Organisation, Participant
from groups.models import Breakout
from groups.reports import services
from groups.reports.models import EmailKind, LinkEmail, RapporteurNomination, RapporteurReport, ReportStatus
from tests.conftest import report_content
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"pages:{name}", kwargs={"conference": "caribbean", **kwargs})


def page_of(response):
    return html.fromstring(response.content.decode())


def texts(elements):
    return [" ".join(element.text_content().split()) for element in elements]


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def subject(mail):
    """A mail's subject, without the line folding of its encoded header."""
    return " ".join(str(mail["Subject"]).split())


def delegate(conference, name, code, email=""):
    return Participant.objects.create(
        conference=conference,
        full_name=name,
        country=Country.objects.get(conference=conference, code=code),
        email=email,
    )


def save(breakout, by, *, submit=False, **fields):
    report = RapporteurReport.objects.with_content().get(pk=services.report_for(breakout).pk)
    content = report_content(breakout, **fields)
    return services.save_report(report=report, content=content, base_version=report.version, by=by, submit=submit)


# One click from the admin and from the site ------------------------------------------------------------------------


def test_the_admin_header_and_the_site_menu_lead_to_the_console(organiser_client, caribbean):
    admin_page = page_of(organiser_client.get("/admin/"))
    assert admin_page.xpath("//div[@id='user-tools']//a[@class='console-link']/@href") == ["/organisers/"]
    response = organiser_client.get("/organisers/")
    assert (response.status_code, response["Location"]) == (302, "/caribbean/organisers/")
    assert "private" in response["Cache-Control"].split(", ")
    menu = page_of(organiser_client.get("/caribbean/"))
    assert menu.xpath("//nav[@class='main-nav']//a/text()") == [
        "Programme",
        "Find my group",
        "How the sessions work",
        "Organisers’ console",
    ]
    assert menu.xpath("//nav[@class='main-nav']//a/@href")[-1] == "/caribbean/organisers/"


def test_visitors_see_no_console_link_and_cannot_open_it(client, caribbean):
    menu = page_of(client.get("/caribbean/"))
    assert menu.xpath("//nav[@class='main-nav']//a/text()") == ["Programme", "Find my group", "How the sessions work"]
    response = client.get("/organisers/")
    assert (response.status_code, response["Location"]) == (302, "/admin/login/?next=/organisers/")


def test_staff_without_the_permission_cannot_open_the_console(client, django_user_model, caribbean):
    client.force_login(django_user_model.objects.create_user(username="staff", is_staff=True))
    assert [client.get(page).status_code for page in ["/organisers/", "/caribbean/organisers/"]] == [403, 403]


def test_with_several_conferences_the_console_asks_which(organiser_client, caribbean):
    Conference.objects.create(slug="pacific", region="Pacific")
    response = organiser_client.get("/organisers/")
    assert "private" in response["Cache-Control"].split(", ")
    page = page_of(response)
    assert page.xpath("//main//ul/li/a/@href") == ["/caribbean/organisers/", "/pacific/organisers/"]


def test_console_home_counts_each_sessions_rapporteurs_and_reports(organiser_client, caribbean, ann, organiser):
    breakout = Breakout.objects.get(session__number=2, group__number=1)
    nomination = services.nominate_rapporteur(breakout=breakout, participant=ann)
    save(breakout, nomination, conclusions="Done", submit=True)
    page = page_of(organiser_client.get(url("console")))
    rows = [
        texts(row.xpath("th|td"))[:4] for row in page.xpath("//table[contains(@class, 'console-summary')]/tbody/tr")
    ]
    assert [row[1:] for row in rows] == [
        ["0 of 4", "0", "0"],
        ["1 of 4", "1", "0"],
        ["0 of 4", "0", "0"],
        ["0 of 4", "0", "0"],
    ]
    assert [row[0].split(" ")[:2] for row in rows] == [
        ["Session", "1"],
        ["Session", "2"],
        ["Session", "3"],
        ["Session", "4"],
    ]


# Nominating in one step ---------------------------------------------------------------------------------------------


def test_the_nomination_form_offers_only_the_groups_delegates(organiser_client, caribbean, partner_org):
    delegate(caribbean, "Ann Example", "JM")
    delegate(caribbean, "Bea Example", "BS")  # group 2
    Participant.objects.create(
        conference=caribbean,
        full_name="Pat Partner",
        organisation=Organisation.objects.create(conference=caribbean, name="Agency"),
    )
    page = page_of(organiser_client.get(url("nominate", number=1, group=1)))
    assert page.xpath("//select[@name='participant']/option/text()") == [
        "— a new delegate (below) —",
        "Ann Example (Jamaica)",
    ]
    assert page.xpath("//select[@name='country']/option/text()") == [
        "Choose…",
        "Grenada",
        "Haiti",
        "Jamaica",
        "Montserrat",
        "Turks and Caicos Islands",
    ]


def test_nominate_a_new_delegate_for_every_session_in_one_step(organiser_client, caribbean):
    jamaica = Country.objects.get(conference=caribbean, code="JM")
    response = organiser_client.post(
        url("nominate", number=1, group=1),
        {"full_name": "  Ann   Example ", "country": jamaica.pk, "email": "ann@example.org", "sessions": "all"},
        follow=True,
    )
    ann = Participant.objects.get(full_name="Ann Example")
    assert response.redirect_chain == [(url("rapporteur", pk=ann.pk), 302)]
    assert messages_of(response) == ["Ann Example is the rapporteur of Group 1 in sessions 1, 2, 3, 4."]
    assert list(
        RapporteurNomination.objects.active()
        .order_by("breakout__session__number")
        .values_list("breakout__session__number", "breakout__group__number", "participant__email")
    ) == [(1, 1, "ann@example.org"), (2, 1, "ann@example.org"), (3, 1, "ann@example.org"), (4, 1, "ann@example.org")]
    page = page_of(response)
    assert len(page.xpath("//section[@class='link-card']")) == 4
    assert len(page.xpath("//section[@class='link-card']//svg")) == 4
    tokens = RapporteurNomination.objects.order_by("breakout__session__number").values_list("token", flat=True)
    assert page.xpath("//p[@class='link-url mb-1']/a/text()") == [f"http://testserver/report/{t}/" for t in tokens]
    assert RapporteurReport.objects.count() == 4


def test_nominate_an_existing_delegate_for_one_session(organiser_client, caribbean, ann):
    response = organiser_client.post(url("nominate", number=3, group=1), {"participant": ann.pk, "sessions": "this"})
    assert response.status_code == 302
    assert list(RapporteurNomination.objects.values_list("breakout__session__number", "participant__full_name")) == [
        (3, "Ann Example")
    ]


def test_a_session_with_another_rapporteur_is_refused_unless_replaced(organiser_client, caribbean, ann):
    bea = delegate(caribbean, "Bea Example", "HT")
    for number in (2, 4):
        services.nominate_rapporteur(
            breakout=Breakout.objects.get(session__number=number, group__number=1), participant=bea
        )
    typed = {"full_name": "Cy Example", "country": str(Country.objects.get(code="GD").pk), "email": "cy@example.org"}
    response = organiser_client.post(url("nominate", number=1, group=1), {**typed, "sessions": "all"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Group 1 already has a rapporteur in sessions 2, 4 (Bea Example, Bea Example). Tick “Replace” to name "
        "Cy Example instead, or choose only the sessions without one."
    ]
    assert {name: value for name, value in form_data(response).items() if name in typed} == typed
    assert not Participant.objects.filter(full_name="Cy Example").exists()  # nothing half done
    assert RapporteurNomination.objects.active().count() == 2

    organiser_client.post(url("nominate", number=1, group=1), {**typed, "sessions": "all", "replace": "on"})
    assert (
        list(
            RapporteurNomination.objects.active()
            .order_by("breakout__session__number")
            .values_list("participant__full_name", flat=True)
        )
        == ["Cy Example"] * 4
    )
    assert RapporteurNomination.objects.filter(revoked_at__isnull=False).count() == 2


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"sessions": "this"}, {"participant": ["Choose a delegate of the group, or type a new one below."]}),
        (
            {"full_name": "Cy", "sessions": "this"},
            {"country": ["Choose the new delegate’s country or territory (one of the group’s)."]},
        ),
        ({"country": "GD", "sessions": "this"}, {"full_name": ["Type the new delegate’s full name."]}),
        (
            {"participant": "ann", "full_name": "Cy", "sessions": "this"},
            {"__all__": ["Choose a delegate from the list or type a new one, not both: clear one of the two."]},
        ),
        (
            {"full_name": "Cy", "country": "BS", "sessions": "this"},
            {"country": ["Select a valid choice. That choice is not one of the available choices."]},
        ),
        (
            {"full_name": "Cy", "country": "GD", "email": "ANN@example.org", "sessions": "this"},
            {"email": ["Someone with this email address is already registered."]},
        ),
        (
            {"participant": "ann", "sessions": "every"},
            {"sessions": ["Select a valid choice. every is not one of the available choices."]},
        ),
    ],
)
def test_the_nomination_form_says_what_is_wrong(organiser_client, caribbean, data, errors):
    ann = delegate(caribbean, "Ann Example", "JM", email="ann@example.org")
    countries = {code: str(pk) for code, pk in Country.objects.values_list("code", "pk")}
    data = {name: str(ann.pk) if value == "ann" else countries.get(value, value) for name, value in data.items()}
    response = organiser_client.post(url("nominate", number=1, group=1), data)
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    assert RapporteurNomination.objects.count() == 0


def test_staff_who_may_not_add_people_choose_from_the_list(client, django_user_model, caribbean):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user(username="clerk", password="pw-for-tests-only", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(codename__in=["view_rapporteurreport", "add_rapporteurnomination"])
    )
    client.force_login(staff)
    gd = Country.objects.get(code="GD")
    response = client.post(
        url("nominate", number=1, group=1), {"full_name": "Cy", "country": gd.pk, "sessions": "this"}
    )
    assert response.context["form"].non_field_errors() == [
        "Your account may not add participants: choose a delegate from the list."
    ]


# The rapporteur's links: page and cards ----------------------------------------------------------------------------


def test_cards_of_a_session_carry_the_conference_and_the_expiry_in_its_time_zone(organiser_client, scheduled, ann):
    services.nominate_for_sessions(
        group=Breakout.objects.get(session__number=1, group__number=1).group,
        sessions=scheduled.sessions.breakouts(),
        participant=ann,
    )
    bea = delegate(scheduled, "Bea Example", "BS")
    services.nominate_rapporteur(breakout=Breakout.objects.get(session__number=1, group__number=2), participant=bea)
    response = organiser_client.get(url("cards", number=1))
    page = page_of(response)
    cards = page.xpath("//article[@class='rapporteur-card']")
    assert texts(page.xpath("//article//p[@class='card-conference']")) == ["Caribbean regional conference"] * 6
    assert texts(page.xpath("//article[@class='rapporteur-card']//h2")) == ["Ann Example", "Bea Example"]
    assert texts(page.xpath("//article[@class='rapporteur-card']//p[@class='card-role']")) == [
        "Rapporteur of Group 1, session 1",
        "Rapporteur of Group 2, session 1",
    ]
    # The conference ends on 10 June 2026 in Port of Spain: the link works until midnight there (04:00 UTC).
    assert (
        texts(page.xpath("//article//p[@class='card-expiry']"))
        == ["Works until Thursday 11 June 2026, 00:00 (Port of Spain time)."] * 2
    )
    assert [len(card.xpath(".//svg")) for card in cards] == [1, 1]
    # Then a room card for each group's table, with the QR code of the group's breakout notes.
    rooms = page.xpath("//article[@class='rapporteur-card room-card']")
    assert [(texts(room.xpath(".//h2")), len(room.xpath(".//svg"))) for room in rooms] == [
        ([f"Group {number}"], 1) for number in (1, 2, 3, 4)
    ]
    assert (
        texts(page.xpath("//article[@class='rapporteur-card room-card']//p[@class='card-role']"))
        == ["Breakout notes, session 1"] * 4
    )
    # A page of its own, without the site's menu, footer or the admin's: it prints as it is.
    assert page.xpath("//header | //footer | //nav") == []
    assert page.xpath("//link[@rel='stylesheet']/@href") == [
        "/static/vendor/bootstrap/bootstrap.min.css",
        "/static/css/cards.css",
    ]


def test_rapporteur_page_shows_every_link_and_the_emails(organiser_client, scheduled, ann):
    nominations = services.nominate_for_sessions(
        group=Breakout.objects.get(session__number=1, group__number=1).group,
        sessions=scheduled.sessions.filter(number__in=[1, 3]),
        participant=ann,
    )
    LinkEmail.objects.create(participant=ann, address="ann@example.org", error="Connection refused")
    page = page_of(organiser_client.get(url("rapporteur", pk=ann.pk)))
    assert texts(page.xpath("//section[@class='link-card']/h3")) == [
        "Session 1, Group 1: Communication and advocacy",
        "Session 3, Group 1: Common Statistical Production Architecture",
    ]
    assert page.xpath("//p[@class='link-url mb-1']/a/text()") == [
        f"http://testserver/report/{n.token}/" for n in nominations
    ]
    assert (
        texts(page.xpath("//section[@class='link-card']//p[@class='small mb-1']"))
        == ["Works until Thursday 11 June 2026, 00:00 (Port of Spain time)."] * 2
    )
    assert texts(page.xpath("//main//ul[contains(@class, 'd-print-none')]/li"))[-1].endswith(
        "Links → ann@example.org · not sent: Connection refused"
    )


# Email: through a real SMTP server on 127.0.0.1 ----------------------------------------------------------------------


@pytest.fixture
def rapporteurs(caribbean):
    """Session 1: Ann (group 1, with an email address, also group 1's rapporteur in session 2), Bea (group 2, with one,
    report submitted), Cy (group 3, without one)."""
    ann = delegate(caribbean, "Ann Example", "JM", email="ann@example.org")
    bea = delegate(caribbean, "Bea Example", "BS", email="bea@example.org")
    cy = delegate(caribbean, "Cy Example", "AG")
    group_1 = Breakout.objects.get(session__number=1, group__number=1).group
    services.nominate_for_sessions(
        group=group_1, sessions=caribbean.sessions.filter(number__in=[1, 2]), participant=ann
    )
    bea_nomination = services.nominate_rapporteur(
        breakout=Breakout.objects.get(session__number=1, group__number=2), participant=bea
    )
    save(bea_nomination.breakout, bea_nomination, conclusions="Done", submit=True)
    services.nominate_rapporteur(breakout=Breakout.objects.get(session__number=1, group__number=3), participant=cy)
    return {"ann": ann, "bea": bea, "cy": cy}


def test_links_emailed_arrive_at_the_smtp_server(organiser_client, rapporteurs, smtp_server, send_email_to, settings):
    settings.DEFAULT_FROM_EMAIL = "conference@example.org"
    send_email_to(smtp_server.url)
    response = organiser_client.post(url("email_session", number=1), {"kind": "links"}, follow=True)
    assert messages_of(response) == [
        "Emails sent to Ann Example, Bea Example.",
        "Nothing sent to Cy Example: no email address.",
    ]
    mails = sorted(smtp_server.messages, key=lambda mail: mail["To"])
    assert [(mail["From"], mail["To"], subject(mail)) for mail in mails] == [
        ("conference@example.org", "ann@example.org", "Your rapporteur links – Caribbean regional conference"),
        ("conference@example.org", "bea@example.org", "Your rapporteur link – Caribbean regional conference"),
    ]
    ann_links = [
        f"http://testserver/report/{token}/"
        for token in RapporteurNomination.objects.filter(participant=rapporteurs["ann"])
        .order_by("breakout__session__number")
        .values_list("token", flat=True)
    ]
    body = mails[0].get_content()
    assert [line for line in body.splitlines() if line.startswith("http")] == ann_links
    assert "Session 1, Group 1: Communication and advocacy" in body
    assert "Session 2, Group 1: Use of administrative data" in body
    sent = LinkEmail.objects.order_by("address")
    assert [(e.address, e.kind, e.error, e.sent_at is not None, e.nominations.count()) for e in sent] == [
        ("ann@example.org", EmailKind.LINKS, "", True, 2),
        ("bea@example.org", EmailKind.LINKS, "", True, 1),
    ]
    # The dashboard says so, and offers nothing more to send but the reminder.
    page = page_of(organiser_client.get(url("dashboard", number=1)))
    assert [t.split(" Link ")[-1][:7] for t in texts(page.xpath("//tbody/tr/td[1]"))[:2]] == ["emailed", "emailed"]
    assert texts(page.xpath("//div[contains(@class, 'console-email')]//button")) == [
        "Remind 1 rapporteur who has not submitted"
    ]


def test_reminders_go_to_those_who_have_not_submitted(organiser_client, rapporteurs, smtp_server, send_email_to):
    send_email_to(smtp_server.url)
    response = organiser_client.post(url("email_session", number=1), {"kind": "reminder"}, follow=True)
    assert messages_of(response) == ["Email sent to Ann Example.", "Nothing sent to Cy Example: no email address."]
    [mail] = smtp_server.messages
    assert (mail["To"], subject(mail)) == (
        "ann@example.org",
        "Reminder: your group’s summary – Caribbean regional conference",
    )
    assert mail.get_content().count("http://testserver/report/") == 2


def test_resend_to_one_rapporteur_asks_first_within_ten_minutes(
    organiser_client, rapporteurs, smtp_server, send_email_to
):
    send_email_to(smtp_server.url)
    Conference.objects.update(time_zone="America/Port_of_Spain")  # the time asked about is the venue's
    bea = rapporteurs["bea"]
    response = organiser_client.post(url("email_rapporteur", pk=bea.pk), follow=True)
    assert messages_of(response) == ["Email sent to Bea Example."]
    # Pressed four more times: each press asks, none sends.
    for _time in range(4):
        response = organiser_client.post(url("email_rapporteur", pk=bea.pk))
        assert response.status_code == 200
    page = page_of(response)
    sent_at = LinkEmail.objects.get().sent_at.astimezone(zoneinfo.ZoneInfo("America/Port_of_Spain"))
    assert texts(page.xpath("//main//div[contains(@class, 'alert-warning')]//li")) == [
        f"Bea Example, at {sent_at:%H:%M}"
    ]
    assert page.xpath("//main//form[@method='post']//button/text()") == ["Yes, send it again"]
    assert [mail["To"] for mail in smtp_server.messages] == ["bea@example.org"]
    # Confirmed, it goes; and ten minutes on it goes without asking.
    confirmed = dict(page.xpath("//main//form")[0].form_values())
    response = organiser_client.post(url("email_rapporteur", pk=bea.pk), confirmed, follow=True)
    assert messages_of(response) == ["Email sent to Bea Example."]
    LinkEmail.objects.update(sent_at=F("sent_at") - datetime.timedelta(minutes=10, seconds=1))
    response = organiser_client.post(url("email_rapporteur", pk=bea.pk), follow=True)
    assert messages_of(response) == ["Email sent to Bea Example."]
    assert [mail["To"] for mail in smtp_server.messages] == ["bea@example.org"] * 3
    page = page_of(organiser_client.get(url("rapporteur", pk=bea.pk)))
    assert page.xpath("//form//button/text()") == ["Send the links again"]


def test_a_second_reminder_within_ten_minutes_asks_first(organiser_client, rapporteurs, smtp_server, send_email_to):
    send_email_to(smtp_server.url)
    organiser_client.post(url("email_session", number=1), {"kind": "reminder"})
    response = organiser_client.post(url("email_session", number=1), {"kind": "reminder"})
    page = page_of(response)
    assert page.xpath("//main//form//input[@name='kind']/@value") == ["reminder"]
    assert [mail["To"] for mail in smtp_server.messages] == ["ann@example.org"]


def test_a_failed_send_is_reported_and_nothing_is_marked_sent(
    organiser_client, rapporteurs, send_email_to, refused_port
):
    send_email_to(f"smtp://127.0.0.1:{refused_port}")  # nothing listens there: the server is down
    response = organiser_client.post(url("email_session", number=1), {"kind": "links"}, follow=True)
    assert [m.split(":")[0] for m in messages_of(response)] == [
        "Not sent to Ann Example (ann@example.org)",
        "Not sent to Bea Example (bea@example.org)",
        "Nothing sent to Cy Example",
    ]
    assert "Connection refused. Nothing was marked as sent; try again later." in messages_of(response)[0]
    assert list(LinkEmail.objects.sent()) == []
    assert LinkEmail.objects.filter(error__contains="Connection refused").count() == 2
    page = page_of(organiser_client.get(url("dashboard", number=1)))
    assert texts(page.xpath("//div[contains(@class, 'console-email')]//button"))[0] == (
        "Email the links to 2 rapporteurs not emailed yet"
    )


def test_without_email_settings_nothing_is_sent_and_the_organiser_is_told(organiser_client, rapporteurs, settings):
    settings.EMAIL_CONFIGURED = False
    response = organiser_client.post(url("email_session", number=1), {"kind": "links"}, follow=True)
    assert messages_of(response) == [
        "Email is not set up on this server (EMAIL_URL), so nothing was sent. Hand out the cards instead."
    ]
    assert LinkEmail.objects.count() == 0


def test_email_records_are_sent_or_failed_with_a_reason(rapporteurs):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    record = LinkEmail(participant=rapporteurs["ann"], address="ann@example.org")
    with pytest.raises(ValidationError, match=r"Say why the email failed, or give the time it was sent\."):
        record.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        LinkEmail.objects.create(participant=rapporteurs["ann"], address="ann@example.org")


# Publishing with a confirmation and an undo ---------------------------------------------------------------------------


def test_publish_asks_first_then_offers_to_undo(organiser_client, nomination):
    save(nomination.breakout, nomination, first="Our answer", conclusions="Done", submit=True)
    report = RapporteurReport.objects.get()
    confirm = organiser_client.get(url("publish", pk=report.pk), {"next": url("dashboard", number=1)})
    page = page_of(confirm)
    assert texts(page.xpath("//h1")) == ["Publish a report"]
    assert texts(page.xpath("//div[contains(@class, 'alert-warning')]"))[0].startswith("Publish this report?")
    assert texts(page.xpath("//section[@class='report-qa']"))[0].endswith("Our answer")
    assert page.xpath("//form[@method='post']//input[@name='next']/@value") == [url("dashboard", number=1)]
    assert RapporteurReport.objects.get().status == ReportStatus.SUBMITTED

    response = organiser_client.post(url("publish", pk=report.pk), form_data(confirm), follow=True)
    assert response.redirect_chain == [(url("dashboard", number=1), 302)]
    assert RapporteurReport.objects.get().status == ReportStatus.PUBLISHED
    undo = page_of(response).xpath("//div[contains(@class, 'console-undo')]")[0]
    assert texts([undo]) == ["Report of Session 1, Group 1: Communication and advocacy is published. Undo"]
    assert undo.xpath(".//form/@action") == [url("unpublish", pk=report.pk)]
    # Offered once: the next page has no undo any more.
    assert (
        page_of(organiser_client.get(url("dashboard", number=1))).xpath("//div[contains(@class, 'console-undo')]") == []
    )

    response = organiser_client.post(url("unpublish", pk=report.pk), {"next": url("dashboard", number=1)}, follow=True)
    assert RapporteurReport.objects.get().status == ReportStatus.SUBMITTED
    assert page_of(response).xpath("//div[contains(@class, 'console-undo')]//form/@action") == [
        url("publish", pk=report.pk)
    ]
    assert list(report.revisions.values_list("action", flat=True)[:2]) == ["unpublished", "published"]


def test_the_tables_refresh_does_not_take_the_undo(organiser_client, nomination):
    report = nomination.breakout.report
    organiser_client.post(url("publish", pk=report.pk))
    refresh = organiser_client.get(url("dashboard", number=1), headers={"X-Console-Refresh": "1"})
    assert page_of(refresh).xpath("//div[contains(@class, 'console-undo')]") == []
    page = page_of(organiser_client.get(url("dashboard", number=1)))
    assert len(page.xpath("//div[contains(@class, 'console-undo')]")) == 1


def test_the_offline_copys_background_fetch_takes_neither_the_undo_nor_the_message(organiser_client, nomination):
    """The service worker fetches the page just opened again in the background, to keep a copy; landing after the
    publication, it must leave the undo and the message to the page the organiser is taken to."""
    report = nomination.breakout.report
    organiser_client.post(url("publish", pk=report.pk))
    copy = page_of(organiser_client.get(url("publish", pk=report.pk), headers={"X-Offline-Keep": "1"}))
    assert copy.xpath("//div[contains(@class, 'console-undo')]") == []
    assert "is published" not in copy.text_content()
    page = page_of(organiser_client.get(url("dashboard", number=1)))
    assert len(page.xpath("//div[contains(@class, 'console-undo')]")) == 1


def test_confirming_a_change_that_was_already_made_changes_nothing(organiser_client, nomination):
    report = nomination.breakout.report
    page = page_of(organiser_client.get(url("unpublish", pk=report.pk)))
    assert page.xpath("//form[@method='post']") == []
    assert texts(page.xpath("//p[contains(@class, 'alert-info')]")) == [
        "Nothing to do: the report’s status has changed since. Here it is as it stands."
    ]


def test_reports_of_another_conference_are_not_found(organiser_client, nomination):
    other = Conference.objects.create(slug="pacific", region="Pacific")
    report = nomination.breakout.report
    assert organiser_client.get(f"/{other.slug}/organisers/reports/{report.pk}/history/").status_code == 404
    assert organiser_client.post(f"/{other.slug}/organisers/reports/{report.pk}/publish/").status_code == 404
    assert RapporteurReport.objects.get().status == ReportStatus.DRAFT


# History, compare and restore ---------------------------------------------------------------------------------------


def test_history_compare_and_restore(organiser_client, nomination):
    save(nomination.breakout, nomination, conclusions="Old <script>alert(1)</script> text")
    save(nomination.breakout, nomination, conclusions="New text")
    report = RapporteurReport.objects.get()
    old, new = report.revisions.order_by("version")
    history = page_of(organiser_client.get(url("history", pk=report.pk)))
    assert [texts(row.xpath("th|td"))[:3] for row in history.xpath("//tbody/tr")] == [
        ["2", "Draft saved", "Ann Example"],
        ["1", "Draft saved", "Ann Example"],
    ]
    assert history.xpath("//tbody/tr[2]//a/@href") == [
        url("compare", pk=report.pk, revision_id=old.pk),
        url("restore", pk=report.pk, revision_id=old.pk),
    ]
    compare = organiser_client.get(url("compare", pk=report.pk, revision_id=old.pk))
    content = compare.content.decode()
    assert 'class="diff"' in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "<script>alert(1)" not in content
    between = organiser_client.get(url("compare", pk=report.pk, revision_id=old.pk), {"with": new.pk})
    assert between.status_code == 200

    restore = url("restore", pk=report.pk, revision_id=old.pk)
    assert "Restore the text of version 1" in organiser_client.get(restore).content.decode()
    response = organiser_client.post(restore, follow=True)
    assert messages_of(response) == ["Version 1 is restored as the current text."]
    assert response.redirect_chain == [(url("history", pk=report.pk), 302)]
    report.refresh_from_db()
    assert (report.version, report.conclusions) == (3, "Old <script>alert(1)</script> text")
    assert list(report.revisions.values_list("version", "action")) == [(3, "restored"), (2, "saved"), (1, "saved")]


def test_compare_with_an_unknown_revision_shows_the_current_text_or_is_not_found(organiser_client, nomination):
    save(nomination.breakout, nomination, conclusions="Text")
    report = RapporteurReport.objects.get()
    address = url("compare", pk=report.pk, revision_id=report.revisions.get().pk)
    statuses = {other: organiser_client.get(address, {"with": other}).status_code for other in ["", "x", "²", "99999"]}
    assert statuses == {"": 200, "x": 200, "²": 200, "99999": 404}  # "²" is a digit, but not to int()


def test_restore_and_publish_need_the_change_permission(client, django_user_model, nomination):
    from django.contrib.auth.models import Permission

    save(nomination.breakout, nomination, conclusions="Text")
    report = RapporteurReport.objects.get()
    staff = django_user_model.objects.create_user(username="viewer", password="pw-for-tests-only", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename="view_rapporteurreport"))
    client.force_login(staff)
    assert client.get(url("history", pk=report.pk)).status_code == 200
    restore = url("restore", pk=report.pk, revision_id=report.revisions.get().pk)
    assert (client.get(restore).status_code, client.post(restore).status_code) == (403, 403)
    assert client.post(url("publish", pk=report.pk)).status_code == 403
    assert client.post(url("email_session", number=1)).status_code == 403
    assert client.get(url("nominate", number=1, group=1)).status_code == 403
    report.refresh_from_db()
    assert (report.version, report.status) == (1, ReportStatus.DRAFT)


def test_console_times_are_the_venues(organiser_client, scheduled, nomination):
    save(nomination.breakout, nomination, conclusions="Text")
    report = RapporteurReport.objects.get()
    RapporteurReport.objects.filter(pk=report.pk).update(
        updated_at=datetime.datetime(2026, 6, 9, 14, 5, tzinfo=datetime.UTC)
    )
    page = page_of(organiser_client.get(url("dashboard", number=1)))
    assert texts(page.xpath("//tbody/tr[1]/td[3]")) == [
        "9 June 2026, 10:05"
    ]  # 14:05 UTC in Port of Spain, in the site's one date style


def test_anonymous_visitors_are_sent_to_the_login(caribbean):
    response = Client().get(url("nominate", number=1, group=1))
    assert (response.status_code, response["Location"]) == (
        302,
        f"/admin/login/?next={url('nominate', number=1, group=1)}",
    )
