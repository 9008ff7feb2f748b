"""Who gets what: every URL of the site, walked as an anonymous visitor, as a rapporteur, as an organiser and as a
superuser; private reports reach nobody else; organisers cannot raise their own rights.

The URLs come from the resolver, so a new page cannot escape: the test fails until the new route is given a real
address and its expected answer for each role in the table below.
"""

import io

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.test import Client
from django.urls import URLResolver, get_resolver

from conference.models import Conference
from conference.roles import ORGANISERS
from groups.live import services as live_services
from groups.live.models import AudienceQuestion, BreakoutPoint
from groups.reports.models import RapporteurReport, ReportStatus
from sessions.documents import services as document_services
from sessions.models import Room
from tests.admin_site import OUR_APPS
from tests.documents import samples
from tests.html_forms import form_data
from tests.logos import add_logo

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "rapporteur", "organiser", "superuser")
LOGIN = "login"  # a redirect to the admin's login page
GUESSED_TOKEN = "guessed-" + "x" * 35
# How each kind of page answers each role, in the order of ROLES.
PUBLIC = (200, 200, 200, 200)
STAFF = (LOGIN, LOGIN, 200, 200)
SUPERUSER_ONLY = (LOGIN, LOGIN, 403, 200)
NOT_YET = (404, 404, 404, 404)
LOGO_COPY = r"^(?P<conference>[-a-zA-Z0-9_]+)/logos/(?P<name>[0-9a-f]{16}-[0-9]{1,4}\.(?:webp|png))\Z"


