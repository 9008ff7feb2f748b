"""What the reports app (the rapporteur's form and the outcome) reads from `live`: documented, and kept stable."""

import pytest
from django.template.loader import render_to_string
from lxml import html

from groups.live import services
from groups.live.models import AudienceQuestion, BreakoutPoint, QuestionStatus

pytestmark = pytest.mark.django_db


def test_a_breakouts_visible_points_by_question(breakout_1_1, caribbean, django_assert_num_queries):
    first, second = breakout_1_1.questions.order_by("position")
    kept = services.add_point(question=first, text="Open data portals", author="Ann", device="a" * 32)
    withdrawn = services.add_point(question=first, text="Withdrawn", device="b" * 32)
    services.withdraw_point(point=withdrawn, device="b" * 32)
    later = services.add_point(question=second, text="A regional strategy", device="c" * 32)
    other = caribbean.sessions.get(number=2).breakouts.get(group__number=1).questions.first()
    services.add_point(question=other, text="Another breakout", device="d" * 32)
    with django_assert_num_queries(1):
        points = BreakoutPoint.objects.by_question(breakout_1_1)
    assert points == {first.pk: [kept], second.pk: [later]}
    assert [point.markdown_item for point in points[first.pk]] == ["- Open data portals (Ann)"]


def test_the_points_beside_an_answer_offer_to_bring_each_one_in(breakout_1_1):
    question = breakout_1_1.questions.get(position=1)
    services.add_point(question=question, text='Data "portals" <b>now</b>', author="Ann", device="a" * 32)
    points = BreakoutPoint.objects.by_question(breakout_1_1)[question.pk]
    page = html.fromstring(render_to_string("live/_points.html", {"points": points, "target": "id_answer_7"}))
    [button] = page.xpath("//button")
    assert (button.get("data-insert-into"), button.get("data-insert-text")) == (
        "id_answer_7",
        '- Data "portals" <b>now</b> (Ann)',
    )
    assert page.xpath("//li/span[1]")[0].text == 'Data "portals" <b>now</b>'
    assert render_to_string("live/_points.html", {"points": [], "target": "x"}).strip() == ""


def test_the_answered_questions_of_sessions_for_the_outcome(
    open_session, caribbean, facilitator, django_assert_num_queries
):
    first = services.ask(session=open_session, text="First?", asked_by="Bob", affiliation="Jamaica")
    second = services.ask(session=open_session, text="Second?", addressee=facilitator)
    services.ask(session=open_session, text="Never answered?")
    services.approve_all(session=open_session)
    services.vote(question=second, device="a" * 32)
    services.mark_answered(question=second)
    services.mark_answered(question=first)
    with django_assert_num_queries(1):
        answered = list(AudienceQuestion.objects.for_appendix(caribbean.sessions.all()))
        rows = [
            (q.session.number, q.segment.display_title, q.text, q.sender, str(q.addressed_to), q.vote_count)
            for q in answered
        ]
    assert rows == [
        (1, "Questions for clarification", "First?", "Bob, Jamaica", "To the floor", 0),
        (1, "Questions for clarification", "Second?", "", "To Fay Facilitator", 1),
    ]
    assert list(AudienceQuestion.objects.answered().values_list("status", flat=True)) == [QuestionStatus.ANSWERED] * 2


def test_the_points_of_sessions_for_the_outcome(breakout_1_1, caribbean, django_assert_num_queries):
    second, first = breakout_1_1.questions.order_by("-position")
    services.add_point(question=second, text="B", device="a" * 32)
    services.add_point(question=first, text="A", device="a" * 32)
    group_2 = caribbean.sessions.get(number=1).breakouts.get(group__number=2).questions.first()
    services.add_point(question=group_2, text="C", device="a" * 32)
    with django_assert_num_queries(1):
        rows = [
            (p.question.breakout.group.number, p.question.position, p.text)
            for p in BreakoutPoint.objects.for_appendix(caribbean.sessions.filter(number=1))
        ]
    assert rows == [(1, 1, "A"), (1, 2, "B"), (2, 1, "C")]
