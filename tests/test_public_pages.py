"""The participants' pages: what they show, and that they stay fast whatever the size of the conference."""

import datetime
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.core import mail as django_mail
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from lxml import html

from conference.models import ContentVersion, Country, Participant
from groups.models import Breakout, BreakoutGroup, GroupPartner, Question
from groups.reports.models import RapporteurReport, ReportStatus

pytestmark = pytest.mark.django_db

# Each public page's exact number of SQL queries when it is not cached yet (one of them reads the content version,
# one the conference's logos for the header and footer), the same for the real conference and one ten times larger.
PAGE_QUERIES = {
    # The programme and the session pages read their public documents too (their files only when there are some).
    "programme": 11,
    "modalities": 3,
    "find": 4,
    "find_by_country": 4,
    "join": 4,
    # The breakout pages: the breakouts, their questions, thematic areas, rapporteur, published report and its answers;
    # the programme and the session pages also the presentations' contributions.
    "session": 15,
    "concluding_session": 10,
    # The group page also reads the conference's sessions with their segments and thematic areas (when and where
    # each meets, plenary parts included); the question sheet and the theme page the sessions' segments (clock times).
    "group": 15,
    "breakout": 12,
    "theme": 13,
    "offline": 3,  # the page cache's content version, and the site's conference with its logos for its header
    # The published reports with their answers, questions, rapporteurs and thematic areas, the conference's areas,
    # and the list of participants.
    "outcome": 11,
    "participants": 4,
    # The sessions, their segments, the contributions with each contributor's country or organisation, and the
    # presentations' public documents.
    "contributors": 7,
}


def public_pages(conference):
    slug = conference.slug
    country = Country.objects.filter(conference=conference).order_by("pk").first()
    concluding = conference.sessions.order_by("-number").first().number
    return {
        "programme": reverse("pages:programme", kwargs={"conference": slug}),
        "modalities": reverse("pages:modalities", kwargs={"conference": slug}),
        "find": reverse("groups:find", kwargs={"conference": slug}),
        "find_by_country": reverse("groups:find", kwargs={"conference": slug}) + f"?country={country.pk}",
        "join": reverse("groups:join", kwargs={"conference": slug}),
        "session": reverse("pages:session", kwargs={"conference": slug, "number": 1}),
        "concluding_session": reverse("pages:session", kwargs={"conference": slug, "number": concluding}),
        "group": reverse("pages:group", kwargs={"conference": slug, "number": 1}),
        "breakout": reverse("pages:breakout", kwargs={"conference": slug, "number": 1, "session": 1}),
        "theme": reverse("pages:theme", kwargs={"conference": slug, "code": "1"}),
        "offline": reverse("pages:offline"),
        "outcome": reverse("pages:public_outcome", kwargs={"conference": slug}),
        "participants": reverse("pages:participants", kwargs={"conference": slug}),
        "contributors": reverse("pages:contributors", kwargs={"conference": slug}),
    }


@pytest.mark.parametrize("size", ["caribbean_with_people", "large_conference"])
def test_query_count_is_constant(client, size, request):
    """Every page in one test per size: the large conference takes seconds to build."""
    pages = public_pages(request.getfixturevalue(size))
    counts = {}
    for page in sorted(PAGE_QUERIES):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(pages[page])
        assert response.status_code == (302 if page == "find_by_country" else 200), page
        counts[page] = len(queries)
    assert counts == PAGE_QUERIES


def test_the_large_conference_is_ten_times_larger(large_conference, caribbean):
    assert Breakout.objects.filter(session__conference=large_conference).count() == 1600
    assert Question.objects.filter(breakout__session__conference=large_conference).count() == 3200
    assert large_conference.breakout_groups.count() == 10 * caribbean.breakout_groups.count()
    assert large_conference.countries.count() == 10 * caribbean.countries.count()


@pytest.mark.parametrize("page", sorted(PAGE_QUERIES))
def test_pages_are_small_and_load_few_files(client, caribbean_with_people, page):
    response = client.get(public_pages(caribbean_with_people)[page], follow=True)
    assert len(response.content) < 60 * 1024
    tree = html.fromstring(response.content)
    stylesheets = tree.xpath("//link[@rel='stylesheet']/@href")
    scripts = tree.xpath("//script/@src")
    assert stylesheets == ["/static/vendor/bootstrap/bootstrap.min.css", "/static/css/site.css"]
    assert len(scripts) <= 2
    assert tree.xpath("//script[not(@src)]") == []
    assert len(tree.xpath("//h1")) == 1
    assert tree.xpath("//html/@lang") == ["en"]
    assert tree.xpath("//main/@id") == ["main"]
    assert tree.xpath("//a[contains(@class, 'skip-link')]/@href") == ["#main"]