def walk(resolver, prefix=""):
    """Every route of the URLconf as the text of its patterns joined (the /fr/ prefix is empty in English)."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern, route)
        else:
            yield route


def site_table(world):
    """(route, address, expected answers) for the conference's own pages. `{token}` stands for the role's link key."""
    breakout = world["draft"].nomination.breakout
    session, group = breakout.session.number, breakout.group.number
    published = RapporteurReport.objects.get(breakout=world["published"].nomination.breakout)
    draft_report = RapporteurReport.objects.get(breakout=breakout)
    revision = draft_report.revisions.get()
    rapporteur = world["draft"].nomination.participant_id
    organisers = "<slug:conference>/organisers/"
    public_file, private_file = document_files(breakout.session.conference)
    logo = add_logo(Conference.objects.get(), name="Co-organiser")
    return [
        ("", "/", ("302 /caribbean/",) * 4),
        ("offline/", "/offline/", PUBLIC),
        ("<slug:conference>/", "/caribbean/", PUBLIC),
        ("<slug:conference>/how-sessions-work/", "/caribbean/how-sessions-work/", PUBLIC),
        ("<slug:conference>/sessions/<int:number>/", f"/caribbean/sessions/{session}/", PUBLIC),
        ("<slug:conference>/contributors/", "/caribbean/contributors/", PUBLIC),
        ("<slug:conference>/groups/find/", "/caribbean/groups/find/", PUBLIC),
        ("<slug:conference>/groups/join/", "/caribbean/groups/join/", PUBLIC),
        # A partner's mailed link: signed; a made-up one records nothing.
        ("<slug:conference>/groups/join/confirm/<str:token>/", "/caribbean/groups/join/confirm/made-up/", NOT_YET),
        ("<slug:conference>/groups/themes/<slug:code>/", "/caribbean/groups/themes/1/", PUBLIC),
        ("<slug:conference>/groups/<int:number>/", f"/caribbean/groups/{group}/", PUBLIC),
        (
            "<slug:conference>/groups/<int:number>/sessions/<int:session>/",
            f"/caribbean/groups/{group}/sessions/{session}/",
            PUBLIC,
        ),
        # Until the conference's days, time zone and session times are set, the exports are an explained 404.
        ("<slug:conference>/schedule.xml", "/caribbean/schedule.xml", NOT_YET),
        ("<slug:conference>/schedule.json", "/caribbean/schedule.json", NOT_YET),
        ("<slug:conference>/programme.ics", "/caribbean/programme.ics", NOT_YET),
        ("<slug:conference>/groups/<int:number>/calendar.ics", f"/caribbean/groups/{group}/calendar.ics", NOT_YET),
        # The link is the rapporteur's only key: theirs opens their report, a guessed one nothing. Organisers hold
        # every key (the admin shows them). The address names no breakout or report, so no key can be pointed at
        # another group's report.
        ("report/<slug:token>/", "/report/{token}/", (404, 200, 200, 200)),
        ("report/<slug:token>/autosave/", "/report/{token}/autosave/", (405, 405, 405, 405)),
        ("report/<slug:token>/points/hide/", "/report/{token}/points/hide/", (405, 405, 405, 405)),
        (organisers, "/caribbean/organisers/", STAFF),
        (organisers + "prepare/", "/caribbean/organisers/prepare/", STAFF),
        (organisers + "prepare/email/", "/caribbean/organisers/prepare/email/", (LOGIN, LOGIN, 405, 405)),
        (organisers + "sessions/<int:number>/", f"/caribbean/organisers/sessions/{session}/", STAFF),
        (
            organisers + "sessions/<int:number>/groups/<int:group>/report/",
            f"/caribbean/organisers/sessions/{session}/groups/{group}/report/",
            STAFF,
        ),
        (organisers + "sessions/<int:number>/screen/", f"/caribbean/organisers/sessions/{session}/screen/", STAFF),
        (
            organisers + "sessions/<int:number>/report-back/",
            f"/caribbean/organisers/sessions/{session}/report-back/",
            STAFF,
        ),
        # Publishing and unpublishing ask first (GET), then do it (POST); emails are only sent by a POST.
        (organisers + "reports/<int:pk>/publish/", f"/caribbean/organisers/reports/{published.pk}/publish/", STAFF),
        (organisers + "reports/<int:pk>/unpublish/", f"/caribbean/organisers/reports/{published.pk}/unpublish/", STAFF),
        (organisers + "reports/<int:pk>/history/", f"/caribbean/organisers/reports/{draft_report.pk}/history/", STAFF),
        (
            organisers + "reports/<int:pk>/history/<int:revision_id>/compare/",
            f"/caribbean/organisers/reports/{draft_report.pk}/history/{revision.pk}/compare/",
            STAFF,
        ),
        (
            organisers + "reports/<int:pk>/history/<int:revision_id>/restore/",
            f"/caribbean/organisers/reports/{draft_report.pk}/history/{revision.pk}/restore/",
            STAFF,
        ),
        (
            organisers + "sessions/<int:number>/groups/<int:group>/nominate/",
            f"/caribbean/organisers/sessions/{session}/groups/{group}/nominate/",
            STAFF,
        ),
        (organisers + "sessions/<int:number>/cards/", f"/caribbean/organisers/sessions/{session}/cards/", STAFF),
        (
            organisers + "sessions/<int:number>/email/",
            f"/caribbean/organisers/sessions/{session}/email/",
            (LOGIN, LOGIN, 405, 405),
        ),
        (organisers + "rapporteurs/<int:pk>/", f"/caribbean/organisers/rapporteurs/{rapporteur}/", STAFF),
        (
            organisers + "rapporteurs/<int:pk>/email/",
            f"/caribbean/organisers/rapporteurs/{rapporteur}/email/",
            (LOGIN, LOGIN, 405, 405),
        ),
        # The console's front door (the admin's header links to it): the only conference's console.
        ("organisers/", "/organisers/", (LOGIN, LOGIN, "302 /caribbean/organisers/", "302 /caribbean/organisers/")),
        (organisers + "partners/", "/caribbean/organisers/partners/", STAFF),
        (organisers + "outcome/", "/caribbean/organisers/outcome/", STAFF),
        (organisers + "outcome.docx", "/caribbean/organisers/outcome.docx", STAFF),
        (organisers + "outcome.md", "/caribbean/organisers/outcome.md", STAFF),
        # The public outcome before it is published: organisers preview it; publishing takes a POST.
        (organisers + "outcome/preview/", "/caribbean/organisers/outcome/preview/", STAFF),
        (organisers + "outcome/preview.pdf", "/caribbean/organisers/outcome/preview.pdf", STAFF),
        (organisers + "outcome/preview.docx", "/caribbean/organisers/outcome/preview.docx", STAFF),
        (organisers + "outcome/publish/", "/caribbean/organisers/outcome/publish/", (LOGIN, LOGIN, 405, 405)),
        (organisers + "outcome/unpublish/", "/caribbean/organisers/outcome/unpublish/", (LOGIN, LOGIN, 405, 405)),
        # Not published, not public: a 404 for everyone, organisers included (they use the preview).
        ("<slug:conference>/outcome/", "/caribbean/outcome/", NOT_YET),
        ("<slug:conference>/outcome.pdf", "/caribbean/outcome.pdf", NOT_YET),
        ("<slug:conference>/outcome.docx", "/caribbean/outcome.docx", NOT_YET),
        ("<slug:conference>/participants/", "/caribbean/participants/", NOT_YET),
        # Documents: a public one's file for everyone, an organisers-only one's for the organisers (a 404 to others).
        (DOCUMENT_ROUTE, file_address(public_file), PUBLIC),
        (DOCUMENT_ROUTE, file_address(private_file), (404, 404, 200, 200)),
        (organisers + "documents/", "/caribbean/organisers/documents/", STAFF),
        (organisers + "documents/<int:pk>/", f"/caribbean/organisers/documents/{private_file.document_id}/", STAFF),
        (
            organisers + "documents/<int:pk>/public/",
            f"/caribbean/organisers/documents/{private_file.document_id}/public/",
            (LOGIN, LOGIN, 405, 405),
        ),
        (
            organisers + "documents/<int:pk>/withdraw/",
            f"/caribbean/organisers/documents/{private_file.document_id}/withdraw/",
            STAFF,
        ),
        (organisers + "logos/", "/caribbean/organisers/logos/", STAFF),
        # A logo's copies, for everyone (public pages show them); a name no logo of the conference has, for nobody.
        (LOGO_COPY, f"/caribbean/logos/{logo.file_key}-48.webp", PUBLIC),
        (LOGO_COPY, f"/caribbean/logos/{logo.file_key}-96.png", NOT_YET),
    ]


DOCUMENT_ROUTE = "<slug:conference>/documents/<int:pk>/<str:language>/<str:name>"


def document_files(conference):
    """A public document's file and an organisers-only one's."""
    files = []
    for title, is_public in (("A public paper", True), ("A private paper", False)):
        document = document_services.create_document(
            conference=conference,
            title=title,
            kind="background",
            language="en",
            upload=samples.upload("paper.pdf", samples.pdf_bytes()),
            is_public=is_public,
        )
        files.append(document.files.get())
    return files


def file_address(file_row):
    return f"/caribbean/documents/{file_row.document_id}/en/{file_row.download_name}"


def live_records(world):
    """A facilitator's link, a question and a breakout point in session 1, so that every live page has something."""
    breakout = world["draft"].nomination.breakout
    session = breakout.session
    facilitator = world["draft"].nomination.participant
    nomination = live_services.nominate_facilitator(session=session, participant=facilitator)
    question = AudienceQuestion.objects.create(session=session, text="A question from the room?")
    point = BreakoutPoint.objects.create(question=breakout.questions.first(), text="A point of the group")
    notes = live_services.notes_link(breakout=breakout)
    return {"nomination": nomination, "question": question, "point": point, "notes": notes}


