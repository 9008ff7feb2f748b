"""The console's preparation checklist: each line says what is missing and links to where it is done; the groups'
default rooms and the facilitators are set on the page in one form each, and the links emailed in one press."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from lxml import html

from conference.models import Country, Participant
from groups.live.models import FacilitatorNomination
from groups.models import Breakout, BreakoutGroup, GroupPartner
from groups.reports import services
from groups.reports.models import LinkEmail, RapporteurNomination
from sessions.models import Contribution, Room, Segment, SegmentKind
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

PREPARE = "/caribbean/organisers/prepare/"


def page_of(response):
    return html.fromstring(response.content.decode())


def texts(elements):
    return [" ".join(element.text_content().split()) for element in elements]


def pending(client):
    return texts(page_of(client.get(PREPARE)).xpath("//ul[@data-pending]/li"))


def delegate(conference, name, code, email=""):
    country = Country.objects.get(conference=conference, code=code)
    return Participant.objects.create(conference=conference, full_name=name, country=country, email=email)


def test_a_fresh_conference_lists_everything_still_missing(organiser_client, caribbean):
    assert pending(organiser_client) == [
        "Dates and time zone: Not set yet: the first day, the last day, the time zone.",
        "Rooms: No rooms yet.",
        "Sessions’ dates, start times and plenary rooms: 5 of 5 sessions have no date. 5 of 5 sessions have no start "
        "time. 5 of 5 sessions have no plenary room.",
        "Breakout rooms: 16 of 16 breakouts have no room.",
        "Rapporteurs: 16 of 16 breakouts have no rapporteur.",
        "Facilitators: 5 of 5 sessions have no facilitator’s link.",
        "Contributors: 9 presentations have no contributor (sessions 1, 2, 3, 4, 5).",
    ]
    page = page_of(organiser_client.get(PREPARE))
    assert page.xpath("//ul[@data-pending]/li/a/@href")[:3] == [
        f"/admin/conference/conference/{caribbean.pk}/change/",
        f"/admin/agenda_sessions/room/?conference__id__exact={caribbean.pk}",
        f"/admin/agenda_sessions/session/?conference__id__exact={caribbean.pk}",
    ]
    assert texts(page.xpath("//ul[@data-done]/li")) == ["Partners to confirm", "Links emailed"]


def test_the_console_home_leads_to_the_checklist_first(organiser_client, caribbean):
    page = page_of(organiser_client.get("/caribbean/organisers/"))
    assert page.xpath("//main//a[contains(@class, 'btn')]/@href")[0] == PREPARE


def test_default_rooms_set_once_reach_every_breakout(organiser_client, caribbean):
    rooms = [Room.objects.create(conference=caribbean, code=f"r{n}", name=f"Room {n}") for n in range(1, 5)]
    Breakout.objects.filter(session__number=2, group__number=1).update(room=rooms[3])
    data = {f"rooms-group_{n}": str(room.pk) for n, room in enumerate(rooms, start=1)}
    response = organiser_client.post(PREPARE, {**data, "rooms-group_4": "", "rooms-submit": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["3 groups’ rooms saved."]
    assert dict(BreakoutGroup.objects.values_list("number", "default_room__name")) == {
        1: "Room 1",
        2: "Room 2",
        3: "Room 3",
        4: None,
    }
    rooms_shown = {
        (b.session.number, b.group.number): str(b.effective_room) for b in Breakout.objects.with_room().all()
    }
    assert rooms_shown[(1, 1)] == "Room 1"
    assert rooms_shown[(2, 1)] == "Room 4"  # its own room wins
    assert rooms_shown[(3, 4)] == "None"
    assert "Breakout rooms: 4 of 16 breakouts have no room." in pending(organiser_client)
    # The form shows what is saved.
    page = page_of(organiser_client.get(PREPARE))
    assert page.xpath("//select[@name='rooms-group_2']/option[@selected]/text()") == ["Room 2"]


def test_a_room_of_another_conference_is_refused(organiser_client, caribbean):
    response = organiser_client.post(PREPARE, {"rooms-group_1": "999", "rooms-submit": ""})
    assert response.status_code == 200
    assert texts(page_of(response).xpath("//ul[@class='errorlist']/li")) == [
        "Select a valid choice. 999 is not one of the available choices."
    ]
    assert BreakoutGroup.objects.filter(default_room__isnull=False).count() == 0


def test_facilitators_nominated_and_emailed_from_the_checklist(organiser_client, caribbean, smtp_server, send_email_to):
    send_email_to(smtp_server.url)
    ann = delegate(caribbean, "Ann Example", "JM", "ann@example.org")
    bea = delegate(caribbean, "Bea Example", "BS")
    page = page_of(organiser_client.get(PREPARE))
    assert page.xpath("//select[@name='fac-session_1']/option/text()") == [
        "---------",
        "Ann Example (Jamaica)",
        "Bea Example (Bahamas)",
    ]
    data = {"fac-session_1": ann.pk, "fac-session_2": ann.pk, "fac-session_3": bea.pk, "facilitators-submit": ""}
    response = organiser_client.post(PREPARE, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["3 facilitators nominated."]
    assert list(
        FacilitatorNomination.objects.order_by("session__number").values_list("session__number", flat=True)
    ) == [
        1,
        2,
        3,
    ]
    page = page_of(response)
    assert [name for name in page.xpath("//select/@name") if name.startswith("fac-")] == [
        "fac-session_4",
        "fac-session_5",
    ]
    assert "Links emailed: 2 facilitators have not been emailed their links." in pending(organiser_client)
    response = organiser_client.post(PREPARE + "email/", {"who": "facilitators"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Emails sent to Ann Example."]
    mails = smtp_server.messages
    links = [
        f"http://testserver/moderate/{token}/"
        for token in FacilitatorNomination.objects.filter(participant=ann)
        .order_by("session__number")
        .values_list("token", flat=True)
    ]
    assert [
        (mail["To"], [line for line in mail.get_content().splitlines() if "/moderate/" in line]) for mail in mails
    ] == [
        ("ann@example.org", [links[0]]),
        ("ann@example.org", [links[1]]),
    ]
    assert " ".join(str(mails[0]["Subject"]).split()) == "Your facilitator’s link – Caribbean regional conference"
    # Bea has no address: she stays out of the count; a second press sends nothing.
    assert not any(line.startswith("Links emailed") for line in pending(organiser_client))
    response = organiser_client.post(PREPARE + "email/", {"who": "facilitators"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["There was nobody to email."]
    assert len(smtp_server.messages) == 2


def test_every_rapporteur_not_emailed_yet_in_one_press(organiser_client, caribbean, smtp_server, send_email_to):
    send_email_to(smtp_server.url)
    ann = delegate(caribbean, "Ann Example", "JM", "ann@example.org")
    bea = delegate(caribbean, "Bea Example", "BS", "bea@example.org")
    services.nominate_rapporteur(breakout=Breakout.objects.get(session__number=1, group__number=1), participant=ann)
    services.nominate_rapporteur(breakout=Breakout.objects.get(session__number=3, group__number=2), participant=bea)
    LinkEmail.objects.create(
        participant=bea, address=bea.email, sent_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    assert "Links emailed: 2 rapporteurs have not been emailed their links." in pending(organiser_client)
    response = organiser_client.post(PREPARE + "email/", {"who": "rapporteurs"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Emails sent to Ann Example, Bea Example."]
    assert sorted(mail["To"] for mail in smtp_server.messages) == ["ann@example.org", "bea@example.org"]
    assert not any(line.startswith("Links emailed") for line in pending(organiser_client))
    # Pressed again: nobody is left, nothing is sent.
    response = organiser_client.post(PREPARE + "email/", {"who": "rapporteurs"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["There was nobody to email."]
    assert len(smtp_server.messages) == 2


def test_partners_and_contributors_lines(organiser_client, caribbean, partner_org):
    partner = Participant.objects.create(conference=caribbean, full_name="Pat Partner", organisation=partner_org)
    GroupPartner.objects.create(group=BreakoutGroup.objects.get(number=2), participant=partner)
    ann = delegate(caribbean, "Ann Example", "JM")
    for segment in Segment.objects.filter(kind=SegmentKind.PRESENTATION).exclude(session__number=3):
        Contribution.objects.create(segment=segment, participant=ann)
    lines = {line.split(":")[0]: line for line in pending(organiser_client)}
    assert lines["Partners to confirm"] == "Partners to confirm: 1 partner waits for confirmation."
    assert lines["Contributors"] == "Contributors: 2 presentations have no contributor (sessions 3)."


CONTRIBUTORS_FORM = "//form[.//button[@name='contributors-submit']]"


def contributors_form(client):
    """Each presentation's legend with its selects, as (legend, [(label, name, chosen value)…])."""
    page = page_of(client.get(PREPARE))
    return [
        (
            texts(fieldset.xpath("legend"))[0],
            [
                (texts([label])[0], select.get("name"), (select.xpath("option[@selected]/@value") or [""])[0])
                for label, select in zip(fieldset.xpath("label"), fieldset.xpath("select"), strict=True)
            ],
        )
        for fieldset in page.xpath(CONTRIBUTORS_FORM + "//fieldset")
    ]