def test_every_question_is_within_three_clicks_of_home(client, caribbean):
    """Breadth-first from the home page, following the site's own links; redirects are not clicks."""
    wanted = set(Question.objects.values_list("text", flat=True))
    assert len(wanted) == 32
    seen_pages, found = set(), {}
    queue = deque([("/", 0)])
    while queue:
        url, clicks = queue.popleft()
        if url in seen_pages:
            continue
        seen_pages.add(url)
        response = client.get(url, follow=True)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        tree = html.fromstring(response.content)
        for item in tree.xpath("//li"):
            text = item.text_content().strip()
            if text in wanted:
                found.setdefault(text, clicks)
        if clicks < 3:
            for href in tree.xpath("//a/@href"):
                target = urljoin(url, href)
                if urlsplit(target).netloc == "" and not target.startswith(("/admin", "/static", "/fr/")):
                    queue.append((urlsplit(target).path, clicks + 1))
    assert set(found) == wanted
    assert max(found.values()) == 1


def test_group_page_lists_exactly_its_countries(client, caribbean):
    pages = {}
    for group in BreakoutGroup.objects.filter(conference=caribbean):
        response = client.get(reverse("pages:group", kwargs={"conference": "caribbean", "number": group.number}))
        tree = html.fromstring(response.content)
        pages[group.number] = [li.text_content().strip() for li in tree.xpath("//ul[@class='country-list']/li")]
    assert pages == {
        1: ["Grenada", "Haiti", "Jamaica", "Montserrat", "Turks and Caicos Islands"],
        2: ["Bahamas", "Bermuda", "Guyana", "Saint Lucia", "St. Vincent and the Grenadines"],
        3: ["Anguilla", "Antigua and Barbuda", "Barbados", "Dominica", "Trinidad and Tobago"],
        4: ["Belize", "British Virgin Islands", "Cayman Islands", "St. Kitts and Nevis", "Suriname"],
    }


def test_group_page_shows_flags_partners_and_every_session(client, caribbean_with_people):
    response = client.get(reverse("pages:group", kwargs={"conference": "caribbean", "number": 1}))
    tree = html.fromstring(response.content)
    assert tree.xpath("//ul[@class='country-list']//img/@src")[:2] == [
        "/static/vendor/country-flag-icons/3x2/GD.svg",
        "/static/vendor/country-flag-icons/3x2/HT.svg",
    ]
    assert "Pat Partner (Partner agency)" in response.content.decode()
    # Every session: the four with the group's breakout, and the concluding one the group attends in plenary.
    assert [h.text_content() for h in tree.xpath("//article/h3")] == [
        f"Session {n}: {title}" for n, title in caribbean_with_people.sessions.values_list("number", "title")
    ]


def test_session_page_shows_the_four_groups_topics_and_questions(client, caribbean):
    response = client.get(reverse("pages:session", kwargs={"conference": "caribbean", "number": 2}))
    tree = html.fromstring(response.content)
    assert [h.text_content() for h in tree.xpath("//article/h3")] == ["Group 1", "Group 2", "Group 3", "Group 4"]
    assert [s.text_content() for s in tree.xpath("//article/p/strong")] == [
        "Use of administrative data",
        "Relationship with data communities",
        "Implementing integrated systems of statistics",
        "Statistical production process",
    ]
    questions = [li.text_content() for li in tree.xpath("//article//ol[@class='questions']/li")]
    assert questions == list(
        Question.objects.filter(breakout__session__number=2)
        .order_by("breakout__group__number", "position")
        .values_list("text", flat=True)
    )
    timeline = [" ".join(li.text_content().split()) for li in tree.xpath("//ol[@class='timeline']/li")]
    assert timeline[0] == "15–20 minutes Presentation Contributor: to be announced"
    assert timeline[4] == "5–10 minutes Report-back – Group 1 Moderated by the facilitator By the group's rapporteur"
    assert "Planned length: 140–170 minutes" in response.content.decode()


def test_only_published_reports_reach_public_pages(client, caribbean_with_people):
    texts = {r.status: [] for r in RapporteurReport.objects.all()}
    for report in RapporteurReport.objects.all():
        texts[report.status].append(report.conclusions)
    pages = []
    for url in public_pages(caribbean_with_people).values():
        pages.append(client.get(url, follow=True).content.decode())
    for number in range(1, 5):
        pages.append(client.get(f"/caribbean/sessions/{number}/").content.decode())
        pages.append(client.get(f"/caribbean/groups/{number}/").content.decode())
    everything = "\n".join(pages)
    assert all(text in everything for text in texts[ReportStatus.PUBLISHED])
    assert not any(text in everything for text in texts[ReportStatus.SUBMITTED] + texts[ReportStatus.DRAFT])