def live_table(world, live):
    """The live pages: public (votes are posts); the facilitator's link and a group's notes link are their own keys:
    the notes open to whoever holds the group's link (the people in the room), to nobody without it."""
    session = world["draft"].nomination.breakout.session.number
    questions = "<slug:conference>/sessions/<int:number>/questions/"
    return [
        (questions, f"/caribbean/sessions/{session}/questions/", PUBLIC),
        (questions + "updates/", f"/caribbean/sessions/{session}/questions/updates/", PUBLIC),
        (questions + "vote/", f"/caribbean/sessions/{session}/questions/vote/", (405, 405, 405, 405)),
        (questions + "screen/", f"/caribbean/sessions/{session}/questions/screen/", PUBLIC),
        ("notes/<slug:token>/", f"/notes/{GUESSED_TOKEN}/", (404, 404, 404, 404)),
        ("notes/<slug:token>/", f"/notes/{live['notes'].token}/", PUBLIC),
        ("moderate/<slug:token>/", f"/moderate/{GUESSED_TOKEN}/", (404, 404, 404, 404)),
        ("moderate/<slug:token>/", f"/moderate/{live['nomination'].token}/", PUBLIC),
    ]


def admin_site_table(world, superuser):
    """The admin's own pages, and the views our model admins add to theirs."""
    conference = Conference.objects.get()
    app_list = "admin/^(?P<app_label>auth|axes|conference|agenda_sessions|groups|live|reports|documents)/$"
    return [
        ("admin/", "/admin/", STAFF),
        ("admin/login/", "/admin/login/", (200, 200, "302 /admin/", "302 /admin/")),
        # Logging out takes a POST; a visitor who is not logged in is sent to the admin's front page (then its login).
        ("admin/logout/", "/admin/logout/", ("302 /admin/", "302 /admin/", 405, 405)),
        ("admin/password_change/", "/admin/password_change/", STAFF),
        ("admin/password_change/done/", "/admin/password_change/done/", STAFF),
        (
            "admin/autocomplete/",
            "/admin/autocomplete/?app_label=agenda_sessions&model_name=contribution&field_name=participant",
            STAFF,
        ),
        # Nor can organisers list accounts through an autocomplete.
        (
            "admin/autocomplete/",
            "/admin/autocomplete/?app_label=auth&model_name=user&field_name=groups",
            SUPERUSER_ONLY,
        ),
        ("admin/jsi18n/", "/admin/jsi18n/", STAFF),
        # None of our models has a page of its own for "view on site" to go to.
        (
            "admin/r/<path:content_type_id>/<path:object_id>/",
            f"/admin/r/{ContentType.objects.get_for_model(Conference).pk}/{Conference.objects.get().pk}/",
            (LOGIN, LOGIN, 404, 404),
        ),
        (app_list, "/admin/auth/", (LOGIN, LOGIN, 404, 200)),
        (app_list, "/admin/axes/", (LOGIN, LOGIN, 404, 200)),
        (app_list, "/admin/conference/", STAFF),
        (app_list, "/admin/agenda_sessions/", STAFF),
        (app_list, "/admin/documents/", STAFF),
        (app_list, "/admin/groups/", STAFF),
        (app_list, "/admin/reports/", STAFF),
        (app_list, "/admin/live/", STAFF),
        ("admin/(?P<url>.*)$", "/admin/nowhere/", (LOGIN, LOGIN, 404, 404)),
        (
            "admin/conference/conference/<int:conference_id>/translations/",
            f"/admin/conference/conference/{conference.pk}/translations/",
            STAFF,
        ),
        (
            "admin/conference/conference/<int:conference_id>/translations/<str:language>.po",
            f"/admin/conference/conference/{conference.pk}/translations/fr.po",
            STAFF,
        ),
        ("admin/auth/user/<id>/password/", f"/admin/auth/user/{superuser.pk}/password/", SUPERUSER_ONLY),
        # The conference's structure: copied for the next one, or created from a file (groups/admin.py).
        (
            "admin/conference/conference/<int:pk>/copy/",
            f"/admin/conference/conference/{Conference.objects.get().pk}/copy/",
            STAFF,
        ),
        ("admin/conference/conference/load/", "/admin/conference/conference/load/", STAFF),
        # People in bulk (conference/people.py): the import's second step takes the first one's POST.
        ("admin/conference/participant/import/", "/admin/conference/participant/import/", STAFF),
        (
            "admin/conference/participant/process_import/",
            "/admin/conference/participant/process_import/",
            (LOGIN, LOGIN, 405, 405),
        ),
        ("admin/conference/participant/export/", "/admin/conference/participant/export/", STAFF),
    ]


