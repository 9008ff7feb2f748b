"""Bad input: every public, rapporteur and admin form fed long, empty, Unicode, control-character and HTML text.

Whatever is typed, no page fails; no markup from the input runs on any page that shows it back (the form itself, or
once saved, the public pages, the exports, the organisers' pages and the admin); refused input comes back with a
message saying why and with what was typed, so that nothing is lost.
"""

import csv
import functools
import io
import json
import re
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit

import icalendar
import polib
import pytest
from django.core import mail
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import TextField
from django.test import Client
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from lxml import etree, html

from conference.models import Conference, Country, Participant, ThematicArea
from conference.services import translation_file
from conference.text import XML_INVALID, unsafe_character
from groups import services as group_services
from groups.live import services as live_services
from groups.live.forms import ModerationAction
from groups.live.models import AudienceQuestion, BreakoutPoint, LiveSession, Vote
from groups.models import Breakout, GroupPartner, Question
from groups.reports import services
from groups.reports.models import RapporteurReport
from sessions.models import Contribution, Session
from tests.admin_site import OUR_MODELS, autocomplete_fields
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

# Markup that would run if a page printed it unescaped, or a link made from it.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '"><svg onload=alert(1)>',
    "'><iframe src=javascript:alert(1)></iframe>",
    '<a href="javascript:alert(1)">click</a>',
    "[click](javascript:alert(1))",
    "<javascript:alert(1)>",
    "[click](  JaVaScRiPt:alert(1))",
    "<style>body{display:none}</style>",
    "{{ request }}{% debug %}%(name)s{0}",
]
UNICODE = [
    "👩🏽‍💻 🇯🇲 ❤️",
    "\u202eevil.exe\u202c",
    "مرحبا بالعالم",
    "שָׁלוֹם",
    "e\u0301\u0302\u0303\u0304\u0305",
    "\u200b\u200d\ufeff",
    "𝕳𝖊𝖑𝖑𝖔 Ω≈ç√∫",
    "ǅǈǋ ß ﬁ İ",
]
WHITESPACE = " \t\n\r\x0b\x0c\u00a0\u2003\u3000"
# Units repeated, up to past 10,000 characters: text, words (search terms), Markdown lists and quotes (deep
# nesting), markup, Unicode. ("[" is left out: Python-Markdown takes seconds over thousands of them.)
UNITS = ["a", "word ", "- ", "1. ", "> ", "\n", "<b>", *PAYLOADS[:3], "é", "👩🏽‍💻", "\x0b"]