def test_rapporteur_shown_once_nominated(client, caribbean_with_people):
    content = client.get("/caribbean/sessions/1/").content.decode()
    assert re.findall(r"Rapporteur: (Rapporteur \d+ \([^)]+\))", content) == [
        "Rapporteur 0 (Grenada)",
        "Rapporteur 1 (Bahamas)",
        "Rapporteur 2 (Anguilla)",
        "Rapporteur 3 (Belize)",
    ]


def test_thematic_area_page_gathers_topics_across_sessions(client, caribbean):
    def topics(code):
        response = client.get(reverse("pages:theme", kwargs={"conference": "caribbean", "code": code}))
        return [s.text_content() for s in html.fromstring(response.content).xpath("//article/p/strong")]

    assert topics("1") == ["Drivers and challenges", "Partnerships", "Coordination mechanisms"]
    assert topics("5b") == [
        "Needs for training and capacity building",
        "Skills development",
        "Technical and management training",
    ]
    assert topics("3") == [
        "Use of administrative data",
        "Relationship with data communities",
        "Implementing integrated systems of statistics",
        "Statistical production process",
    ]
    assert len(topics("5")) == 4
    assert client.get("/caribbean/groups/themes/9/").status_code == 404
    assert client.get("/caribbean/groups/themes/1%00/").status_code == 404  # was a database error on PostgreSQL


def test_find_my_group_by_country(client, caribbean):
    jamaica = Country.objects.get(code="JM")
    response = client.get(f"/caribbean/groups/find/?country={jamaica.pk}")
    # The group's page that confirms "Jamaica is in Group 1" and highlights the country.
    assert response["Location"] == "/caribbean/groups/1/?country=JM"


def test_find_my_group_by_partner_name_or_organisation(client, caribbean_with_people):
    assert client.get("/caribbean/groups/find/?name=pat+partner")["Location"] == "/caribbean/groups/1/"
    assert client.get("/caribbean/groups/find/?name=Partner+agency")["Location"] == "/caribbean/groups/1/"
    response = client.get("/caribbean/groups/find/?name=Rapporteur+1")
    assert [(m["label"], m["group"].number) for m in response.context["matches"]] == [
        ("Rapporteur 1 (Bahamas)", 2),
        ("Rapporteur 10 (Anguilla)", 3),
        ("Rapporteur 11 (Belize)", 4),
        ("Rapporteur 12 (Grenada)", 1),
        ("Rapporteur 13 (Bahamas)", 2),
        ("Rapporteur 14 (Anguilla)", 3),
        ("Rapporteur 15 (Belize)", 4),
    ]


def test_find_my_group_explains_and_keeps_what_was_typed(client, caribbean):
    response = client.get("/caribbean/groups/find/?name=Nobody+here")
    content = response.content.decode()
    assert (
        "No participant or organisation matches “Nobody here”. Check the spelling, or choose your country." in content
    )
    assert 'value="Nobody here"' in content
    response = client.get("/caribbean/groups/find/?find=Find+my+group")
    assert "Choose your country or territory, or type your organisation or name." in response.content.decode()


def test_partner_signup_shows_group_sizes(client, caribbean_with_people):
    response = client.get("/caribbean/groups/join/")
    labels = html.fromstring(response.content).xpath("//label[@class='form-check-label']")
    assert [label.text_content().strip() for label in labels] == [
        "Group 1: 5 countries and territories, 1 partner participant",  # confirmed ones only
        "Group 2: 5 countries and territories, 0 partner participants",
        "Group 3: 5 countries and territories, 0 partner participants",
        "Group 4: 5 countries and territories, 0 partner participants",
    ]


