"""Every rapporteur and organiser page runs the same number of queries at the Caribbean conference's size and at ten
times it (40 groups, 40 breakout sessions, a report for every breakout, a third of them published)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from groups.reports import services
from groups.reports.models import RapporteurNomination, RapporteurReport, RevisionAction

pytestmark = pytest.mark.django_db

# Page: (address, queries). An organiser's page starts with the login session, the user and their permissions; the
# pages in the site's layout, the cards and the screens read the conference's logos (one query).
PAGES = {
    "report form": ("/report/{token}/", 7),
    "console's front door": ("/organisers/", 5),
    "organisers' home": ("/{slug}/organisers/", 8),
    "preparation checklist": ("/{slug}/organisers/prepare/", 23),  # with every presentation's contributors
    "dashboard": ("/{slug}/organisers/sessions/1/", 12),
    "editor": ("/{slug}/organisers/sessions/1/groups/1/report/", 13),
    "nominate": ("/{slug}/organisers/sessions/1/groups/2/nominate/", 12),
    "rapporteur": ("/{slug}/organisers/rapporteurs/{rapporteur}/", 9),
    "cards": ("/{slug}/organisers/sessions/1/cards/", 12),  # the room cards make the groups' notes links here
    "publish": ("/{slug}/organisers/reports/{report}/publish/", 9),
    "unpublish": ("/{slug}/organisers/reports/{report}/unpublish/", 9),
    "history": ("/{slug}/organisers/reports/{report}/history/", 11),
    "compare": ("/{slug}/organisers/reports/{report}/history/{revision}/compare/", 11),
    "restore": ("/{slug}/organisers/reports/{report}/history/{revision}/restore/", 10),
    "outcome": ("/{slug}/organisers/outcome/", 13),
    "outcome.docx": ("/{slug}/organisers/outcome.docx", 12),
    "outcome.md": ("/{slug}/organisers/outcome.md", 12),
    "outcome with its appendix": ("/{slug}/organisers/outcome/?appendix=1", 15),
    # The public outcome's preview (its PDF's queries: tests/reports/test_public_outcome.py).
    "outcome preview": ("/{slug}/organisers/outcome/preview/", 14),
    "outcome preview.docx": ("/{slug}/organisers/outcome/preview.docx", 13),
    "breakout screen": ("/{slug}/organisers/sessions/1/screen/", 11),
    "report-back screen": ("/{slug}/organisers/sessions/1/report-back/", 12),
}


@pytest.mark.parametrize("size", ["caribbean_with_people", "large_conference"])
def test_query_count_is_constant(client, organiser, size, request):
    """All pages in one test per size: the large conference takes seconds to build."""
    conference = request.getfixturevalue(size)
    nomination = RapporteurNomination.objects.filter(
        breakout__session__conference=conference, breakout__session__number=1, breakout__group__number=2
    ).get()
    report = RapporteurReport.objects.with_content().get(breakout=nomination.breakout)
    services.record_revision(report=report, action=RevisionAction.SAVED, by=nomination)
    services.record_revision(report=report, action=RevisionAction.SUBMITTED, by=nomination)
    revision = report.revisions.earliest("pk").pk
    counts = {}
    for page, (address, _queries) in PAGES.items():
        address = address.format(
            slug=conference.slug,
            token=nomination.token,
            rapporteur=nomination.participant_id,
            report=report.pk,
            revision=revision,
        )
        if page == "report form":
            client.logout()
            client.get(address)  # the first visit creates the rapporteur's empty report where there is none
        else:
            client.force_login(organiser)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == (302 if page == "console's front door" else 200), page
        counts[page] = len(queries)
    assert counts == {page: queries for page, (_address, queries) in PAGES.items()}
