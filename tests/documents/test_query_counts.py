"""The console's documents pages run the same number of queries with one document per place and with ten, at the
Caribbean conference's size and at ten times it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from sessions.models import Segment, SegmentKind
from tests.documents import samples

pytestmark = pytest.mark.django_db

# An organiser's page starts with the login session, the user and their permissions; its header reads the
# conference's logos.
PAGES = {
    "documents": ("/{slug}/organisers/documents/", 12),
    "document": ("/{slug}/organisers/documents/{pk}/", 8),
    "withdraw": ("/{slug}/organisers/documents/{pk}/withdraw/", 8),
}


def add_documents(conference, make_document, count):
    """`count` documents of the conference, of its first session and of its first presentation, in two languages."""
    session = conference.sessions.order_by("number").first()
    segment = Segment.objects.filter(session=session, kind=SegmentKind.PRESENTATION).order_by("position").first()
    files = {"en": samples.pdf_bytes(), "fr": samples.png_bytes()}
    made = []
    for number in range(count):
        made.append(make_document(conference, f"Paper {number}", files=files))
        make_document(conference, f"Session paper {number}", files=files, session=session)
        make_document(conference, f"Slides {number}", files=files, segment=segment)
    return made[0]


@pytest.mark.parametrize("size", ["caribbean", "large_conference"])
def test_query_count_is_constant(organiser_client, make_document, size, request):
    conference = request.getfixturevalue(size)
    counts = {}
    for count in (1, 10):
        first = add_documents(conference, make_document, count)
        for page, (address, _queries) in PAGES.items():
            with CaptureQueriesContext(connection) as queries:
                response = organiser_client.get(address.format(slug=conference.slug, pk=first.pk))
            assert response.status_code == 200, page
            counts[page, count] = len(queries)
    assert counts == {(page, count): queries for page, (_a, queries) in PAGES.items() for count in (1, 10)}
