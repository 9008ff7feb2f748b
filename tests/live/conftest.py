import pytest

from conference.models import Country, Organisation, Participant
from groups.live import services
from groups.live.models import AudienceQuestion, NotesLink, QuestionStatus
from groups.models import Breakout
from sessions.models import Contribution, SegmentKind, Session

QUESTIONS = "/caribbean/sessions/1/questions/"
UPDATES = QUESTIONS + "updates/"
VOTE = QUESTIONS + "vote/"
SCREEN = QUESTIONS + "screen/"
# Group 1's notes in session 1, through its private link (made with this key by the `breakout_1_1` fixture).
NOTES_KEY = "notes-key-of-group-1-in-session-1"
NOTES = f"/notes/{NOTES_KEY}/"


@pytest.fixture
def session_1(caribbean):
    """Session 1 of the document, its two presentations given by two contributors."""
    session = Session.objects.select_related("conference").get(conference=caribbean, number=1)
    jamaica = Country.objects.get(conference=caribbean, code="JM")
    agency = Organisation.objects.create(conference=caribbean, name="Statistics agency")
    people = [
        Participant.objects.create(conference=caribbean, full_name="Cara Contributor", country=jamaica),
        Participant.objects.create(conference=caribbean, full_name="Pat Presenter", organisation=agency),
    ]
    for segment, person in zip(session.segments.filter(kind=SegmentKind.PRESENTATION), people, strict=True):
        Contribution.objects.create(segment=segment, participant=person)
    return session


@pytest.fixture
def questions_segment(session_1):
    return session_1.segments.get(kind=SegmentKind.QUESTIONS)


@pytest.fixture
def open_session(session_1, questions_segment):
    """Session 1 open for questions during its questions for clarification (approval needed, the default)."""
    services.open_asking(session=session_1, segment=questions_segment)
    return session_1


@pytest.fixture
def unmoderated(open_session):
    """Session 1 open for questions, shown without approval."""
    services.live_session(open_session).__class__.objects.filter(session=open_session).update(needs_approval=False)
    return open_session


@pytest.fixture
def facilitator(session_1):
    return Participant.objects.create(
        conference=session_1.conference,
        full_name="Fay Facilitator",
        country=Country.objects.get(conference=session_1.conference, code="BB"),
    )


@pytest.fixture
def nomination(session_1, facilitator):
    return services.nominate_facilitator(session=session_1, participant=facilitator)


@pytest.fixture
def moderate_url(nomination):
    return f"/moderate/{nomination.token}/"


@pytest.fixture
def breakout_1_1(caribbean):
    """Group 1's breakout in session 1, with its notes link at NOTES."""
    breakout = Breakout.objects.select_related("session", "group").get(session__number=1, group__number=1)
    NotesLink.objects.create(breakout=breakout, token=NOTES_KEY)
    return breakout


@pytest.fixture
def phone(client, session_1):
    """A participant's phone that has opened the questions page: it holds its device cookie and CSRF cookie."""
    assert client.get(QUESTIONS).status_code == 200
    return client


def make_questions(session, count, *, status=QuestionStatus.APPROVED, votes=0, prefix="Question"):
    """`count` questions in the session, each with `votes` votes from different devices."""
    questions = AudienceQuestion.objects.bulk_create(
        AudienceQuestion(session=session, text=f"{prefix} {n}?", status=status, device=f"{n:032x}")
        for n in range(count)
    )
    from groups.live.models import Vote

    Vote.objects.bulk_create(
        Vote(question=question, device=f"{question.pk:016x}{v:016x}") for question in questions for v in range(votes)
    )
    return questions