# Every registered model's list, add, history, delete and change pages; who may open them depends on its app.
MODEL_VIEWS = ("", "add/", "{pk}/history/", "{pk}/delete/", "{pk}/change/")
# Nobody adds entries of the login-throttling log by hand: failed logins write them. Reports are made by nominating a
# rapporteur: the admin shows them read only. The groups' notes links are made when the room cards or the breakout
# screen first show them.
NOBODY_ADDS = {
    "axes.accessattempt",
    "axes.accesslog",
    "axes.accessfailurelog",
    "reports.rapporteurreport",
    "live.noteslink",
}
# Nothing is erased of what participants sent: hidden questions and points stay, for the organisers.
NOBODY_DELETES = {"live.audiencequestion", "live.breakoutpoint"}


def model_table(objects):
    """(route, address, expected answers) for the pages of every model in the admin, on a real record of each."""
    rows = []
    for model in admin.site._registry:
        opts = model._meta
        prefix = f"admin/{opts.app_label}/{opts.model_name}/"
        pk = objects[opts.label_lower].pk
        for view in MODEL_VIEWS:
            expected = STAFF if opts.app_label in OUR_APPS else SUPERUSER_ONLY
            if view == "add/" and opts.label_lower in NOBODY_ADDS:
                expected = (LOGIN, LOGIN, 403, 403)
            if view == "{pk}/delete/" and opts.label_lower in NOBODY_DELETES:
                expected = (LOGIN, LOGIN, 403, 403)
            rows.append((prefix + view.replace("{pk}", "<path:object_id>"), f"/{prefix}{view.format(pk=pk)}", expected))
        # A change page's address before Django 1.9, kept as a redirect (to a page that then checks permissions).
        change = f"302 /{prefix}{pk}/change/"
        rows.append((prefix + "<path:object_id>/", f"/{prefix}{pk}/", (LOGIN, LOGIN, change, change)))
    return rows


