"""Organisers (staff, not superusers) run the conference from the admin."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from conference.models import Conference, Country, Organisation, OrganisationKind, Participant
from conference.roles import ORGANISERS, organiser_models
from groups.live import services as live_services
from groups.live.models import AudienceQuestion, BreakoutPoint, NotesLink
from groups.models import Breakout, BreakoutGroup, GroupPartner
from groups.reports.models import RapporteurNomination, RapporteurReport, ReportStatus
from sessions.documents import services as document_services
from sessions.models import Contribution, Room, Segment, Session
from tests.documents import samples

from .admin_site import OUR_APPS, OUR_MODELS, autocomplete_fields
from .html_forms import form_data

pytestmark = pytest.mark.django_db

PDF = samples.pdf_bytes()


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def full_conference(caribbean):
    """The fixture plus one record of each kind the document leaves to organisers."""
    partner = Organisation.objects.create(conference=caribbean, name="Partner", kind=OrganisationKind.BILATERAL)
    jamaica = Country.objects.get(conference=caribbean, code="JM")
    Room.objects.create(conference=caribbean, code="ballroom", name="Grand Ballroom")
    ann = Participant.objects.create(conference=caribbean, full_name="Ann", country=jamaica)
    bob = Participant.objects.create(conference=caribbean, full_name="Bob", organisation=partner, email="b@x.org")
    GroupPartner.objects.create(group=BreakoutGroup.objects.get(number=2), participant=bob)
    breakout = Breakout.objects.get(session__number=1, group__number=1)
    RapporteurNomination.objects.create(breakout=breakout, participant=ann)
    RapporteurReport.objects.create(breakout=breakout, status=ReportStatus.SUBMITTED, conclusions="Summary")
    live_services.nominate_facilitator(session=breakout.session, participant=ann)
    AudienceQuestion.objects.create(session=breakout.session, text="Ann, why?", asked_by="Bob", addressee=ann)
    BreakoutPoint.objects.create(question=breakout.questions.first(), text="Ann's point", author="Ann")
    live_services.notes_link(breakout=breakout)
    document_services.create_document(
        conference=caribbean, title="A paper", kind="background", language="en", upload=samples.upload("a.pdf", PDF)
    )
    presentation = Segment.objects.order_by("pk").first()  # the segment the admin tests open: a presentation
    Contribution.objects.create(segment=presentation, participant=bob, position=1)
    Contribution.objects.create(segment=presentation, participant=ann, position=2)
    return caribbean


def test_every_model_of_ours_is_in_the_admin():
    assert [m._meta.label for m in OUR_MODELS] == [
        "agenda_sessions.Room",
        "agenda_sessions.Segment",
        "agenda_sessions.Session",
        "conference.Conference",
        "conference.Country",
        "conference.Organisation",
        "conference.Participant",
        "conference.ThematicArea",
        "documents.Document",
        "groups.Breakout",
        "groups.BreakoutGroup",
        "groups.GroupCountry",
        "groups.GroupPartner",
        "groups.Question",
        "live.AudienceQuestion",
        "live.BreakoutPoint",
        "live.FacilitatorNomination",
        "live.LiveSession",
        "live.NotesLink",
        "reports.RapporteurNomination",
        "reports.RapporteurReport",
    ]


# Bookkeeping that nobody edits by hand.
NOT_FOR_ORGANISERS = ["contentversion", "attemptcount"]


def test_organisers_group_has_exactly_the_conference_permissions():
    group = Group.objects.get(name=ORGANISERS)
    expected = Permission.objects.filter(content_type__app_label__in=OUR_APPS).exclude(
        content_type__model__in=NOT_FOR_ORGANISERS
    )
    assert set(group.permissions.all()) == set(expected)
    # Every model but the bookkeeping; answers, revisions and contributions are shown as inlines, as are the
    # conference's logos and a document's files; the emails of rapporteurs' links are the console's; votes are
    # counted, not edited.
    our_models = [model for label in OUR_APPS for model in apps.get_app_config(label).get_models()]
    assert sorted(model._meta.label for model in organiser_models()) == sorted(
        model._meta.label for model in our_models if model._meta.model_name not in NOT_FOR_ORGANISERS
    )
    assert expected.count() == 4 * len(organiser_models()) == 4 * (len(OUR_MODELS) + 7)


def test_organiser_is_not_a_superuser_and_cannot_manage_users(organiser_client, organiser):
    assert (organiser.is_staff, organiser.is_superuser) == (True, False)
    assert organiser_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert organiser_client.get(reverse("admin:auth_group_changelist")).status_code == 403


# Reports are written through the report form and handled in the organisers' console: the admin shows them only. The
# groups' notes links are made when the room cards or the breakout screen show them; the admin only revokes them.
READ_ONLY = [RapporteurReport, NotesLink]


@pytest.mark.parametrize("model", OUR_MODELS, ids=lambda m: m._meta.label)
def test_organiser_opens_list_add_and_change_pages(organiser_client, full_conference, model):
    assert organiser_client.get(admin_url(model, "changelist")).status_code == 200
    assert organiser_client.get(admin_url(model, "add")).status_code == (403 if model in READ_ONLY else 200)
    obj = model.objects.order_by("pk").first()
    assert organiser_client.get(admin_url(model, "change", obj.pk)).status_code == 200


@pytest.mark.parametrize("model", [m for m in OUR_MODELS if m not in READ_ONLY], ids=lambda m: m._meta.label)
def test_organiser_saves_every_kind_of_record(organiser_client, full_conference, model):
    obj = model.objects.order_by("pk").first()
    url = admin_url(model, "change", obj.pk)
    response = organiser_client.post(url, form_data(organiser_client.get(url)))
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_conference_without_name_or_region_is_saved(organiser_client, caribbean):
    url = admin_url(Conference, "change", caribbean.pk)
    data = form_data(organiser_client.get(url))
    # The texts are entered per language; English is the one every other falls back to.
    data["region_en"] = data["name_en"] = ""
    assert organiser_client.post(url, data).status_code == 302
    response = organiser_client.get(url)
    assert response.context["subtitle"] == "Regional conference"


def test_autocomplete_ignores_nul_characters(organiser_client, full_conference):
    def status(app_label, model_name, field):
        query = {"app_label": app_label, "model_name": model_name, "field_name": field, "term": "Ann\x00"}
        return organiser_client.get(reverse("admin:autocomplete"), query).status_code

    # Each was a database error on PostgreSQL.
    assert {source: status(*source) for source in autocomplete_fields()} == dict.fromkeys(autocomplete_fields(), 200)


def test_search_counts_only_the_first_twenty_words(organiser_client, full_conference):
    def found(model, search):
        response = organiser_client.get(admin_url(model, "changelist"), {"q": search})
        return response.context["cl"].result_count

    labels = [model._meta.label for model in OUR_MODELS]
    # 2,000 words made a query SQLite refuses and PostgreSQL takes seconds to plan.
    assert {model._meta.label: found(model, "word " * 2000) for model in OUR_MODELS} == dict.fromkeys(labels, 0)
    many = " ".join(["Ann"] * 20 + ["nowhere"] * 50)
    assert {m._meta.label: found(m, many) for m in OUR_MODELS} == {m._meta.label: found(m, "Ann") for m in OUR_MODELS}


def test_list_filters_and_search_work(organiser_client, full_conference):
    url = admin_url(Breakout, "changelist")
    response = organiser_client.get(url, {"q": "drivers"})
    assert [str(b.topic) for b in response.context["cl"].result_list] == ["Drivers and challenges"]
    group = BreakoutGroup.objects.get(number=3)
    response = organiser_client.get(url, {"group__id__exact": group.pk})
    assert [b.session.number for b in response.context["cl"].result_list] == [1, 2, 3, 4]


def test_session_page_edits_the_programme(organiser_client, caribbean):
    session = Session.objects.get(number=2)
    url = admin_url(Session, "change", session.pk)
    data = form_data(organiser_client.get(url))
    data["date"], data["start_time"] = "", "09:00"
    data["segments-8-min_minutes"] = "25"
    data["segments-8-max_minutes"] = "35"
    assert organiser_client.post(url, data).status_code == 302
    session.refresh_from_db()
    assert [(s.min_minutes, s.max_minutes) for s in session.segments.all()][-1] == (25, 35)
    assert str(session.start_time) == "09:00:00"


def test_segment_maximum_below_minimum_is_explained(organiser_client, caribbean):
    session = Session.objects.get(number=1)
    url = admin_url(Session, "change", session.pk)
    data = form_data(organiser_client.get(url))
    data["segments-0-max_minutes"] = "10"
    response = organiser_client.post(url, data)
    assert response.status_code == 200
    assert "The maximum (10 minutes) cannot be below the minimum (15 minutes)." in response.content.decode()
    assert session.segments.get(position=1).max_minutes == 20


def test_breakout_page_edits_its_questions(organiser_client, caribbean):
    breakout = Breakout.objects.get(session__number=3, group__number=2)
    url = admin_url(Breakout, "change", breakout.pk)
    data = form_data(organiser_client.get(url))
    assert data["questions-TOTAL_FORMS"] == "2"
    data["questions-1-text_en"] = "A changed question?"
    assert organiser_client.post(url, data).status_code == 302
    assert list(breakout.questions.values_list("text", flat=True))[1] == "A changed question?"


def test_a_country_put_in_a_second_group_is_explained(organiser_client, caribbean):
    group = BreakoutGroup.objects.get(conference=caribbean, number=2)
    url = admin_url(BreakoutGroup, "change", group.pk)
    data = form_data(organiser_client.get(url))
    data["country_places-TOTAL_FORMS"] = "6"
    data["country_places-5-country"] = str(Country.objects.get(conference=caribbean, code="JM").pk)
    data["country_places-5-group"] = str(group.pk)
    response = organiser_client.post(url, data)
    assert response.status_code == 200
    assert (
        "This country or territory is already in another group of this conference. "
        "A country belongs to exactly one group: remove it from the other group first."
    ) in response.content.decode()
    assert list(group.countries.order_by("name").values_list("name", flat=True)) == [
        "Bahamas",
        "Bermuda",
        "Guyana",
        "Saint Lucia",
        "St. Vincent and the Grenadines",
    ]


def test_a_rapporteur_from_outside_the_group_or_an_organisation_is_explained(organiser_client, full_conference):
    breakout = Breakout.objects.get(session__number=2, group__number=2)
    url = admin_url(RapporteurNomination, "add")
    ann, bob = Participant.objects.get(full_name="Ann"), Participant.objects.get(full_name="Bob")
    response = organiser_client.post(url, {"breakout": breakout.pk, "participant": ann.pk})
    assert (
        "Ann is from Jamaica, which is not in Group 2. The rapporteur must be from one of the group’s countries."
        in response.content.decode()
    )
    response = organiser_client.post(url, {"breakout": breakout.pk, "participant": bob.pk})
    # Partners are not offered: a rapporteur is a delegate.
    assert response.context["adminform"].form.errors == {
        "participant": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert breakout.nominations.count() == 0


def test_nominating_from_a_country_with_another_role_warns(organiser_client, full_conference):
    ann = Participant.objects.get(full_name="Ann")
    session = Session.objects.get(number=2)
    session.facilitator = ann
    session.save()
    breakout = Breakout.objects.get(session=session, group__number=1)
    response = organiser_client.post(
        admin_url(RapporteurNomination, "add"), {"breakout": breakout.pk, "participant": ann.pk}, follow=True
    )
    messages = [str(m) for m in response.context["messages"]]
    assert (
        "Jamaica already has another role in session 2. The document prefers a rapporteur from a country with no "
        "other role; the nomination is kept."
    ) in messages
    assert breakout.nominations.get().participant == ann


def test_reports_are_published_in_the_console_not_the_admin(organiser_client, full_conference):
    """Publishing happened three ways; it is now the console's alone (tests/reports/test_console.py)."""
    report = RapporteurReport.objects.get()
    url = admin_url(RapporteurReport, "changelist")
    actions = organiser_client.get(url).context["action_form"].fields["action"].choices
    assert [(name, str(label)) for name, label in actions] == [
        ("", "---------"),
        ("delete_selected", "Delete selected rapporteur reports"),
    ]
    organiser_client.post(url, {"action": "publish", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_contributors_named_on_the_segments_page_reached_from_the_sessions_timeline(organiser_client, full_conference):
    session = Session.objects.get(number=1)
    presentation = session.segments.get(position=1)
    page = organiser_client.get(admin_url(Session, "change", session.pk)).content.decode()
    # The timeline's row shows the contributors in order and links to the segment's own page.
    assert "Bob (Partner), Ann (Jamaica)" in page
    assert admin_url(Segment, "change", presentation.pk) in page
    url = admin_url(Segment, "change", presentation.pk)
    data = form_data(organiser_client.get(url))
    # Ann first, Bob second, and Cleo third in the empty row.
    cleo = Participant.objects.create(
        conference=full_conference, full_name="Cleo", country=Country.objects.get(code="BS")
    )
    data["contributions-0-position"], data["contributions-1-position"] = "2", "1"
    data["contributions-2-participant"], data["contributions-2-position"] = str(cleo.pk), "3"
    response = organiser_client.post(url, data)
    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    assert [c.participant.full_name for c in presentation.contributions.order_by("position")] == ["Ann", "Bob", "Cleo"]


def test_a_contributor_from_another_conference_is_refused(organiser_client, full_conference):
    other = Conference.objects.create(slug="other", region="Other")
    stranger = Participant.objects.create(
        conference=other, full_name="Stranger", organisation=Organisation.objects.create(conference=other, name="Org")
    )
    presentation = Segment.objects.order_by("pk").first()
    url = admin_url(Segment, "change", presentation.pk)
    data = form_data(organiser_client.get(url))
    data["contributions-2-participant"], data["contributions-2-position"] = str(stranger.pk), "3"
    response = organiser_client.post(url, data)
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors[2] == {
        "participant": ["Choose a participant of this session’s conference."]
    }
    assert presentation.contributions.count() == 2
