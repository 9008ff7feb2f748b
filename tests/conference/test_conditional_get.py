"""Fast on a weak Wi-Fi (issue 10): every public page and export answers a conditional GET with 304 Not Modified
while it is unchanged, carries a Cache-Control that lets a phone or a CDN keep it briefly, and its first render after
an edit (the page cache emptied) runs a fixed number of queries, the figure benchmarks/first_render.py reports."""

import re

import pytest

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
    # An organiser's edit that the page shows: the old copy is no longer current.
    scheduled.venue = "Hyatt Regency, Port of Spain"
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
    "/caribbean/": None,
    "/caribbean/how-sessions-work/": None,
    "/caribbean/sessions/1/": None,
    "/caribbean/groups/find/": None,
    "/caribbean/groups/themes/1/": None,
    "/caribbean/groups/2/": None,
    "/caribbean/groups/2/sessions/1/": None,
    "/fr/caribbean/": None,
}


@pytest.mark.parametrize("path", sorted(FIRST_RENDER_QUERIES))
def test_first_render_after_an_edit_runs_a_fixed_number_of_queries(client, scheduled, path, django_assert_num_queries):
    client.get(path)
    ContentVersion.bump()  # what every edit does: the page cache no longer holds the page
    with django_assert_num_queries(FIRST_RENDER_QUERIES[path]):
        assert client.get(path).status_code == 200
    # The page is then served from the page cache, with one query (the content version).
    with django_assert_num_queries(1):
        assert client.get(path).status_code == 200