def admin_objects(world, superuser):
    """One record of each model in the admin: the private draft's where it has one, the superuser's account."""
    draft = world["draft"].nomination
    attempt = {"username": "someone", "ip_address": "192.0.2.1", "user_agent": "", "http_accept": "", "path_info": "/"}
    AccessAttempt.objects.create(**attempt, get_data="", post_data="", failures_since_start=1)
    AccessFailureLog.objects.create(**attempt)
    AccessLog.objects.create(**attempt)
    Room.objects.create(conference=Conference.objects.get(), code="ballroom", name="Grand Ballroom")
    objects = {model._meta.label_lower: model._default_manager.order_by("pk").first() for model in admin.site._registry}
    return objects | {
        "auth.user": superuser,
        "auth.group": Group.objects.get(name=ORGANISERS),
        "groups.breakout": draft.breakout,
        "groups.rapporteurnomination": draft,
        "groups.rapporteurreport": RapporteurReport.objects.get(breakout=draft.breakout),
    }


@pytest.fixture
def url_table(private_reports, superuser):
    """Every route with a real address and its expected answer for each role."""
    site = site_table(private_reports)  # first: it makes the documents, which the admin's table opens too
    live = live_records(private_reports)
    objects = admin_objects(private_reports, superuser)
    return (
        site + live_table(private_reports, live) + admin_site_table(private_reports, superuser) + model_table(objects)
    )


def fetch(client, address):
    """(response, body): a file's streamed body is read (and its file closed)."""
    response = client.get(address)
    return response, b"".join(response.streaming_content) if response.streaming else response.content


def answer(response):
    """A response as the table writes it: the status, LOGIN, or a redirect's status and target."""
    if response.status_code in (301, 302):
        location = response["Location"]
        return LOGIN if location.startswith("/admin/login/?next=/") else f"{response.status_code} {location}"
    return response.status_code


def visitor(role, world, organiser, superuser):
    """A browser for the role and the link key it holds."""
    client = Client()
    if role in ("organiser", "superuser"):
        client.force_login(organiser if role == "organiser" else superuser)
    if role == "anonymous":
        return client, GUESSED_TOKEN
    return client, world["draft"].nomination.token