def test_partner_signup_records_the_place_and_shows_the_name_once_confirmed(
    client, mail_on, caribbean, organiser_client
):
    """Finding 5 of "Venue-proof": names and organisations were public at once, although the form only said the
    email address was private. The place is recorded when the mailed link is followed (tests/groups)."""
    group = BreakoutGroup.objects.get(number=3)
    form = client.get("/caribbean/groups/join/").content.decode()
    assert "Your name and organisation show on the group’s page once the organisers have confirmed your place." in form
    version = ContentVersion.current()
    data = {"full_name": "  Dana   Doe ", "organisation": "World Stats", "email": "dana@example.org", "group": group.pk}
    response = client.post("/caribbean/groups/join/", data, follow=True)
    assert response.redirect_chain == [("/caribbean/groups/join/", 302)]
    assert GroupPartner.objects.count() == 0
    [mail] = django_mail.outbox
    [link] = [line for line in mail.body.splitlines() if line.startswith("http")]
    client.post(link.removeprefix("http://testserver"), follow=True)
    place = GroupPartner.objects.select_related("participant__organisation").get()
    assert (place.group, place.participant.full_name, place.participant.organisation.name, place.confirmed_at) == (
        group,
        "Dana Doe",
        "World Stats",
        None,
    )
    assert place.participant.organisation.kind == ""
    assert ContentVersion.current() == version  # a sign-up changes no public page: no flood can empty the cache
    assert "Dana Doe" not in client.get("/caribbean/groups/3/").content.decode()
    assert client.get("/caribbean/groups/find/?name=Dana").status_code == 200  # not found by name either

    response = organiser_client.post(
        "/admin/groups/grouppartner/", {"action": "confirm", "_selected_action": [place.pk]}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["1 place confirmed."]
    assert "Dana Doe (World Stats)" in client.get("/caribbean/groups/3/").content.decode()
    assert client.get("/caribbean/groups/find/?name=Dana")["Location"] == "/caribbean/groups/3/"


def test_signups_are_throttled_per_address_and_the_typed_text_is_kept(client, mail_on, caribbean, monkeypatch):
    from groups import views

    monkeypatch.setattr(views, "SIGNUP_LIMIT", 2)
    group = BreakoutGroup.objects.get(number=1)
    for number in range(2):
        data = {"full_name": f"P{number}", "organisation": "Org", "email": f"p{number}@example.org", "group": group.pk}
        assert client.post("/caribbean/groups/join/", data).status_code == 302
    data = {"full_name": "Éloïse", "organisation": "Org ✓", "email": "e@example.org", "group": group.pk}
    response = client.post("/caribbean/groups/join/", data)
    assert response.status_code == 429
    content = response.content.decode()
    assert "Too many sign-ups came from this network in the last hour" in content
    assert 'value="Éloïse"' in content
    assert 'value="Org ✓"' in content
    assert 'value="e@example.org"' in content
    assert client.post("/caribbean/groups/join/", data, REMOTE_ADDR="10.9.9.9").status_code == 302
    assert len(django_mail.outbox) == 3


def test_failed_signup_keeps_everything_typed(client, caribbean):
    data = {"full_name": "Éloïse <b>N’Diaye</b>", "organisation": "Org ✓", "email": "not-an-email", "group": ""}
    response = client.post("/caribbean/groups/join/", data)
    content = response.content.decode()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "email": ["Enter a valid email address."],
        "group": ["This field is required."],
    }
    assert 'value="Éloïse &lt;b&gt;N’Diaye&lt;/b&gt;"' in content
    assert 'value="Org ✓"' in content
    assert 'value="not-an-email"' in content
    assert Participant.objects.count() == 0


def test_french_pages(client, caribbean):
    response = client.get("/fr/caribbean/")
    tree = html.fromstring(response.content)
    assert tree.xpath("//html/@lang") == ["fr"]
    assert tree.xpath("//nav[@class='language-switcher']//a/@href") == [
        "/caribbean/",
        "/es/caribbean/",
        "/nl/caribbean/",
    ]
    english = html.fromstring(client.get("/caribbean/").content)
    assert english.xpath("//nav[@class='language-switcher']//a/@href") == [
        "/fr/caribbean/",
        "/es/caribbean/",
        "/nl/caribbean/",
    ]
    content = response.content.decode()
    assert "Trouver mon groupe" in content
    assert "à annoncer" in content
    # The document's own texts stay as written.
    assert "Coordination at and between the global, (sub-) regional and national statistical systems" in content


def test_not_found_page_in_site_style(client, caribbean):
    response = client.get("/caribbean/groups/99/")
    assert response.status_code == 404
    tree = html.fromstring(response.content)
    assert [h.text_content() for h in tree.xpath("//h1")] == ["Page not found"]
    assert tree.xpath("//link[@rel='stylesheet']/@href")[0] == "/static/vendor/bootstrap/bootstrap.min.css"


def test_server_error_page_renders_without_a_request():
    content = render_to_string("500.html")
    assert "<h1>Something went wrong</h1>" in content
    assert render_to_string("500.html", request=RequestFactory().get("/")).count("<h1>") == 1


def test_during_the_conference_now_and_next_comes_right_after_the_title(client, scheduled, monkeypatch):
    # Tuesday 9 June 2026, 10:00 in Port of Spain (14:00 UTC): session 1 is on, session 2 is next.
    monkeypatch.setattr("conference.clock.now", lambda: datetime.datetime(2026, 6, 9, 14, 0, tzinfo=datetime.UTC))
    page = html.fromstring(client.get("/caribbean/").content)
    main = page.xpath("//main")[0]
    order = [
        element.tag if element.tag != "section" else element.get("class")
        for element in main.iterchildren()
        if element.tag in ("h1", "dl", "section") and element.get("class") != "offline-note"
    ]
    assert order[:3] == ["h1", "now-next", "dl"]
