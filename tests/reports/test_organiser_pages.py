"""The organisers' pages: dashboard, editing, publishing, the conference outcome (page, .docx, Markdown), the plenary
screens; staff only."""

import io

import docx
import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from lxml import html

from conference.models import Country, Participant
from groups.models import Breakout
from groups.reports import queries, services
from groups.reports.models import RapporteurReport, ReportStatus
from sessions.models import Session
from tests.conftest import report_content
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

DASHBOARD_QUERIES = 12  # one of them the conference's logos, for the page's header and footer
SCRIPT = "<script>alert('x')</script>"
JS_LINK = "[click me](javascript:alert(1))"
IMG = '<img src="x" onerror="alert(2)">'


def url(name, **kwargs):
    return reverse(f"pages:{name}", kwargs={"conference": "caribbean", **kwargs})


def write(breakout, by, *, first="", second="", conclusions="", actions="", submit=True):
    report = RapporteurReport.objects.with_content().get(pk=services.report_for(breakout).pk)
    content = report_content(breakout, first=first, second=second, conclusions=conclusions, actions=actions)
    return services.save_report(report=report, content=content, base_version=report.version, by=by, submit=submit)


def rapporteur_for(breakout, name):
    country = Country.objects.filter(group_places__group=breakout.group).order_by("name").first()
    participant = Participant.objects.create(conference=breakout.session.conference, full_name=name, country=country)
    return services.nominate_rapporteur(breakout=breakout, participant=participant)


def publish_session(number, organiser, count=4, **content):
    for breakout in Breakout.objects.filter(session__number=number).order_by("group__number")[:count]:
        nomination = rapporteur_for(breakout, f"Rapporteur {number}.{breakout.group.number}")
        write(
            breakout,
            nomination,
            first=f"Answer {number}.{breakout.group.number}",
            conclusions=f"Conclusions {number}.{breakout.group.number}",
            actions=f"- Action {number}.{breakout.group.number}",
            **content,
        )
    services.publish_reports(reports=RapporteurReport.objects.filter(breakout__session__number=number), by=organiser)


@pytest.mark.parametrize(
    "name_kwargs",
    [
        ("console", {}),
        ("dashboard", {"number": 1}),
        ("edit_report", {"number": 1, "group": 1}),
        ("nominate", {"number": 1, "group": 1}),
        ("cards", {"number": 1}),
        ("breakout_screen", {"number": 1}),
        ("report_back_screen", {"number": 1}),
        ("outcome", {}),
        ("outcome_docx", {}),
        ("outcome_markdown", {}),
    ],
    ids=lambda value: value[0],
)
def test_organiser_pages_are_staff_only(organiser_client, caribbean, report_url, name_kwargs):
    name, kwargs = name_kwargs
    page = url(name, **kwargs)
    response = Client().get(page)
    assert (response.status_code, response["Location"]) == (302, f"/admin/login/?next={page}")
    assert organiser_client.get(page).status_code == 200


def test_staff_without_the_permission_is_refused(client, django_user_model, caribbean):
    staff = django_user_model.objects.create_user(username="staff", password="pw-for-tests-only", is_staff=True)
    client.force_login(staff)
    assert client.get(url("dashboard", number=1)).status_code == 403


def test_publish_from_the_dashboard_needs_post_and_staff(organiser_client, nomination):
    report = nomination.breakout.report
    assert Client().post(url("publish", pk=report.pk)).status_code == 302
    assert RapporteurReport.objects.get().status == ReportStatus.DRAFT
    assert organiser_client.get(url("publish", pk=report.pk)).status_code == 200  # the confirmation
    assert RapporteurReport.objects.get().status == ReportStatus.DRAFT
    response = organiser_client.post(url("publish", pk=report.pk), {"next": url("dashboard", number=1)}, follow=True)
    assert response.redirect_chain == [(url("dashboard", number=1), 302)]
    assert RapporteurReport.objects.get().status == ReportStatus.PUBLISHED
    organiser_client.post(url("unpublish", pk=report.pk), {"next": "https://elsewhere.example/"})
    assert RapporteurReport.objects.get().status == ReportStatus.SUBMITTED