def test_every_route_is_in_the_table(url_table):
    assert sorted({route for route, _address, _expected in url_table}) == sorted(set(walk(get_resolver())))


@pytest.mark.parametrize("role", ROLES)
def test_who_gets_what(role, url_table, private_reports, organiser, superuser):
    client, token = visitor(role, private_reports, organiser, superuser)
    column = ROLES.index(role)
    answers = {address: answer(fetch(client, address.format(token=token))[0]) for _route, address, _e in url_table}
    assert answers == {address: expected[column] for _route, address, expected in url_table}


def visit_all(client, url_table, token, *, french=False):
    """Every address of the table (and, with `french`, each public one under /fr/): {address: response text}."""
    addresses = [address.format(token=token) for _route, address, _expected in url_table]
    if french:
        addresses += ["/fr" + address for address in addresses if not address.startswith("/admin/")]
    pages = {}
    for address in addresses:
        response, body = fetch(client, address)
        pages[address] = f"{response.headers}\n{body.decode(errors='replace')}"
    return pages


def leaks(pages, secrets):
    return sorted((address, secret) for address, text in pages.items() for secret in secrets if secret in text)


def test_private_work_reaches_only_its_rapporteur(url_table, private_reports, organiser, superuser):
    draft, submitted, published = (private_reports[key] for key in ("draft", "submitted", "published"))
    # Organisers and the superuser go first: nothing they were shown may then be served from the cache to others.
    for role in ("superuser", "organiser"):
        client, token = visitor(role, private_reports, organiser, superuser)
        organiser_pages = visit_all(client, url_table, token)
    assert leaks(organiser_pages, draft.secrets[:1] + submitted.secrets[:1]) != []  # the markers do show up

    # A published report's text is public; its rapporteur's email address and link key are not.
    private = [*published.secrets[1:], private_reports["partner_email"]]
    anonymous = visit_all(Client(), url_table, GUESSED_TOKEN, french=True)
    assert leaks(anonymous, [*draft.secrets, *submitted.secrets, *private]) == []
    assert leaks(anonymous, published.secrets[:1]) != []
    for own, other in [(draft, submitted), (submitted, draft)]:
        pages = visit_all(Client(), url_table, own.nomination.token, french=True)
        assert leaks(pages, [*other.secrets, *private]) == []
        assert {address for address, _secret in leaks(pages, own.secrets[:1])} == {
            f"/report/{own.nomination.token}/",
            f"/fr/report/{own.nomination.token}/",
        }


def everything():
    """The conference's records and every account, group and permission, as JSON: to prove that nothing changed.
    (Attempt counts are bookkeeping: unknown report links posted to are counted, as they should be.)"""
    output = io.StringIO()
    # Attempt counts are the throttles' bookkeeping (conference.throttle): refused attempts are counted, by design.
    call_command(
        "dumpdata",
        *("auth", "conference", "agenda_sessions", "groups", "live", "reports"),
        exclude=["conference.attemptcount"],
        stdout=output,
    )
    return output.getvalue()


@pytest.mark.parametrize("role", ["anonymous", "rapporteur"])
def test_posts_without_rights_change_nothing(role, url_table, private_reports, organiser, superuser):
    """Every address posted to with what would, from a superuser, publish, delete and grant every right."""
    client, token = visitor(role, private_reports, organiser, superuser)
    reports = list(RapporteurReport.objects.values_list("pk", flat=True))
    hostile = {
        "post": "yes",
        "action": "publish",
        "_selected_action": reports,
        "_publish": "Publish",
        "is_staff": "on",
        "is_superuser": "on",
        "groups": [Group.objects.get(name=ORGANISERS).pk],
        "user_permissions": list(Permission.objects.values_list("pk", flat=True)),
        "permissions": list(Permission.objects.values_list("pk", flat=True)),
        "username": "intruder",
        "password1": "a-long-enough-password-1",
        "password2": "a-long-enough-password-1",
        "conclusions": "Overwritten",
    }
    before = everything()
    statuses = {client.post(address.format(token=token), hostile).status_code for _r, address, _e in url_table}
    assert everything() == before
    assert statuses <= {200, 302, 400, 403, 404, 405}
    # The same posts from the superuser do publish: the walk above was refused, not harmless.
    admin_client, _token = visitor("superuser", private_reports, organiser, superuser)
    for report in reports:
        admin_client.post(f"/caribbean/organisers/reports/{report}/publish/", hostile)
    assert set(RapporteurReport.objects.values_list("status", flat=True)) == {ReportStatus.PUBLISHED}


