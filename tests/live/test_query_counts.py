"""Every live page runs a fixed number of queries, with a few questions, votes and points or with many."""

import pytest
from django.test import Client

from groups.live import services, views
from groups.live.models import BreakoutPoint, QuestionStatus

from .conftest import NOTES, QUESTIONS, SCREEN, UPDATES, make_questions

pytestmark = pytest.mark.django_db

# (address, queries): the address may name the facilitator's link. The pages in the site's layout read the
# conference's logos (one query), the updates and the screen do not.
PAGES = {
    "questions": (QUESTIONS, 8),
    "all questions": (QUESTIONS + "?all=1", 8),
    "updates (built)": (UPDATES, 3),
    "screen": (SCREEN, 6),
    "notes": (NOTES, 7),
    "moderate": ("/moderate/{token}/", 8),
}
SIZES = {"small": 2, "large": 3 * views.PAGE_QUESTIONS}


@pytest.fixture(params=sorted(SIZES))
def filled(request, open_session, breakout_1_1, nomination):
    """Session 1 with questions in every state, votes and the phone's own votes, and points under each question."""
    count = SIZES[request.param]
    shown = make_questions(open_session, count, votes=3)
    make_questions(open_session, count, status=QuestionStatus.ANSWERED, votes=1, prefix="Answered")
    make_questions(open_session, count, status=QuestionStatus.PENDING, prefix="Pending")
    make_questions(open_session, count, status=QuestionStatus.HIDDEN, prefix="Hidden")
    services.pin(question=shown[0])
    BreakoutPoint.objects.bulk_create(
        BreakoutPoint(question=question, text=f"Point {n}", device=f"{n:032x}")
        for question in breakout_1_1.questions.all()
        for n in range(count)
    )
    phone = Client()
    phone.get(QUESTIONS)
    phone.get(NOTES)
    for question in shown[:2]:
        phone.post(QUESTIONS + "vote/", {"question": question.pk})
    return phone, nomination


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_count_is_constant(filled, page, django_assert_num_queries):
    phone, nomination = filled
    address, queries = PAGES[page]
    with django_assert_num_queries(queries):
        response = phone.get(address.format(token=nomination.token))
    assert response.status_code == 200


@pytest.mark.parametrize(("address", "queries"), [(UPDATES, 1), (SCREEN, 2), (NOTES, 3)])
def test_nothing_new_costs_one_or_a_few_queries(filled, address, queries, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(views, "SNAPSHOT_SECONDS", 0)
    phone, _nomination = filled
    etag = phone.get(address)["ETag"]
    with django_assert_num_queries(queries):
        assert phone.get(address, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_fresh_snapshot_costs_no_query(filled, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(views, "SNAPSHOT_SECONDS", 60)  # however slow the machine, the second request is within it
    phone, _nomination = filled
    phone.get(UPDATES)
    with django_assert_num_queries(0):
        assert phone.get(UPDATES).status_code == 200