def test_publish_goes_back_only_to_a_page_of_this_site(organiser_client, nomination):
    def back_to(next_page):
        response = organiser_client.post(url("publish", pk=nomination.breakout.report.pk), {"next": next_page})
        return response["Location"]

    pages = ["/caribbean/organisers/", "²", "https://elsewhere.example/", "//elsewhere.example/"]
    assert {page: back_to(page) for page in pages} == {
        "/caribbean/organisers/": "/caribbean/organisers/",
        "²": "%C2%B2",  # a relative address; redirect() took it for a view name and failed
        "https://elsewhere.example/": "/caribbean/organisers/sessions/1/",
        "//elsewhere.example/": "/caribbean/organisers/sessions/1/",
    }


def test_dashboard_lists_every_group_with_rapporteur_status_and_links(organiser_client, nomination, organiser):
    write(nomination.breakout, nomination, conclusions="Done")
    breakout_2 = Breakout.objects.get(session__number=1, group__number=2)
    rapporteur_for(breakout_2, "Bea Example")
    write(breakout_2, organiser, conclusions="Draft by organiser", submit=False)
    services.publish_reports(reports=RapporteurReport.objects.filter(breakout=breakout_2))
    response = organiser_client.get(url("dashboard", number=1))
    page = html.fromstring(response.content.decode())
    rows = [[" ".join(td.text_content().split()) for td in tr.xpath("th|td")] for tr in page.xpath("//tbody/tr")]
    assert [row[0] for row in rows] == [
        "Group 1 Communication and advocacy",
        "Group 2 Drivers and challenges",
        "Group 3 Partnerships",
        "Group 4 Coordination mechanisms",
    ]
    assert [row[1] for row in rows] == [
        "Ann Example (Jamaica) No email address",
        "Bea Example (Bahamas) No email address",
        "Nominate",
        "Nominate",
    ]
    assert [row[2] for row in rows] == ["Submitted", "Published", "Not started", "Not started"]
    assert [row[4] for row in rows] == [
        "Edit History Publish Change rapporteur",
        "Edit History Unpublish Change rapporteur",
        "Edit",
        "Edit",
    ]
    badges = page.xpath("//tbody//span[contains(@class, 'status-badge')]/@class")
    assert badges == [
        "status-badge status-submitted",
        "status-badge status-published",
        "status-badge status-none",
        "status-badge status-none",
    ]
    # No meta refresh (axe: critical): the page's script reloads the table, and the organiser can pause it.
    assert page.xpath("//meta[@http-equiv='refresh']") == []
    assert page.xpath("//*[@id='console-live']/@data-refresh-seconds") == ["15"]
    # site.js (the print button and the service worker, which keeps only public pages) is on every page.
    assert page.xpath("//script/@src") == ["/static/js/site.js", "/static/js/console.js"]


def test_dashboard_query_count_does_not_grow(organiser_client, caribbean, organiser, django_assert_num_queries):
    publish_session(1, organiser, count=1)
    organiser_client.get(url("dashboard", number=1))
    with django_assert_num_queries(DASHBOARD_QUERIES):
        organiser_client.get(url("dashboard", number=1))
    for breakout in Breakout.objects.filter(session__number=1, group__number__gt=1):
        write(breakout, rapporteur_for(breakout, f"Rapporteur {breakout.group.number}"), conclusions="Text")
    with django_assert_num_queries(DASHBOARD_QUERIES):
        organiser_client.get(url("dashboard", number=1))


def test_organiser_edits_a_report_with_the_same_form(organiser_client, nomination, organiser):
    page = url("edit_report", number=1, group=1)
    data = form_data(organiser_client.get(page))
    data["conclusions"] = "Corrected by the secretariat"
    response = organiser_client.post(page, data, follow=True)
    assert [m.message.split(" at ")[0] for m in response.context["messages"]] == ["Changes saved"]
    report = RapporteurReport.objects.get()
    assert (report.conclusions, report.status, report.revisions.get().saved_by) == (
        "Corrected by the secretariat",
        ReportStatus.DRAFT,
        "org",
    )
    data["conclusions"] = "Stale"
    assert organiser_client.post(page, data).status_code == 409