def test_a_rapporteur_key_only_ever_writes_its_own_report(client, private_reports):
    draft, submitted = private_reports["draft"].nomination, private_reports["submitted"].nomination
    other = RapporteurReport.objects.with_content().get(breakout=submitted.breakout)
    before = (other.version, other.content)
    fields = {f"answer_{question.pk}": "Overwritten" for question in other.breakout.questions.all()}
    data = {**fields, "conclusions": "Overwritten", "actions": "", "base_version": other.version}
    response = client.post(f"/report/{draft.token}/autosave/", data)
    # Answers to another breakout's questions are refused and handed back; nothing is written anywhere.
    assert (response.status_code, response.json()["status"]) == (409, "question_removed")
    assert set(response.json()["removed"]) == set(fields)
    other = RapporteurReport.objects.with_content().get(pk=other.pk)
    assert (other.version, other.content) == before
    assert RapporteurReport.objects.get(breakout=draft.breakout).conclusions == "DRAFT-7C1E9A conclusions"


def superuser_form(superuser, address):
    """The admin form at `address` as the superuser sees it (organisers are refused even the page)."""
    client = Client()
    client.force_login(superuser)
    return form_data(client.get(address))


def test_organiser_cannot_make_itself_superuser(organiser_client, organiser, superuser):
    address = f"/admin/auth/user/{organiser.pk}/change/"
    data = superuser_form(superuser, address)
    data.update(is_superuser="on", user_permissions=list(Permission.objects.values_list("pk", flat=True)))
    assert organiser_client.post(address, data).status_code == 403
    organiser.refresh_from_db()
    assert (organiser.is_superuser, organiser.user_permissions.count()) == (False, 0)
    assert not organiser.has_perm("auth.change_user")


def test_organiser_cannot_create_accounts_or_take_over_the_superuser(organiser_client, superuser, django_user_model):
    new_account = {
        "username": "helper",
        "password1": "a-long-enough-password-1",
        "password2": "a-long-enough-password-1",
    }
    assert organiser_client.post("/admin/auth/user/add/", new_account).status_code == 403
    password = {"password1": "a-long-enough-password-1", "password2": "a-long-enough-password-1"}
    assert organiser_client.post(f"/admin/auth/user/{superuser.pk}/password/", password).status_code == 403
    assert organiser_client.post(f"/admin/auth/user/{superuser.pk}/delete/", {"post": "yes"}).status_code == 403
    assert list(django_user_model.objects.order_by("username").values_list("username", flat=True)) == ["org", "root"]
    superuser.refresh_from_db()
    assert superuser.check_password("pw-for-tests-only")


def test_organiser_cannot_add_permissions_to_the_organisers_group(organiser_client, organiser, superuser):
    group = Group.objects.get(name=ORGANISERS)
    before = set(group.permissions.values_list("codename", flat=True))
    address = f"/admin/auth/group/{group.pk}/change/"
    data = superuser_form(superuser, address)
    data["permissions"] = list(Permission.objects.values_list("pk", flat=True))
    assert organiser_client.post(address, data).status_code == 403
    everything_group = {"name": "Everything", "permissions": data["permissions"]}
    assert organiser_client.post("/admin/auth/group/add/", everything_group).status_code == 403
    assert set(group.permissions.values_list("codename", flat=True)) == before
    assert list(Group.objects.values_list("name", flat=True)) == [ORGANISERS]