def contributors_of(session, position):
    segment = Segment.objects.get(session__number=session, position=position)
    return list(segment.contributions.values_list("participant__full_name", "position"))


def test_contributors_named_from_the_checklist_several_in_order(organiser_client, caribbean):
    ann, bea = delegate(caribbean, "Ann Example", "JM"), delegate(caribbean, "Bea Example", "BS")
    form = contributors_form(organiser_client)
    assert len(form) == 9
    one, two = Segment.objects.filter(session__number=1, position__in=[1, 2]).order_by("position")
    assert form[:2] == [
        (
            "Session 1, 1. Presentation",
            [
                ("Contributor 1", f"contributors-segment_{one.pk}_1", ""),
                ("Contributor 2", f"contributors-segment_{one.pk}_2", ""),
            ],
        ),
        (
            "Session 1, 2. Presentation",
            [
                ("Contributor 1", f"contributors-segment_{two.pk}_1", ""),
                ("Contributor 2", f"contributors-segment_{two.pk}_2", ""),
            ],
        ),
    ]
    first = Segment.objects.get(session__number=1, position=1)
    response = organiser_client.post(
        PREPARE,
        {
            f"contributors-segment_{first.pk}_1": bea.pk,
            f"contributors-segment_{first.pk}_2": ann.pk,
            "contributors-submit": "",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Contributors saved for 1 presentation."]
    assert contributors_of(1, 1) == [("Bea Example", 1), ("Ann Example", 2)]
    assert "Contributors: 8 presentations have no contributor (sessions 1, 2, 3, 4, 5)." in pending(organiser_client)
    # The form shows them in order, with one more select to add a third.
    assert contributors_form(organiser_client)[0][1] == [
        ("Contributor 1", f"contributors-segment_{first.pk}_1", str(bea.pk)),
        ("Contributor 2", f"contributors-segment_{first.pk}_2", str(ann.pk)),
        ("Contributor 3", f"contributors-segment_{first.pk}_3", ""),
    ]
    # Emptying the first select takes Bea off; Ann moves up.
    response = organiser_client.post(
        PREPARE,
        {
            f"contributors-segment_{first.pk}_1": "",
            f"contributors-segment_{first.pk}_2": ann.pk,
            "contributors-submit": "",
        },
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == ["Contributors saved for 1 presentation."]
    assert contributors_of(1, 1) == [("Ann Example", 1)]


def test_saving_an_old_copy_of_the_checklist_keeps_contributors_named_since(organiser_client, caribbean):
    """Organiser A opens the checklist; B names Ann on a presentation in the admin; A then names Bea on another and
    saves the page opened before: Ann stays, only A's change is saved."""
    ann, bea = delegate(caribbean, "Ann Example", "JM"), delegate(caribbean, "Bea Example", "BS")
    page = organiser_client.get(PREPARE)
    forms = page_of(page).xpath("//form")
    index = next(number for number, form in enumerate(forms) if form.xpath(".//button[@name='contributors-submit']"))
    data = form_data(page, form_index=index)
    first = Segment.objects.get(session__number=1, position=1)
    later = Segment.objects.get(session__number=2, position=1)
    Contribution.objects.create(segment=later, participant=ann, position=1)  # B, in the admin
    data[f"contributors-segment_{first.pk}_1"] = str(bea.pk)
    response = organiser_client.post(PREPARE, data | {"contributors-submit": ""}, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["Contributors saved for 1 presentation."]
    assert contributors_of(1, 1) == [("Bea Example", 1)]
    assert contributors_of(2, 1) == [("Ann Example", 1)]


def test_contributors_form_refuses_one_person_twice(organiser_client, caribbean):
    ann = delegate(caribbean, "Ann Example", "JM")
    first = Segment.objects.get(session__number=1, position=1)
    response = organiser_client.post(
        PREPARE,
        {
            f"contributors-segment_{first.pk}_1": ann.pk,
            f"contributors-segment_{first.pk}_2": ann.pk,
            "contributors-submit": "",
        },
    )
    assert response.status_code == 200
    assert response.context["contributors_form"].errors == {
        f"segment_{first.pk}_2": ["This person is already named above for this presentation."]
    }
    assert not Contribution.objects.exists()


def test_contributors_form_needs_the_contribution_permissions(client, caribbean, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_rapporteurreport", "change_segment"]))
    client.force_login(user)
    ann = delegate(caribbean, "Ann Example", "JM")
    first = Segment.objects.get(session__number=1, position=1)
    response = client.post(PREPARE, {f"contributors-segment_{first.pk}_1": ann.pk, "contributors-submit": ""})
    assert response.status_code == 403
    assert not Contribution.objects.exists()


def test_rapporteurs_nominated_for_every_open_session_in_one_form(organiser_client, caribbean):
    ann = delegate(caribbean, "Ann Example", "JM")  # group 1
    bea = delegate(caribbean, "Bea Example", "BS")  # group 2
    services.nominate_rapporteur(breakout=Breakout.objects.get(session__number=2, group__number=2), participant=bea)
    page = page_of(organiser_client.get(PREPARE))
    form = "//form[.//button[@name='rapporteurs-submit']]"
    assert texts(page.xpath(form + "//label")) == [
        "Group 1, sessions 1, 2, 3, 4",
        "Group 2, sessions 1, 3, 4",
        "Group 3, sessions 1, 2, 3, 4",
        "Group 4, sessions 1, 2, 3, 4",
    ]
    assert page.xpath(form + "//select[@name='rapporteurs-group_1']/option/text()") == ["---------", str(ann)]
    # Someone of another group is refused.
    response = organiser_client.post(PREPARE, {"rapporteurs-group_1": bea.pk, "rapporteurs-submit": ""})
    assert texts(page_of(response).xpath("//ul[@class='errorlist']/li")) == [
        f"Select a valid choice. {bea.pk} is not one of the available choices."
    ]
    data = {"rapporteurs-group_1": ann.pk, "rapporteurs-group_2": bea.pk, "rapporteurs-submit": ""}
    response = organiser_client.post(PREPARE, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == ["2 groups’ rapporteurs nominated."]
    nominations = RapporteurNomination.objects.active().order_by("breakout__group__number", "breakout__session__number")
    assert [(n.breakout.group.number, n.breakout.session.number, n.participant.full_name) for n in nominations] == [
        (1, 1, "Ann Example"),
        (1, 2, "Ann Example"),
        (1, 3, "Ann Example"),
        (1, 4, "Ann Example"),
        (2, 1, "Bea Example"),
        (2, 2, "Bea Example"),
        (2, 3, "Bea Example"),
        (2, 4, "Bea Example"),
    ]
    assert "Rapporteurs: 8 of 16 breakouts have no rapporteur." in pending(organiser_client)


def test_the_checklist_in_french(organiser_client, caribbean):
    page = page_of(organiser_client.get("/fr" + PREPARE))
    assert texts(page.xpath("//h1")) == ["Préparer la conférence"]
    assert texts(page.xpath("//ul[@data-pending]/li"))[3] == (
        "Salles des groupes: 16 ateliers sur 16 n’ont pas de salle."
    )