def test_outcome_compiles_published_reports_by_session_and_actions_by_area(organiser_client, caribbean, organiser):
    publish_session(1, organiser, count=2)
    publish_session(4, organiser, count=1)
    draft = Breakout.objects.get(session__number=2, group__number=1)
    write(draft, organiser, conclusions="Secret draft conclusions", submit=False)
    response = organiser_client.get(url("outcome"))
    outcome = response.context["outcome"]
    assert [
        (s.session.number, [(e.breakout.group.number, e.report.conclusions) for e in s.entries])
        for s in outcome.sessions
    ] == [(1, [(1, "Conclusions 1.1"), (2, "Conclusions 1.2")]), (4, [(1, "Conclusions 4.1")])]
    assert [(a.area.code, [e.report.actions for e in a.entries]) for a in outcome.areas] == [
        ("1", ["- Action 1.2"]),
        ("2", ["- Action 1.1", "- Action 1.2"]),
        ("5a", ["- Action 4.1"]),
        ("5b", ["- Action 4.1"]),
    ]
    content = response.content.decode()
    assert "Secret draft conclusions" not in content
    assert 'href="/static/css/print.css" media="print"' in content


def test_outcome_query_count_does_not_grow(organiser_client, caribbean, organiser, django_assert_num_queries):
    publish_session(1, organiser, count=1)
    with django_assert_num_queries(13):
        organiser_client.get(url("outcome"))
    publish_session(2, organiser)
    publish_session(3, organiser)
    with django_assert_num_queries(13):
        organiser_client.get(url("outcome"))


def test_outcome_docx_opens_and_holds_every_published_report(organiser_client, caribbean, organiser):
    publish_session(1, organiser)
    publish_session(2, organiser, count=2)
    response = organiser_client.get(url("outcome_docx"))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == 'attachment; filename="caribbean-conference-outcome.docx"'
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    for report in RapporteurReport.objects.published():
        number = f"{report.breakout.session.number}.{report.breakout.group.number}"
        assert f"Conclusions {number}" in texts
        assert f"Answer {number}" in texts
        assert texts.count(f"Action {number}") == 1 + len(report.breakout.covered_areas)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "Session 1: Coordination at and between the global, (sub-) regional and national statistical systems "
        "(Thematic 1) and Communication and advocacy (Thematic 2)",
        "Session 2: Integrated statistical systems: data collection, processing and dissemination of integrated "
        "statistics (Thematic 3)",
        "Recommended actions by thematic area",
    ]
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets[:2] == ["Action 1.1", "Action 1.2"]


def test_outcome_markdown_download(organiser_client, caribbean, organiser):
    publish_session(1, organiser, count=1, second=f"Beware {SCRIPT}")
    response = organiser_client.get(url("outcome_markdown"))
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="caribbean-conference-outcome.md"'
    text = response.content.decode()
    assert text.startswith("# Conference outcome: Caribbean regional conference\n")
    assert "### Group 1: Communication and advocacy\n\nRapporteur: Rapporteur 1.1 (Grenada)\n" in text
    assert "Beware &lt;script>alert('x')&lt;/script>" in text
    assert "## Recommended actions by thematic area\n" in text
    assert "<script" not in text


def test_breakout_screen_shows_the_countdown_and_every_groups_questions(organiser_client, caribbean):
    response = organiser_client.get(url("breakout_screen", number=2))
    page = html.fromstring(response.content.decode())
    countdown = page.get_element_by_id("countdown")
    assert (countdown.text, countdown.get("data-minutes")) == ("45:00", "45")
    assert [h.text for h in page.xpath("//section[@class='plenary-group']/h2")] == [
        "Group 1: Use of administrative data",
        "Group 2: Relationship with data communities",
        "Group 3: Implementing integrated systems of statistics",
        "Group 4: Statistical production process",
    ]
    assert len(page.xpath("//section[@class='plenary-group']//li")) == 8
    assert page.xpath("//script/@src") == ["/static/js/plenary.js"]
    assert page.xpath("//script[not(@src)]") == []
    # Made for a projector: none of the site's menu and footer, the venue's clock and a full-screen button.
    assert page.xpath("//header[contains(@class, 'site-header')] | //footer | //nav[@class='main-nav']") == []
    assert page.get_element_by_id("screen-clock").get("data-time-zone") == ""
    assert page.get_element_by_id("screen-fullscreen").get("hidden") == ""