piece = st.one_of(
    st.sampled_from(PAYLOADS),
    st.sampled_from(UNICODE),
    st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=8),  # control characters, NUL too
    st.text(max_size=40),
    st.builds(lambda unit, count: unit * count, st.sampled_from(UNITS), st.integers(min_value=2, max_value=3000)),
)
fuzz_text = st.one_of(
    st.just(""),
    st.text(alphabet=WHITESPACE, min_size=1, max_size=12),
    piece,
    st.lists(piece, min_size=2, max_size=4).map("".join),
    st.sampled_from(UNITS).map(lambda unit: unit * (10_001 // len(unit) + 1)),
)
FUZZ = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
UTF8 = html.HTMLParser(encoding="utf-8")
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


def on_its_own(test):
    """Undo what each example saved and empty the page cache: every example starts from the fixtures' data, so that
    a failure replays on its own (the fixtures are made once for all the examples of a test)."""

    @functools.wraps(test)
    def example_on_its_own(*args, **kwargs):
        cache.clear()
        with transaction.atomic():
            test(*args, **kwargs)
            transaction.set_rollback(True)

    return example_on_its_own


def parse(response):
    # As in browsers, a NUL byte becomes U+FFFD (lxml refuses it in text but does this with bytes).
    return html.document_fromstring(response.content, parser=UTF8)


def normal(text):
    """Text as an HTML parser hands it on: line breaks as LF, NUL as U+FFFD."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "\ufffd")


def assert_harmless(response):
    """No markup from the input in an HTML page: no event handler, script, style or javascript: link anywhere."""
    assert response.status_code < 500
    if not (response.content and response["Content-Type"].startswith("text/html")):
        return
    content = response.content.decode()
    for payload in PAYLOADS:
        if payload.startswith(("<", '"', "'")):
            assert payload not in content
    for element in parse(response).iter():
        if not isinstance(element.tag, str):
            continue  # a comment
        assert element.tag != "style"
        assert element.tag != "script" or element.get("src"), html.tostring(element)
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), html.tostring(element)
            if name.lower() in URL_ATTRIBUTES:
                scheme = re.sub(r"[\x00-\x20]", "", value).lower()
                assert not scheme.startswith(("javascript:", "vbscript:", "data:text")), html.tostring(element)


def page_text(response):
    return normal(" ".join(parse(response).text_content().split()))


def assert_errors_shown(response, messages):
    """The page says what is wrong: each of the form's messages is on it."""
    assert messages
    text = page_text(response)
    for message in messages:
        assert normal(" ".join(message.split())) in text


def shown(response, name):
    """The value the page's form holds for the field `name` (a browser would send it back)."""
    [element] = parse(response).xpath("//*[@name=$name][self::input or self::textarea]", name=name)
    if element.tag == "textarea":
        text = element.text or ""
        return text[1:] if text.startswith("\n") else text
    return element.get("value", "")


def assert_kept(response, typed):
    """Every typed value is back in the form as it was typed."""
    for name, value in typed.items():
        assert normal(shown(response, name)) == normal(value), name


def form_messages(form):
    return [message for errors in form.errors.values() for message in errors]


def assert_exports_well_formed(client, slug):
    """The programme's exports still parse: XML, JSON and iCalendar (which allows no control characters); an export
    that cannot be written yet (a date cleared) is an explained 404 page."""
    for address, parse_it in (
        (f"/{slug}/schedule.xml", etree.fromstring),
        (f"/{slug}/schedule.json", json.loads),
        (f"/{slug}/programme.ics", icalendar.Calendar.from_ical),
        (f"/{slug}/groups/1/calendar.ics", icalendar.Calendar.from_ical),
    ):
        response = client.get(address)
        if response.status_code == 404:
            assert "Not available yet" in page_text(response), address
            continue
        assert response.status_code == 200, address
        parse_it(response.content)
        if address.endswith(".ics"):
            assert not XML_INVALID.search(response.content.decode())


# Public forms ------------------------------------------------------------------------------------------------------


@FUZZ
@given(name=fuzz_text, country=st.one_of(st.just(""), st.sampled_from(["1", "999999", "-1", "1.5"]), fuzz_text))
@example(name="Pat\x00", country="")  # PostgreSQL cannot hold NUL: each form must refuse it itself
@example(name="", country="\x00")
@on_its_own
def test_find_my_group(client, caribbean_with_people, name, country):
    response = client.get("/caribbean/groups/find/", {"country": country, "name": name})
    if response.status_code == 302:
        assert re.fullmatch(r"/caribbean/groups/\d+/(\?country=[A-Z]{2})?", response["Location"])
        return
    assert response.status_code == 200
    assert_harmless(response)
    assert_kept(response, {"name": name})
    form = response.context["form"]
    if form.errors:
        assert_errors_shown(response, form_messages(form))
    else:
        assert response.context["matches"]


VALID_SIGNUP = {"full_name": "Pat Partner", "organisation": "Partner agency", "email": "pat@example.org", "group": "1"}


@FUZZ
@given(
    fuzzed=st.dictionaries(
        st.sampled_from(sorted(VALID_SIGNUP)), st.one_of(fuzz_text, st.emails()), min_size=1, max_size=2
    )
)
@example(fuzzed={"full_name": "Pat\x00", "organisation": "\x00", "email": "pat\x00@example.org"})
@on_its_own
def test_partner_signup(client, mail_on, caribbean, fuzzed):
    data = VALID_SIGNUP | fuzzed  # the other fields filled in correctly, so that some sign-ups go through
    groups = {str(n): str(pk) for n, pk in caribbean.breakout_groups.values_list("number", "pk")}
    response = client.post("/caribbean/groups/join/", {**data, "group": groups.get(data["group"], data["group"])})
    assert_harmless(response)
    if response.status_code == 200:
        event("refused")
        assert_errors_shown(response, form_messages(response.context["form"]))
        assert_kept(response, {name: data[name] for name in ("full_name", "organisation", "email")})
        return
    event("joined")
    # Mailed: the link's page names the partner, as text; its button records the place; once the organisers confirm
    # it, the group's page names them.
    [link] = [line for line in mail.outbox[-1].body.splitlines() if line.startswith("http")]
    link = link.removeprefix("http://testserver")
    page = client.get(link)
    assert_harmless(page)
    assert normal(" ".join(data["full_name"].split())) in page_text(page)
    response = client.post(link)
    participant = Participant.objects.get(email=data["email"].strip())
    page = client.get(response["Location"])
    assert_harmless(page)
    assert normal(participant.full_name) in page_text(page)
    group_services.confirm_partners(places=GroupPartner.objects.filter(participant=participant))
    page = client.get(response["Location"])
    assert_harmless(page)
    assert normal(str(participant)) in page_text(page)
    assert normal(" ".join(data["full_name"].split())) == normal(participant.full_name)


# The rapporteur's form ---------------------------------------------------------------------------------------------


def report_fields(report):
    return [f"answer_{question.pk}" for question in report.breakout.questions.all()] + ["conclusions", "actions"]


def public_pages(breakout):
    conference = breakout.session.conference.slug
    return [
        f"/{conference}/groups/{breakout.group.number}/",
        f"/{conference}/sessions/{breakout.session.number}/",
        f"/{conference}/groups/{breakout.group.number}/sessions/{breakout.session.number}/",
        f"/{conference}/organisers/outcome/",
        f"/admin/reports/rapporteurreport/{breakout.report.pk}/change/",
    ]


@FUZZ
@given(
    texts=st.lists(st.one_of(st.just(""), fuzz_text), min_size=4, max_size=4),  # some answers left blank
    action=st.sampled_from(["save", "submit"]),
    base_version=st.one_of(st.none(), st.none(), fuzz_text),  # as the page sent it, mostly
)
@example(["- " * 600 + "too deep to parse", "", PAYLOADS[1], "- [x](javascript:alert(1))"], "submit", None)
@example(["a\x00b", "", "\x00", ""], "save", None)
@example(["Typed after someone else saved", "", "", ""], "save", "99")
@on_its_own
def test_report_form(organiser_client, private_reports, texts, action, base_version):
    client = Client()  # the rapporteur's browser
    nomination = private_reports["draft"].nomination
    address = f"/report/{nomination.token}/"
    report = RapporteurReport.objects.with_content().get(breakout=nomination.breakout)
    typed = dict(zip(report_fields(report), texts, strict=True))
    version = report.version if base_version is None else base_version
    response = client.post(address, {**typed, "base_version": version, "action": action})
    assert_harmless(response)
    if response.status_code == 409:  # the version sent is not the saved one: the texts that differ are shown
        event("conflict")
        assert "This report was saved by someone else while you were writing" in page_text(response)
        assert_kept(response, typed)
        return
    if response.status_code == 200:
        event("refused")
        assert_errors_shown(response, form_messages(response.context["form"]))
        assert_kept(response, typed)
        return
    event("saved")
    assert response.status_code == 302
    assert_harmless(client.get(address))
    # Published, the text is on the public pages, the organisers' outcome and the admin, sanitised.
    services.publish_reports(reports=RapporteurReport.objects.filter(pk=report.pk))
    for page in public_pages(nomination.breakout):
        assert_harmless(organiser_client.get(page))
    assert_harmless(Client().get(public_pages(nomination.breakout)[0]))
    assert organiser_client.get("/caribbean/organisers/outcome.docx").status_code == 200
    assert organiser_client.get("/caribbean/organisers/outcome.md").status_code == 200


@FUZZ
@given(texts=st.lists(fuzz_text, min_size=4, max_size=4), base_version=st.one_of(st.none(), fuzz_text))
@example(texts=["a\x00b", "", "\x00", ""], base_version=None)
@on_its_own
def test_report_autosave(client, private_reports, texts, base_version):
    nomination = private_reports["draft"].nomination
    report = RapporteurReport.objects.with_content().get(breakout=nomination.breakout)
    data = dict(zip(report_fields(report), texts, strict=True))
    data["base_version"] = report.version if base_version is None else base_version
    response = client.post(f"/report/{nomination.token}/autosave/", data)
    answer = response.json()
    assert response["Content-Type"] == "application/json"
    event(answer["status"])
    if response.status_code == 200:
        assert answer["status"] == "saved"
    else:
        assert (response.status_code, answer["status"]) in [(400, "invalid"), (409, "conflict")]
        assert answer["message"]
        assert response.status_code == 409 or all(answer["errors"].values())


@FUZZ
@given(point=st.one_of(st.just("ours"), st.just("another group's"), fuzz_text), script=st.booleans())
@example(point="1\x00", script=False)
@example(point="another group's", script=True)
@on_its_own
def test_rapporteur_hides_a_point(client, private_reports, point, script):
    nomination = private_reports["draft"].nomination
    ours = live_services.add_point(question=nomination.breakout.questions.first(), text="Ours")
    other = Breakout.objects.exclude(pk=nomination.breakout_id).filter(session=nomination.breakout.session).first()
    theirs = live_services.add_point(question=other.questions.first(), text="Theirs")
    chosen = {"ours": str(ours.pk), "another group's": str(theirs.pk)}.get(point, point)
    headers = {"HTTP_ACCEPT": "application/json"} if script else {}
    response = client.post(f"/report/{nomination.token}/points/hide/", {"point": chosen}, **headers)
    assert_harmless(response)
    hidden = list(BreakoutPoint.objects.exclude(hidden_at=None))
    event("hidden" if hidden else "refused")
    assert hidden == ([ours] if chosen == str(ours.pk) else [])
    if script:
        assert (response.status_code, response.json()["status"]) == ((200, "hidden") if hidden else (400, "invalid"))
    else:
        assert (response.status_code, response["Location"]) == (302, f"/report/{nomination.token}/")


# Live questions, votes, points and moderation --------------------------------------------------------------------


def open_for_questions(conference, *, needs_approval):
    """Session 1 open for questions, its presentations given by a contributor; returns (session, contributor)."""
    session = conference.sessions.get(number=1)
    contributor = Participant.objects.create(
        conference=conference, full_name="Cara Contributor", country=Country.objects.get(code="JM")
    )
    for segment in session.segments.filter(kind="presentation"):
        Contribution.objects.create(segment=segment, participant=contributor)
    live_services.open_asking(session=session, segment=session.segments.get(kind="questions"))
    LiveSession.objects.filter(session=session).update(needs_approval=needs_approval)
    return session, contributor


def assert_refused_and_kept(response, typed):
    """A refused form says why (its errors, or a message above it) and holds what was typed."""
    form = response.context["form"]
    messages = form_messages(form) if form.errors else [str(m) for m in response.context["messages"]]
    assert_errors_shown(response, messages)
    assert_kept(response, typed)


LIVE_QUESTIONS = "/caribbean/sessions/1/questions/"


@FUZZ
@given(
    text=fuzz_text,
    asked_by=fuzz_text,
    affiliation=fuzz_text,
    addressee=st.one_of(st.just(""), st.just("contributor"), fuzz_text),
)
@example(text="Why\x00?", asked_by="Bob\x00", affiliation="", addressee="")
@example(text="Why?\x0b", asked_by="A\nB", affiliation="\x0c", addressee="contributor")
@on_its_own
def test_live_question(client, caribbean, text, asked_by, affiliation, addressee):
    session, contributor = open_for_questions(caribbean, needs_approval=False)
    client.get(LIVE_QUESTIONS)
    typed = {"text": text, "asked_by": asked_by, "affiliation": affiliation}
    chosen = str(contributor.pk) if addressee == "contributor" else addressee
    response = client.post(LIVE_QUESTIONS, {**typed, "addressee": chosen})
    assert_harmless(response)
    if response.status_code != 302:
        event("refused")
        assert response.status_code == 200
        assert_refused_and_kept(response, typed)
        return
    event("sent")
    question = AudienceQuestion.objects.get()
    assert not XML_INVALID.search(question.text + question.asked_by + question.affiliation)
    # Shown harmlessly on the phones' page, in their JSON, on the screen and to the facilitator.
    page = client.get(LIVE_QUESTIONS)
    assert_harmless(page)
    assert normal(" ".join(question.text.split())) in page_text(page)
    listed = json.loads(client.get(LIVE_QUESTIONS + "updates/").content)["questions"]
    assert [item["text"] for item in listed] == [question.text]
    assert_harmless(client.get(LIVE_QUESTIONS + "screen/"))
    nomination = live_services.nominate_facilitator(session=session, participant=contributor)
    assert_harmless(client.get(f"/moderate/{nomination.token}/"))


@FUZZ
@given(question=st.one_of(st.just("shown"), st.just("pending"), fuzz_text), script=st.booleans())
@example(question="1\x00", script=True)
@example(question="²", script=False)
@on_its_own
def test_live_vote(client, caribbean, question, script):
    session, _contributor = open_for_questions(caribbean, needs_approval=True)
    shown = live_services.ask(session=session, text="Shown?")
    live_services.approve(questions=AudienceQuestion.objects.filter(pk=shown.pk))
    pending = live_services.ask(session=session, text="Pending?")
    chosen = {"shown": str(shown.pk), "pending": str(pending.pk)}.get(question, question)
    client.get(LIVE_QUESTIONS)
    headers = {"HTTP_ACCEPT": "application/json"} if script else {}
    response = client.post(LIVE_QUESTIONS + "vote/", {"question": chosen}, **headers)
    counted = Vote.objects.filter(question=shown).count()
    if not script:
        assert response.status_code == 302
        assert_harmless(client.get(response["Location"]))
        assert counted == (1 if question == "shown" else 0)
        return
    answer = response.json()
    event(answer["status"])
    assert (response.status_code, answer["status"]) in [(200, "voted"), (400, "invalid"), (409, "closed")]
    assert answer["message"]
    assert counted == (1 if answer["status"] == "voted" else 0)


@FUZZ
@given(text=fuzz_text, author=fuzz_text, question=st.one_of(st.just("first"), fuzz_text))
@example(text="a\x00b", author="", question="first")
@on_its_own
def test_live_point(client, caribbean, text, author, question):
    breakout = breakout_1_1(caribbean)
    first = breakout.questions.order_by("position").first()
    notes_page = f"/notes/{live_services.notes_link(breakout=breakout).token}/"
    chosen = str(first.pk) if question == "first" else question
    client.get(notes_page)
    response = client.post(notes_page, {"question": chosen, "text": text, "author": author})
    assert_harmless(response)
    if response.status_code != 302:
        event("refused")
        assert response.status_code == 200
        page = parse(response)
        assert page.xpath("//*[contains(@class, 'invalid-feedback') or contains(@class, 'alert')]")
        # The form it was typed in (under its question, or above them all for an unknown question) holds it.
        kept = [t[1:] if t.startswith("\n") else t for t in page.xpath("//textarea[@name='text']/text()")]
        assert not text or normal(text) in [normal(value) for value in kept]
        return
    event("added")
    point = BreakoutPoint.objects.get()
    page = client.get(notes_page)
    assert_harmless(page)
    assert normal(" ".join(point.text.split())) in page_text(page)
    assert not XML_INVALID.search(point.text + point.author)


@FUZZ
@given(
    action=st.one_of(st.sampled_from([choice for choice, _label in ModerationAction.choices]), fuzz_text),
    question=st.one_of(st.just("pending"), st.just("other session"), fuzz_text),
    segment=st.one_of(st.just("questions"), st.just("breakout"), fuzz_text),
    point=st.one_of(st.just("this session"), st.just("other session"), fuzz_text),
)
@example(action="approve", question="1\x00", segment="", point="")
@example(action="open", question="", segment="breakout", point="")
@example(action="hide_point", question="", segment="", point="other session")
@on_its_own
def test_live_moderation(client, caribbean, action, question, segment, point):
    session, contributor = open_for_questions(caribbean, needs_approval=True)
    pending = live_services.ask(session=session, text="Pending?")
    other = AudienceQuestion.objects.create(session=caribbean.sessions.get(number=2), text="Elsewhere?")
    nomination = live_services.nominate_facilitator(session=session, participant=contributor)
    address = f"/moderate/{nomination.token}/"
    chosen_question = {"pending": str(pending.pk), "other session": str(other.pk)}.get(question, question)
    chosen_segment = {
        "questions": str(session.segments.get(kind="questions").pk),
        "breakout": str(session.segments.get(kind="breakout").pk),
    }.get(segment, segment)
    here = live_services.add_point(question=breakout_1_1(caribbean).questions.first(), text="Ours")
    elsewhere = BreakoutPoint.objects.create(
        question=Breakout.objects.get(session=other.session, group__number=1).questions.first(), text="Theirs"
    )
    chosen_point = {"this session": str(here.pk), "other session": str(elsewhere.pk)}.get(point, point)
    data = {"action": action, "question": chosen_question, "segment": chosen_segment, "point": chosen_point}
    response = client.post(address, data)
    assert_harmless(response)
    event(str(response.status_code))
    assert response.status_code in (302, 400)
    if response.status_code == 400:
        assert parse(response).xpath("//*[contains(@class, 'alert-danger')]")
    other.refresh_from_db()
    assert (other.status, other.pinned) == ("pending", False)  # another session's question is out of reach
    assert BreakoutPoint.objects.visible().filter(pk=elsewhere.pk).exists()  # and another session's point
    assert_harmless(client.get(address))


# Admin forms (organisers) ------------------------------------------------------------------------------------------


def admin_messages(response):
    """Every message of the admin form and its inlines."""
    messages = form_messages(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        messages += [message for errors in inline.formset.errors for field in errors.values() for message in field]
        messages += list(inline.formset.non_form_errors())
    return messages


def session_1(conference):
    return conference.sessions.get(number=1)


def breakout_1_1(conference):
    return Breakout.objects.get(session__conference=conference, session__number=1, group__number=1)


def audience_question(conference):
    session = session_1(conference)
    return AudienceQuestion.objects.filter(session=session).first() or AudienceQuestion.objects.create(
        session=session, text="From the room?", asked_by="Bob", affiliation="Jamaica"
    )


def breakout_point(conference):
    question = breakout_1_1(conference).questions.first()
    return BreakoutPoint.objects.filter(question=question).first() or BreakoutPoint.objects.create(
        question=question, text="A point", author="Ann"
    )


# (address of the form, {field: whether it is free text}) for each admin form fuzzed.
ADMIN_FORMS = {
    "conference change": (
        lambda conference: f"/admin/conference/conference/{conference.pk}/change/",
        {
            "slug": True,
            "region_en": True,
            "name_fr": True,
            "aim_en": True,
            "venue": True,
            "start_date": False,
            "time_zone": True,
            "modalities_es": True,
            "conclusions_fr": True,
        },
    ),
    "session change, with its segments": (
        lambda conference: f"/admin/agenda_sessions/session/{session_1(conference).pk}/change/",
        {
            "title_en": True,
            "description_nl": True,
            "aim_fr": True,
            "date": False,
            "segments-0-title_en": True,
            "segments-0-description_fr": True,
            "segments-1-min_minutes": False,
        },
    ),
    "breakout change, with its questions": (
        lambda conference: f"/admin/groups/breakout/{breakout_1_1(conference).pk}/change/",
        {"topic_en": True, "thematic_label_es": True, "questions-0-text_en": True, "questions-1-text_fr": True},
    ),
    "question change": (
        lambda conference: f"/admin/groups/question/{breakout_1_1(conference).questions.first().pk}/change/",
        {"text_en": True, "text_nl": True, "position": False},
    ),
    "participant add": (
        lambda conference: "/admin/conference/participant/add/",
        {"full_name": True, "email": True, "function": True},
    ),
    "question from the audience change": (
        lambda conference: f"/admin/live/audiencequestion/{audience_question(conference).pk}/change/",
        {"text": True, "asked_by": True, "affiliation": True},
    ),
    "breakout point change": (
        lambda conference: f"/admin/live/breakoutpoint/{breakout_point(conference).pk}/change/",
        {"text": True, "author": True},
    ),
}


@FUZZ
@given(
    texts=st.lists(fuzz_text, min_size=2, max_size=2),
    language=st.sampled_from(["en", "fr", "es", "nl"]),
    public=st.sampled_from(["", "on", "\x00", "2"]),
)
@example(texts=["a\x00b", ""], language="en", public="on")
@example(texts=["\xa0\xa0", "\x00"], language="fr", public="")  # blanks alone, kept as typed when refused
@example(texts=["## Heading\n\n" + PAYLOADS[1], "- [x](javascript:alert(1))"], language="fr", public="")
@on_its_own
def test_outcome_form(organiser_client, caribbean_with_people, texts, language, public):
    """The conclusions (in two languages) and the public list's setting: refused with the reason and what was typed
    kept, or saved and shown harmlessly on the outcome's page, in its PDF and its Word document."""
    address = "/caribbean/organisers/outcome/"
    typed = {"conclusions_en": texts[0], f"conclusions_{language}": texts[1]}
    response = organiser_client.post(
        address, {**form_data(organiser_client.get(address)), **typed, "participants_public": public}
    )
    assert_harmless(response)
    if response.status_code == 400:
        event("refused")
        assert_errors_shown(response, form_messages(response.context["form"]))
        assert_kept(response, typed)
        return
    event("saved")
    assert response.status_code == 302
    visitor = Client()
    page = visitor.get(f"/{language}/caribbean/outcome/".replace("/en/", "/"))
    assert page.status_code == 200
    assert_harmless(page)
    pdf = visitor.get(f"/{language}/caribbean/outcome.pdf".replace("/en/", "/"))
    assert (pdf.status_code, pdf.content[:5]) == (200, b"%PDF-")
    assert visitor.get("/caribbean/outcome.docx").status_code == 200
    assert_harmless(visitor.get("/caribbean/participants/"))


def pages_showing_the_programme(slug):
    return [
        f"/{slug}/",
        f"/{slug}/how-sessions-work/",
        f"/{slug}/sessions/1/",
        f"/{slug}/groups/1/",
        f"/{slug}/groups/1/sessions/1/",
        f"/{slug}/groups/themes/1/",
    ]


@pytest.mark.parametrize("form_name", ADMIN_FORMS)
@FUZZ
@given(data=st.data())
@on_its_own
def test_admin_form(organiser_client, scheduled, form_name, data):
    address_of, fields = ADMIN_FORMS[form_name]
    address = address_of(Conference.objects.get())
    chosen = data.draw(st.lists(st.sampled_from(sorted(fields)), min_size=1, max_size=3, unique=True))
    typed = {name: data.draw(fuzz_text, label=name) for name in chosen}
    values = form_data(organiser_client.get(address))
    if form_name == "participant add":
        values.update(conference=str(scheduled.pk), country=str(Country.objects.get(code="JM").pk))
    response = organiser_client.post(address, {**values, **typed})
    assert_harmless(response)
    if response.status_code == 200:
        event("refused")
        assert_errors_shown(response, admin_messages(response))
        assert_kept(response, typed)
        return
    event("saved")
    assert response.status_code == 302
    # Saved as typed (less surrounding spaces), shown back harmlessly in the admin and on every page showing it.
    if form_name == "participant add":
        address = f"/admin/conference/participant/{Participant.objects.order_by('pk').last().pk}/change/"
    saved = organiser_client.get(address)
    assert_harmless(saved)
    for name, value in typed.items():
        if fields[name]:
            assert normal(shown(saved, name)) == normal(value.strip()), name
    assert_harmless(organiser_client.get(address.rsplit("/", 3)[0] + "/"))  # the list
    slug = Conference.objects.get().slug
    visitor = Client()
    for page in pages_showing_the_programme(slug):
        assert_harmless(visitor.get(page))
    assert_exports_well_formed(visitor, slug)


@pytest.mark.parametrize("form_name", ADMIN_FORMS)
def test_admin_form_refuses_nul_characters(organiser_client, scheduled, form_name):
    """PostgreSQL cannot hold a NUL character: every text field of the admin refuses it with a message."""
    address_of, fields = ADMIN_FORMS[form_name]
    address = address_of(scheduled)
    typed = {name: "a\x00b" for name, is_text in fields.items() if is_text}
    response = organiser_client.post(address, {**form_data(organiser_client.get(address)), **typed})
    assert response.status_code == 200
    assert_errors_shown(response, admin_messages(response))
    assert admin_messages(response).count("Null characters are not allowed.") == len(typed)
    assert_kept(response, typed)


@FUZZ
@given(term=fuzz_text, model=st.sampled_from(OUR_MODELS))
@example(term="Pat\x00", model=Participant)
@example(term="word " * 2000, model=Participant)
@on_its_own
def test_admin_search_and_autocomplete(organiser_client, caribbean_with_people, term, model):
    opts = model._meta
    response = organiser_client.get(f"/admin/{opts.app_label}/{opts.model_name}/", {"q": term})
    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert_harmless(response)
    if "\x00" in term:  # Django's search box refuses it and says so
        assert "Null characters are not allowed." in page_text(response)
    else:
        assert_kept(response, {"q": term})
    for app_label, model_name, field in autocomplete_fields():
        query = {"app_label": app_label, "model_name": model_name, "field_name": field, "term": term}
        response = organiser_client.get("/admin/autocomplete/", query)
        assert (response.status_code, type(response.json()["results"])) == (200, list)


@FUZZ
@given(username=fuzz_text, password=fuzz_text)
@example(username="org\x00", password="\x00")
@example(username="x" * 300, password="wrong")
@on_its_own
def test_admin_login(client, organiser, username, password):
    response = client.post("/admin/login/", {"username": username, "password": password})
    assert_harmless(response)
    assert response.status_code == 200
    assert_errors_shown(response, form_messages(response.context["form"]))
    assert_kept(response, {"username": username})


@FUZZ
@given(part=fuzz_text)
@example(part="1\x00")
@example(part="²")
@example(part="//elsewhere.example/")
@on_its_own
def test_typed_addresses_and_parameters(organiser_client, private_reports, part):
    """Free text in addresses and their parameters: a thematic area's code, an admin record's id, the revision to
    compare with, the page to go back to after publishing."""
    report = RapporteurReport.objects.get(breakout=private_reports["draft"].nomination.breakout)
    assert Client().get(f"/caribbean/groups/themes/{quote(part, safe='')}/").status_code in (200, 404)
    assert organiser_client.get(f"/admin/conference/participant/{quote(part, safe='')}/change/").status_code in (
        302,
        404,
    )
    compare = f"/caribbean/organisers/reports/{report.pk}/history/{report.revisions.get().pk}/compare/"
    assert_harmless(organiser_client.get(compare, {"with": part}))
    response = organiser_client.post(f"/caribbean/organisers/reports/{report.pk}/publish/", {"next": part})
    # Back to a page of this site, never elsewhere (read as browsers read it: without tabs and line breaks, and
    # with a backslash for a slash).
    location = re.sub(r"[\t\n\r]", "", response["Location"]).replace("\\", "/")
    assert response.status_code == 302
    assert urlsplit(urljoin("http://testserver/caribbean/", location)).netloc == "testserver"


# The organisers' console and the admin's bulk tools ---------------------------------------------------------------


@FUZZ
@given(
    fuzzed=st.dictionaries(
        st.sampled_from(["full_name", "email", "country", "participant", "sessions", "replace"]),
        st.one_of(fuzz_text, st.emails(), st.sampled_from(["JM", "BS", "all", "this", "on", "-1", "²"])),
        min_size=1,
        max_size=3,
    )
)
@example(fuzzed={"full_name": "Ann\x00", "email": "ann\x00@example.org"})
@example(fuzzed={"full_name": "<script>alert(1)</script>"})
@on_its_own
def test_nominate_form(organiser_client, caribbean, fuzzed):
    countries = {code: str(pk) for code, pk in Country.objects.values_list("code", "pk")}
    data = {"full_name": "Ann Example", "country": "JM", "email": "ann@example.org", "sessions": "all"} | fuzzed
    data["country"] = countries.get(data["country"], data["country"])
    address = "/caribbean/organisers/sessions/1/groups/1/nominate/"
    response = organiser_client.post(address, data)
    assert_harmless(response)
    if response.status_code == 200:
        event("refused")
        assert_errors_shown(response, form_messages(response.context["form"]))
        assert_kept(response, {name: data[name] for name in ("full_name", "email") if name in data})
        return
    event("nominated")
    assert response.status_code == 302
    page = organiser_client.get(response["Location"])
    assert_harmless(page)
    person = Participant.objects.get(pk=response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert normal(person.full_name) in page_text(page)
    assert_harmless(organiser_client.get("/caribbean/organisers/sessions/1/"))
    assert_harmless(organiser_client.get("/caribbean/organisers/sessions/1/cards/"))


CHECKLIST_FORMS = {
    "rooms-submit": ["rooms-group_1", "rooms-group_2"],
    "rapporteurs-submit": ["rapporteurs-group_1", "rapporteurs-group_4"],
    "facilitators-submit": ["fac-session_1", "fac-session_5"],
    "contributors-submit": ["contributors-segment_1_1", "contributors-segment_1_2"],
}


@FUZZ
@given(form=st.sampled_from(sorted(CHECKLIST_FORMS)), value=st.one_of(fuzz_text, st.sampled_from(["1", "-1", "²"])))
@example(form="rooms-submit", value="1\x00")
@example(form="facilitators-submit", value="<script>alert(1)</script>")
@on_its_own
def test_preparation_checklist_forms(organiser_client, caribbean_with_people, form, value):
    address = "/caribbean/organisers/prepare/"
    data = dict.fromkeys(CHECKLIST_FORMS[form], value) | {form: ""}
    response = organiser_client.post(address, data)
    assert_harmless(response)
    if response.status_code == 200:
        event("refused")
        form_object = response.context[form.split("-")[0] + "_form"]
        assert_errors_shown(response, form_messages(form_object))
        return
    event("saved")
    assert response.status_code == 302
    assert_harmless(organiser_client.get(address))


@FUZZ
@given(slug=fuzz_text, region=fuzz_text, name=fuzz_text)
@example(slug="next", region="Pacific\x00", name="")
@example(slug="caribbean", region="", name="")
@on_its_own
def test_copy_conference_form(organiser_client, caribbean, slug, region, name):
    typed = {"slug": slug, "region": region, "name": name}
    response = organiser_client.post(f"/admin/conference/conference/{caribbean.pk}/copy/", typed)
    assert_harmless(response)
    if response.status_code == 200:
        event("refused")
        assert_errors_shown(response, form_messages(response.context["form"]))
        assert_kept(response, typed)
        return
    event("copied")
    copy = Conference.objects.get(slug=slug)
    assert copy.sessions.count() == 5
    assert_harmless(organiser_client.get(response["Location"]))
    assert_harmless(Client().get(f"/{copy.slug}/"))


@FUZZ
@given(
    field=st.sampled_from(["region", "name", "title", "text", "code", "date", "number", "min_minutes"]),
    value=st.one_of(fuzz_text, st.integers(), st.none(), st.lists(fuzz_text, max_size=2)),
    slug=st.one_of(st.just("next"), fuzz_text),
)
@example(field="title", value="<script>alert(1)</script>", slug="next")
@example(field="date", value="27/11/2026", slug="next")
@on_its_own
def test_conference_file(organiser_client, caribbean, field, value, slug):
    records = json.loads((Path(__file__).parent.parent / "fixtures" / "caribbean_conference.json").read_text())
    for record in records:
        if field in record["fields"]:
            record["fields"][field] = value
            break
    upload = SimpleUploadedFile("next.json", json.dumps(records).encode())
    response = organiser_client.post("/admin/conference/conference/load/", {"file": upload, "slug": slug})
    assert_harmless(response)
    if response.status_code == 302:
        event("created")
        assert_harmless(organiser_client.get(response["Location"]))
        return
    event("refused")
    assert response.status_code == 200
    if response.context["form"].errors:
        assert_errors_shown(response, form_messages(response.context["form"]))
        assert_kept(response, {"slug": slug})
    else:
        messages = [message for error in response.context["errors"] for message in error.messages]
        assert_errors_shown(response, messages)
    assert list(Conference.objects.values_list("slug", flat=True)) == ["caribbean"]


@FUZZ
@given(date=fuzz_text, start_time=fuzz_text)
@example(date="27/11/2026", start_time="9h")
@example(date="2026-11-27\x00", start_time="09:00")
@example(date="9999-12-31", start_time="23:59")
@on_its_own
def test_timetable_in_the_sessions_list(organiser_client, scheduled, date, start_time):
    address = "/admin/agenda_sessions/session/?o=1"
    data = form_data(organiser_client.get(address))
    data.update({"form-0-date": date, "form-0-start_time": start_time, "_save": "Save"})
    response = organiser_client.post(address, data)
    assert_harmless(response)
    if response.status_code == 200:
        event("refused")
        formset = response.context["cl"].formset
        messages = [message for errors in formset.errors for field in errors.values() for message in field]
        assert_errors_shown(response, messages)
        assert_kept(response, {"form-0-date": date, "form-0-start_time": start_time})
        return
    event("saved")
    assert response.status_code == 302
    assert_harmless(organiser_client.get(address))
    for page in pages_showing_the_programme("caribbean"):
        assert_harmless(Client().get(page))
    assert_exports_well_formed(Client(), "caribbean")


@FUZZ
@given(cells=st.lists(st.one_of(fuzz_text, st.sampled_from(["Jamaica", "JM", "World Bank"])), min_size=4, max_size=4))
@example(cells=["Ann\x00", "ann@example.org", "Jamaica", ""])
@example(cells=['=HYPERLINK("http://x")', "ann@example.org", "Jamaica", ""])
@on_its_own
def test_people_import(organiser_client, caribbean, cells):
    text = io.StringIO()
    csv.writer(text).writerows(
        [["name", "email", "country", "organisation"], cells, ["Bea", "bea@example.org", "JM", ""]]
    )
    upload = SimpleUploadedFile("people.csv", text.getvalue().encode("utf-8", errors="surrogatepass"))
    response = organiser_client.post(
        "/admin/conference/participant/import/", {"conference": caribbean.pk, "format": "0", "import_file": upload}
    )
    assert_harmless(response)
    assert response.status_code == 200
    assert Participant.objects.count() == 0  # a preview or the errors: nothing is saved before the confirmation
    result = response.context.get("result")
    if response.context["form"].errors:
        event("unreadable")
        assert_errors_shown(response, form_messages(response.context["form"]))
    elif result.has_validation_errors() or result.has_errors():
        event("refused")
        assert "Some rows failed to validate" in page_text(response) or "Errors" in page_text(response)
    else:
        event("previewed")
        confirm = response.context["confirm_form"]
        done = organiser_client.post(
            "/admin/conference/participant/process_import/", {name: confirm[name].value() for name in confirm.fields}
        )
        assert done.status_code == 302
        blank = not any(" ".join(cell.split()) for cell in cells)
        assert Participant.objects.count() == (1 if blank else 2)  # a line with nothing in it is no one
        assert_harmless(organiser_client.get("/admin/conference/participant/"))
        assert_harmless(Client().get("/caribbean/groups/find/", {"name": "Bea"}))


# Files in the encodings and with the characters translators' tools and spreadsheets produce, or a hostile user sends.
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "latin-1", "cp1252", "utf-32"]
CHARSETS = ["UTF-8", "UTF-16", "ISO-8859-1", "CP1252", "CHARSET", "KOI8-R", "no-such-charset", ""]


def encoded(text, encoding):
    """`text` in `encoding`, with what that encoding cannot hold written as "?"."""
    return text.encode(encoding, errors="replace" if encoding != "utf-16" else "surrogatepass")


def stored_texts(model, fields):
    """Every text of `fields` stored in `model`'s rows, with whether the field holds several lines."""
    return [
        (value, isinstance(model._meta.get_field(name), TextField))
        for name in fields
        for value in model.objects.values_list(name, flat=True)
        if value
    ]


def assert_safe_texts(texts):
    """No stored text holds a character an import refuses (control characters, direction overrides)."""
    assert [(value, lines) for value, lines in texts if unsafe_character(value, lines=lines)] == []


@FUZZ
@given(
    msgstr=fuzz_text,
    encoding=st.sampled_from(ENCODINGS),
    charset=st.one_of(st.sampled_from(CHARSETS), fuzz_text),
    damage=st.one_of(st.none(), st.binary(min_size=1, max_size=8)),
)
@example(msgstr="Caraïbes", encoding="latin-1", charset="UTF-8", damage=None)
@example(msgstr="Caraïbes", encoding="utf-16", charset="UTF-16", damage=None)
@example(msgstr="Cara\x00ïbes", encoding="utf-8", charset="UTF-8", damage=None)
@example(msgstr="\u202eseb\u00efaraC", encoding="utf-8", charset="UTF-8", damage=b"\x00")
@on_its_own
def test_translation_import(organiser_client, caribbean, msgstr, encoding, charset, damage):
    """A translator's PO file in any encoding, its header saying any charset, a translation holding anything, a few
    bytes of damage: the admin imports it or says why, and nothing unsafe is stored."""
    po = polib.pofile(translation_file(conference=caribbean, language="fr").decode())
    po.metadata["Content-Type"] = f"text/plain; charset={charset}"
    entries = [entry for entry in po if entry.msgctxt.startswith(("conference.conference:", "groups.question:"))]
    for entry in entries[:2]:
        entry.msgstr = msgstr
    content = encoded(str(po), encoding)
    if damage:
        content = content[: len(content) // 2] + damage + content[len(content) // 2 :]
    address = f"/admin/conference/conference/{caribbean.pk}/translations/"
    response = organiser_client.post(
        address, {"language": "fr", "file": SimpleUploadedFile("fr.po", content)}, follow=True
    )
    assert_harmless(response)
    assert response.status_code == 200
    form = response.context["form"]
    if form.errors:
        event("refused")
        assert_errors_shown(response, form_messages(form))
    else:
        event("imported")
        assert [str(message) for message in response.context["messages"]]
    assert_safe_texts(
        stored_texts(Conference, ["name_fr", "region_fr", "aim_fr", "modalities_fr"])
        + stored_texts(ThematicArea, ["title_fr"])
        + stored_texts(Question, ["text_fr"])
    )


@FUZZ
@given(
    text=fuzz_text,
    field=st.sampled_from(
        [("agenda_sessions.session", "title"), ("groups.question", "text"), ("groups.breakout", "topic")]
    ),
    encoding=st.sampled_from(ENCODINGS),
    nesting=st.one_of(st.just(0), st.integers(min_value=1, max_value=3000)),
)
@example(text="Opening\x07", field=("agenda_sessions.session", "title"), encoding="utf-8", nesting=0)
@example(text="Why?", field=("groups.question", "text"), encoding="utf-16", nesting=0)
@example(text="Why?", field=("groups.question", "text"), encoding="utf-8", nesting=2000)
@on_its_own
def test_conference_file_encodings_and_characters(organiser_client, caribbean, text, field, encoding, nesting):
    """A conference file in any encoding, a text holding anything, a value nested deep: created or refused with the
    reasons shown, and nothing unsafe stored."""
    records = json.loads((Path(__file__).parent.parent / "fixtures" / "caribbean_conference.json").read_text())
    model, name = field
    record = next(record for record in records if record["model"] == model)
    record["fields"][name] = "\ue000"  # replaced by the text, in as many lists as `nesting` says
    nested = "[" * nesting + json.dumps(text, ensure_ascii=False) + "]" * nesting
    data = json.dumps(records, ensure_ascii=False).replace('"\ue000"', nested, 1)
    upload = SimpleUploadedFile("next.json", encoded(data, encoding))
    response = organiser_client.post("/admin/conference/conference/load/", {"file": upload, "slug": "next"})
    assert_harmless(response)
    if response.status_code == 302:
        event("created")
        assert Conference.objects.filter(slug="next").exists()
        assert_safe_texts(
            stored_texts(Session, ["title"]) + stored_texts(Question, ["text"]) + stored_texts(Breakout, ["topic"])
        )
        return
    event("refused")
    assert response.status_code == 200
    messages = [message for error in response.context["errors"] for message in error.messages]
    assert_errors_shown(response, messages or form_messages(response.context["form"]))
    assert list(Conference.objects.values_list("slug", flat=True)) == ["caribbean"]


@FUZZ
@given(
    cells=st.lists(st.one_of(fuzz_text, st.sampled_from(["Jamaica", "JM", "World Bank"])), min_size=4, max_size=4),
    encoding=st.sampled_from(ENCODINGS),
    file_format=st.sampled_from(["0", "1"]),
)
@example(cells=["Caraïbes", "ann@example.org", "Jamaica", ""], encoding="latin-1", file_format="0")
@example(cells=["Ann\x00", "ann@example.org", "Jamaica", ""], encoding="utf-16", file_format="0")
@example(cells=["Ann", "ann@example.org", "Jamaica", ""], encoding="utf-8", file_format="1")
@on_its_own
def test_people_import_encodings(organiser_client, caribbean, cells, encoding, file_format):
    """A people file in any encoding, or sent as the other format: previewed, or refused with the reasons shown."""
    text = io.StringIO()
    csv.writer(text).writerows([["name", "email", "country", "organisation"], cells])
    upload = SimpleUploadedFile("people.csv", encoded(text.getvalue(), encoding))
    response = organiser_client.post(
        "/admin/conference/participant/import/",
        {"conference": caribbean.pk, "format": file_format, "import_file": upload},
    )
    assert_harmless(response)
    assert response.status_code == 200
    assert Participant.objects.count() == 0
    if response.context["form"].errors:
        event("unreadable")
        assert_errors_shown(response, form_messages(response.context["form"]))
    else:
        event("read")
        assert response.context["result"] is not None


@FUZZ
@given(part=fuzz_text, kind=fuzz_text)
@example(part="//elsewhere.example/", kind="reminder")
@example(part="javascript:alert(1)", kind="links")
@on_its_own
def test_console_parameters(organiser_client, private_reports, part, kind):
    """Free text in the console's addresses: the page to go back to after a confirmation, the kind of email."""
    report = RapporteurReport.objects.get(breakout=private_reports["draft"].nomination.breakout)
    response = organiser_client.get(f"/caribbean/organisers/reports/{report.pk}/publish/", {"next": part})
    assert_harmless(response)
    for href in parse(response).xpath("//main//a/@href"):
        assert urlsplit(urljoin("http://testserver/caribbean/", href)).netloc == "testserver"
    response = organiser_client.post("/caribbean/organisers/sessions/1/email/", {"kind": kind, "next": part})
    location = re.sub(r"[\t\n\r]", "", response["Location"]).replace("\\", "/")
    assert response.status_code == 302
    assert urlsplit(urljoin("http://testserver/caribbean/", location)).netloc == "testserver"


# A logo's image: a valid one, the files the checks refuse, and bytes of any kind (a damaged image among them).
LOGO_FILES = st.one_of(
    st.sampled_from(["valid", "svg", "html", "small", "executable"]),
    st.binary(max_size=64),
    st.binary(min_size=1, max_size=64).map(lambda noise: logo_images()["valid"][:300] + noise),
)


@functools.cache
def logo_images():
    from tests.logos import image_bytes

    return {
        "valid": image_bytes(480, 240),
        "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "html": b"<!doctype html><title>x</title><script>alert(1)</script>",
        "small": image_bytes(200, 100),
        "executable": b"MZ\x90\x00" + bytes(200),
    }


@FUZZ
@given(
    name=st.one_of(st.just("Institution"), fuzz_text),
    link=st.one_of(st.sampled_from(["", "https://example.org/", "example.org"]), fuzz_text),
    position=st.one_of(st.sampled_from(["0", "2"]), fuzz_text),
    content=st.one_of(st.just("valid"), LOGO_FILES),
)
@example(name="<script>alert(1)</script>", link="https://example.org/", position="0", content="valid")
@example(name="Institution", link="javascript:alert(1)", position="0", content="valid")
@example(name="Institution\x00", link="", position="1", content="svg")
@on_its_own
def test_logo_form(organiser_client, caribbean, name, link, position, content):
    """The console's logo form: added and shown harmlessly on every page, or refused with the reasons and what was
    typed (the file aside: browsers never refill a file field)."""
    address = "/caribbean/organisers/logos/"
    data = logo_images()[content] if isinstance(content, str) else content
    typed = {"new-name": name, "new-link": link, "new-position": position}
    image = SimpleUploadedFile("logo.png", data, content_type="image/png")
    fields = {"action": "add", "new-kind": "co-organiser", **typed, "new-image": image}
    response = organiser_client.post(address, fields)
    assert_harmless(response)
    if response.status_code == 200:
        event("refused")
        assert_errors_shown(response, form_messages(response.context["new_form"]))
        assert_kept(response, typed)
        return
    event("added")
    assert response.status_code == 302
    assert_harmless(organiser_client.get(address))
    for page in pages_showing_the_programme("caribbean"):
        assert_harmless(Client().get(page))
