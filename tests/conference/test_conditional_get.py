"""Fast on a weak Wi-Fi (issue 10): every public page and export answers a conditional GET with 304 Not Modified
while it is unchanged, carries a Cache-Control that lets a phone or a CDN keep it briefly, and its first render after
an edit (the page cache emptied) runs a fixed number of queries, the figure benchmarks/first_render.py reports."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from conference.models import ContentVersion

pytestmark = pytest.mark.django_db

PUBLIC = [
    "/caribbean/",
    "/caribbean/how-sessions-work/",
    "/caribbean/sessions/1/",
    "/caribbean/sessions/5/",
    "/caribbean/groups/find/",
    "/caribbean/groups/themes/1/",
    "/caribbean/groups/2/",
    "/caribbean/groups/2/sessions/1/",
    "/fr/caribbean/",
    "/es/caribbean/groups/2/",
    "/nl/caribbean/groups/2/sessions/1/",
]
EXPORTS = [
    "/caribbean/schedule.xml",
    "/caribbean/schedule.json",
    "/caribbean/programme.ics",
    "/caribbean/groups/2/calendar.ics",
    "/fr/caribbean/groups/2/calendar.ics",
]


@pytest.mark.django_db(transaction=True)  # the version rises once per transaction: edits commit for real
@pytest.mark.parametrize("path", PUBLIC + EXPORTS)
def test_an_unchanged_page_answers_304_and_a_changed_one_200(client, scheduled, path):
    first = client.get(path)
    assert first.status_code == 200
    etag = first["ETag"]
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag)
    assert "public" in first["Cache-Control"]
    assert "max-age=" in first["Cache-Control"]
    again = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    # An organiser's edit that the page shows (the conference's name is on every page and export): the old copy is
    # no longer current.
    scheduled.name_en = "Caribbean Regional Conference on Official Statistics"
    scheduled.save()
    changed = client.get(path, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.parametrize("path", PUBLIC + EXPORTS)
def test_a_stale_copy_gets_the_page(client, scheduled, path):
    response = client.get(path, HTTP_IF_NONE_MATCH='"not-the-page"')
    assert response.status_code == 200
    assert response.content


# Queries of each page's first render after an edit (content version, conference, then the page's own prefetches),
# the same at the Caribbean conference's size and with more sessions (tests/test_public_pages.py).
FIRST_RENDER_QUERIES = {
    "/caribbean/": 9,  # the programme and the session: the presentations' contributors too
    "/caribbean/how-sessions-work/": 2,
    "/caribbean/sessions/1/": 12,
    "/caribbean/groups/find/": 3,
    "/caribbean/groups/themes/1/": 11,
    "/caribbean/groups/2/": 13,
    "/caribbean/groups/2/sessions/1/": 10,
    "/fr/caribbean/": 9,
}


@pytest.mark.django_db(transaction=True)  # the version rises once per transaction: edits commit for real
def test_first_render_after_an_edit_runs_a_fixed_number_of_queries(client, scheduled):
    """The figure benchmarks/first_render.py reports as "queries", and after it a page from the page cache costs one
    query (the content version)."""
    first, cached = {}, {}
    for path in FIRST_RENDER_QUERIES:
        client.get(path)
        ContentVersion.bump()  # what every edit does: the page cache no longer holds the page
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        first[path] = len(queries)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        cached[path] = len(queries)
    assert first == FIRST_RENDER_QUERIES
    assert cached == dict.fromkeys(FIRST_RENDER_QUERIES, 1)