def test_report_back_screen_steps_through_published_summaries_only(organiser_client, caribbean, organiser):
    publish_session(3, organiser, count=2)
    write(Breakout.objects.get(session__number=3, group__number=3), organiser, conclusions="Unpublished words")
    response = organiser_client.get(url("report_back_screen", number=3))
    content = response.content.decode()
    page = html.fromstring(content)
    assert [s.get("id") for s in page.xpath("//section[contains(@class, 'plenary-slide')]")] == [
        "slide-1",
        "slide-2",
        "slide-3",
        "slide-4",
    ]
    assert "Conclusions 3.1" in content
    assert "Conclusions 3.2" in content
    assert "Unpublished words" not in content
    assert content.count("The summary of this group is not published yet.") == 2
    assert page.xpath("//a[@data-step='1']/@href") == ["#slide-2", "#slide-3", "#slide-4"]
    # Each question is shown with its answer (the answer alone said "Answer to question 1").
    first = page.xpath("//section[@id='slide-1']//section[@class='plenary-answer']")
    question_1 = Breakout.objects.get(session__number=3, group__number=1).questions.get(position=1)
    assert [" ".join(s.text_content().split()) for s in first] == [
        f"{question_1.text} Answer 3.1",
        f"{Breakout.objects.get(session__number=3, group__number=1).questions.get(position=2).text} No answer.",
    ]


def test_the_sanitiser_strips_script_from_every_page(organiser_client, nomination, report_url, organiser):
    hostile = f"{SCRIPT} {IMG} {JS_LINK}"
    write(nomination.breakout, nomination, first=hostile, second=hostile, conclusions=hostile, actions=f"- {hostile}")
    services.publish_reports(reports=RapporteurReport.objects.all(), by=organiser)
    report = RapporteurReport.objects.get()
    pages = [
        Client().get(report_url),
        organiser_client.get(url("outcome")),
        organiser_client.get(url("report_back_screen", number=1)),
        organiser_client.get(reverse("admin:reports_rapporteurreport_change", args=[report.pk])),
        organiser_client.get(url("edit_report", number=1, group=1)),
    ]
    for response in pages:
        content = response.content.decode()
        assert response.status_code == 200
        assert "<script>alert" not in content
        assert '<img src="x"' not in content
        assert 'href="javascript:' not in content
    outcome = pages[1].content.decode()
    assert '<a rel="noopener noreferrer nofollow">click me</a>' in outcome


def test_report_include_shows_published_reports_without_queries(nomination, organiser, django_assert_num_queries):
    write(nomination.breakout, nomination, first="First answer", conclusions="Conclusions", actions="- Act")
    breakouts = (
        queries.with_report(Breakout.objects.for_display())
        .prefetch_related("report__answers")
        .filter(session__number=1, group__number=1)
    )
    [breakout] = queries.add_reports(breakouts)
    with django_assert_num_queries(0):
        html_text = render_to_string("reports/_published_report.html", {"report": breakout.current_report})
    assert html_text.strip() == ""  # submitted, not published: nothing
    services.publish_reports(reports=RapporteurReport.objects.all(), by=organiser)
    [breakout] = queries.add_reports(
        queries.with_published_report(Breakout.objects.for_display()).filter(pk=breakout.pk)
    )
    with django_assert_num_queries(0):
        html_text = render_to_string("reports/_published_report.html", {"report": breakout.published_report})
    page = html.fromstring(html_text)
    assert [h.text for h in page.xpath("//h4")] == ["Answer to question 1", "Main conclusions", "Recommended actions"]
    assert [" ".join(p.text_content().split()) for p in page.xpath("//section")] == [
        "Answer to question 1 First answer",
        "Main conclusions Conclusions",
        "Recommended actions Act",
    ]


def test_organiser_corrects_a_published_report(organiser_client, nomination, organiser):
    write(nomination.breakout, nomination, conclusions="Typo hre")
    services.publish_reports(reports=RapporteurReport.objects.all(), by=organiser)
    page = url("edit_report", number=1, group=1)
    response = organiser_client.get(page)
    assert "changes you save here appear on the public pages at once" in response.content.decode()
    data = form_data(response)
    data["conclusions"] = "Typo here"
    assert organiser_client.post(page, data).status_code == 302
    report = RapporteurReport.objects.get()
    assert (report.status, report.conclusions) == (ReportStatus.PUBLISHED, "Typo here")


@pytest.mark.parametrize(
    "address",
    [
        "/caribbean/organisers/",
        "/caribbean/organisers/sessions/1/",
        "/caribbean/organisers/sessions/1/groups/1/report/",
        "/caribbean/organisers/sessions/1/groups/1/nominate/",
        "/caribbean/organisers/sessions/1/cards/",
        "/caribbean/organisers/sessions/1/screen/",
        "/caribbean/organisers/sessions/1/report-back/",
        "/caribbean/organisers/outcome/",
        "/caribbean/organisers/outcome.docx",
        "/caribbean/organisers/outcome.md",
    ],
)
def test_organiser_pages_and_files_are_never_kept_by_a_cache(organiser_client, caribbean, address):
    """Finding 6 of "Venue-proof": organiser pages sent no Cache-Control, so a shared computer or proxy could keep
    unpublished reports."""
    response = organiser_client.get(address)
    assert (response.status_code, response["Cache-Control"]) == (
        200,
        "max-age=0, no-cache, no-store, must-revalidate, private",
    )


def test_the_outcome_takes_an_appendix_of_answered_questions_and_breakout_notes(
    organiser_client, caribbean, organiser, django_assert_num_queries
):
    from groups.live import services as live_services
    from groups.live.models import AudienceQuestion

    publish_session(1, organiser, count=1)
    session = Session.objects.get(number=1)
    live_services.open_asking(session=session, segment=session.segments.get(kind="questions"))
    answered = live_services.ask(
        session=session, text="How do small offices [share](javascript:x()) data?", asked_by="Bo", affiliation="Aruba"
    )
    live_services.ask(session=session, text="Never answered?")
    AudienceQuestion.objects.filter(pk=answered.pk).update(status="answered")
    question = Breakout.objects.get(session__number=1, group__number=2).questions.get(position=1)
    live_services.add_point(question=question, text="Use *registers* <b>first</b>", author="Ann", device="a" * 32)

    plain = organiser_client.get(url("outcome")).content.decode()
    assert "Appendix" not in plain
    page = html.fromstring(organiser_client.get(url("outcome"), {"appendix": "1"}).content.decode())
    appendix = page.xpath("//section[@class='outcome-appendix']")[0]
    assert [" ".join(e.text_content().split()) for e in appendix.xpath(".//h2|.//h3|.//h4|.//li|.//blockquote")] == [
        "Appendix: questions from the floor and the groups’ breakout notes",
        "Session 1: " + session.title,
        "Questions answered in the plenary",
        "How do small offices [share](javascript:x()) data? (asked by Bo, Aruba; 0 votes)",
        "Breakout notes of Group 2: Drivers and challenges",
        question.text,
        "Use *registers* <b>first</b> (Ann)",
    ]
    exported = organiser_client.get(url("outcome_markdown"), {"appendix": "1"}).content.decode()
    appendix_md = exported[exported.index("## Appendix") :]
    assert "- How do small offices \\[share\\]\\(javascript:x\\(\\)\\) data? (asked by Bo, Aruba; 0 votes)" in (
        appendix_md
    )
    assert "- Use \\*registers\\* \\<b\\>first\\</b\\> \\(Ann\\)" in appendix_md
    document = docx.Document(io.BytesIO(organiser_client.get(url("outcome_docx"), {"appendix": "1"}).content))
    texts = [p.text for p in document.paragraphs]
    assert texts[texts.index("Questions answered in the plenary") + 1] == (
        "How do small offices [share](javascript:x()) data? (asked by Bo, Aruba; 0 votes)"
    )
    assert "Use *registers* <b>first</b> (Ann)" in texts
