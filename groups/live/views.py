"""The participants' live pages: ask and vote, the projector screen, and a group's breakout notes.

Every page works without JavaScript (plain forms, reload to see what is new). With static/js/live.js, the lists
refresh themselves: the script asks again every few seconds with the ETag it was given, and the answer is "304 Not
Modified" (no body, one query) until something changed. The ETags are the session's counters in the database
(LiveSession), so any app server behind a load balancer answers the same.
"""

import hashlib
import json
import re
import time
from types import SimpleNamespace

import segno
from django.contrib import messages
from django.core.cache import cache
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.safestring import mark_safe
from django.utils.text import compress_string
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition, require_POST, require_safe

from conference import links
from conference.links import LinkState
from conference.models import Conference, ContentVersion, Participant
from groups.models import Breakout, Question
from sessions.models import Contribution, SegmentKind, Session

from . import limits, services
from .device import device_id, remember_device
from .forms import AskForm, PointForm, VoteForm, WithdrawPointForm
from .models import ASKING_KINDS, AudienceQuestion, BreakoutPoint, LiveSession, NotesLink, QuestionStatus, Vote
from .protocol import LivePostView, wants_json

# How often the pages' script asks for news, in milliseconds (the screen more often: it is one client per room).
PHONE_REFRESH_MS = 3000
SCREEN_REFRESH_MS = 2000
# A phone's page lists at most this many questions to answer (and answered), the most voted first; a link shows
# all, and the script shows all anyway. With hundreds of questions the page would take long to build and to load.
PAGE_QUESTIONS = 50
# The screen shows this many questions under the one being answered: what a projector shows readably.
SCREEN_QUESTIONS = 6
# The phones' list may be this many seconds behind the database (see questions_snapshot).
SNAPSHOT_SECONDS = 1.0
SNAPSHOT_CACHE_SECONDS = 120
OPEN_NOW = gettext_lazy("Open now: %(segment)s.")
POINT_HIDDEN = gettext_lazy(
    "The point is hidden: it no longer shows in the group’s notes, the rapporteur’s form or the outcome."
)


def live_of(session):
    """The session's live settings, or the defaults (not saved) while it has none. Use `select_related("live")`."""
    try:
        return session.live
    except LiveSession.DoesNotExist:
        return LiveSession(session=session)


def load_session(conference, number):
    """The session with its conference, live settings and segments, in two queries."""
    sessions = Session.objects.select_related("conference", "live__asking_segment").prefetch_related("segments")
    return get_object_or_404(sessions, conference__slug=conference, number=number)


def contributors(session):
    """The session's contributors, every one of each presentation, each once, by name: a queryset, read where the
    form shows or checks them."""
    presenting = Contribution.objects.filter(segment__session=session, segment__kind=SegmentKind.PRESENTATION)
    return Participant.objects.filter(pk__in=presenting.values("participant_id")).order_by("full_name", "pk")


def asking_times(session):
    """The session's questions and discussion segments with their clock times when the programme gives them."""
    return [segment for segment in session.timeline() if segment.kind in ASKING_KINDS]


# Ask and vote ------------------------------------------------------------------------------------------------------


def votes_label(count):
    return ngettext("%(count)s vote", "%(count)s votes", count) % {"count": count}


def vote_words():
    """The singular and plural of "n votes" with "%(count)s" left in, for the script (Intl.PluralRules picks one)."""
    return {
        "one": ngettext("%(count)s vote", "%(count)s votes", 1),
        "other": ngettext("%(count)s vote", "%(count)s votes", 2),
    }


def with_labels(questions):
    for question in questions:
        question.votes_label = votes_label(question.vote_count)
    return questions


def questions_context(request, session, device, form):
    live = live_of(session)
    everything = request.GET.get("all") == "1"
    shown = AudienceQuestion.objects.filter(session=session).with_votes().by_votes()
    open_questions = shown.filter(status=QuestionStatus.APPROVED)
    answered = shown.filter(status=QuestionStatus.ANSWERED)
    if not everything:  # one more than shown, to know whether there are more
        open_questions, answered = open_questions[: PAGE_QUESTIONS + 1], answered[: PAGE_QUESTIONS + 1]
    open_questions, answered = with_labels(list(open_questions)), with_labels(list(answered))
    more = not everything and (len(open_questions) > PAGE_QUESTIONS or len(answered) > PAGE_QUESTIONS)
    if more:
        open_questions, answered = open_questions[:PAGE_QUESTIONS], answered[:PAGE_QUESTIONS]
    questions = open_questions + answered
    voted = set(Vote.objects.filter(question__session=session, device=device).values_list("question_id", flat=True))
    waiting = list(
        AudienceQuestion.objects.filter(session=session, device=device, status=QuestionStatus.PENDING).order_by(
            "created_at"
        )
    )
    for question in questions:
        question.voted = question.pk in voted
    slug, number = session.conference.slug, session.number
    return {
        "conference": session.conference,
        "session": session,
        "live": live,
        "form": form,
        "open_questions": open_questions,
        "answered_questions": answered,
        "more": more,
        "waiting": waiting,
        "asking_times": asking_times(session),
        "voted_ids": ",".join(str(pk) for pk in sorted(voted)),
        "blank_question": SimpleNamespace(pk=0, text="", pinned=False, is_open=True, vote_count=0, voted=False),
        "vote_words": vote_words(),
        "open_now_pattern": OPEN_NOW,
        "open_now": OPEN_NOW % {"segment": live.asking_segment.display_title} if live.asking_is_open else "",
        "updates_url": reverse("live:updates", kwargs={"conference": slug, "number": number}),
        "vote_url": reverse("live:vote", kwargs={"conference": slug, "number": number}),
        "screen_url": reverse("live:screen", kwargs={"conference": slug, "number": number}),
        "refresh_ms": PHONE_REFRESH_MS,
    }


class QuestionsView(LivePostView):
    """A session's questions: send one (while the facilitator has opened asking) and vote for the ones to answer."""

    what = gettext_lazy("questions")
    closed = services.AskingClosed
    no_device_message = gettext_lazy(
        "Your browser did not send back the small file (cookie) that tells phones apart, so the question was not "
        "sent. Allow cookies for this site and send it again: it is kept below."
    )
    closed_message = gettext_lazy(
        "The facilitator has closed the questions, so yours was not sent. It is kept below: ask it aloud, or send it "
        "when the questions open again."
    )

    def setup(self, request, *args, **kwargs):
        self.session = load_session(kwargs["conference"], kwargs["number"])
        self.live = live_of(self.session)
        super().setup(request, *args, **kwargs)

    def rate_limits(self):
        return limits.ASK_PER_DEVICE, limits.ask_per_address(self.live)

    def get_form(self):
        return AskForm(self.request.POST, contributors=contributors(self.session))

    def act(self):
        data = self.form.cleaned_data
        question = services.ask(
            session=self.session,
            text=data["text"],
            asked_by=data["asked_by"],
            affiliation=data["affiliation"],
            addressee=data["addressee"],
            device=self.device,
        )
        if question.status == QuestionStatus.PENDING:
            messages.success(
                self.request, _("Thank you: your question is sent. It shows once the facilitator approves it.")
            )
        else:
            messages.success(self.request, _("Thank you: your question is sent and shows in the list."))
        return remember_device(self.request, redirect(self.request.path))

    def page(self, status=200):
        form = self.form if self.form is not None else AskForm(contributors=contributors(self.session))
        context = questions_context(self.request, self.session, self.device, form)
        return remember_device(self.request, render(self.request, "live/questions.html", context, status=status))


questions_view = never_cache(QuestionsView.as_view())


class VoteView(LivePostView):
    """One vote from this phone for a question. The script gets JSON; a plain form post goes back to the list."""

    what = gettext_lazy("votes")
    closed = services.NotOpenForVotes
    closed_status, closed_level = 409, messages.WARNING
    no_device_message = gettext_lazy(
        "Your browser did not send back the cookie that tells phones apart: allow cookies to vote."
    )
    closed_message = gettext_lazy("This question no longer takes votes.")
    gives_device = False
    http_method_names = ["post"]

    def rate_limits(self):
        return limits.VOTE_PER_DEVICE, limits.vote_per_address(self.live)

    def get_form(self):
        sessions = Session.objects.select_related("live")
        session = get_object_or_404(sessions, conference__slug=self.kwargs["conference"], number=self.kwargs["number"])
        self.live = live_of(session)
        return VoteForm(self.request.POST, session=session)

    def post(self, request, *args, **kwargs):
        self.form = self.get_form()
        self.target = self.form.cleaned_data["question"] if self.form.is_valid() else None
        if self.target is None:  # said before anything else, the cookie included
            return self.answer(400, "invalid", " ".join(self.form.errors.get("question", [])), messages.ERROR)
        return self.perform()

    def act(self):
        if services.vote(question=self.target, device=self.device, address=limits.address_hash(self.request)):
            return self.answer(200, "voted", _("Your vote is counted."), messages.SUCCESS)
        return self.answer(200, "already", _("You had already voted for this question."), messages.INFO)

    def refuse(self, status, kind, message, level=messages.ERROR):
        return self.answer(status, kind, message, level)

    def answer(self, status, kind, message, level):
        """JSON for the script, or the message on the list, at the question voted for."""
        if wants_json(self.request):
            votes = self.target.votes.filter(discounted=False).count() if self.target is not None else None
            return JsonResponse({"status": kind, "message": str(message), "votes": votes}, status=status)
        messages.add_message(self.request, level, message)
        kwargs = {"conference": self.kwargs["conference"], "number": self.kwargs["number"]}
        back = reverse("live:questions", kwargs=kwargs)
        return redirect(back + (f"#q{self.target.pk}" if self.target is not None else ""))


vote_view = require_POST(never_cache(VoteView.as_view()))


def session_state(request, conference, number):
    """(session id, live counters) for the conditional GETs, in one query; cached on the request for the view."""
    if not hasattr(request, "live_state"):
        row = (
            Session.objects.filter(conference__slug=conference, number=number)
            .values_list("pk", "live__questions_version", "live__moderation_version", "live__notes_version")
            .first()
        )
        if row is None:
            raise Http404
        request.live_state = SimpleNamespace(
            session_id=row[0], questions=row[1] or 0, moderation=row[2] or 0, notes=row[3] or 0
        )
    return request.live_state


def questions_payload(session_id):
    """What the phones' script shows, as JSON bytes: whether asking is open, and the shown and answered questions
    by votes. The same for every phone (each phone's own votes are in its page), so it is built once per change.
    Plain values, not model instances: with hundreds of questions, building instances cost most of the time."""
    live = LiveSession.objects.select_related("asking_segment").filter(session_id=session_id).first()
    rows = (
        AudienceQuestion.objects.filter(session_id=session_id)
        .visible()
        .with_votes()
        .by_votes()
        .values_list("pk", "text", "addressee__full_name", "asked_by", "affiliation", "vote_count", "pinned", "status")
    )
    floor = str(_("To the floor"))
    data = {
        "asking": bool(live and live.asking_is_open),
        "segment": live.asking_segment.display_title if live and live.asking_segment_id else "",
        "questions": [
            {
                "id": pk,
                "text": text,
                "to": _("To %(name)s") % {"name": addressee} if addressee else floor,
                "by": ", ".join(part for part in (asked_by, affiliation) if part),
                "votes": votes,
                "pinned": pinned,
                "answered": status == QuestionStatus.ANSWERED,
            }
            for pk, text, addressee, asked_by, affiliation, votes, pinned, status in rows
        ],
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def questions_snapshot(request, conference, number):
    """The phones' JSON and its ETag, checked against the database at most once a second per app server.

    Under load the session changes many times a second (every vote), and each phone asks every few seconds: building
    the list once per change and server process would cost more than everything else. So a built answer is served
    for up to SNAPSHOT_SECONDS without asking the database; after that one query says whether it is still current.
    The snapshot is a cache of the database (shared between servers when CACHE_URL is shared), never the only copy
    of anything: with several app servers, each answers at most SNAPSHOT_SECONDS behind the database.
    """
    language = get_language()
    key = "live:questions:" + hashlib.sha256(f"{conference}|{number}|{language}".encode()).hexdigest()
    snapshot = cache.get(key)
    now = time.time()
    if snapshot is not None and now - snapshot["checked_at"] < SNAPSHOT_SECONDS:
        return snapshot
    state = session_state(request, conference, number)
    etag = quote_etag(f"q{state.session_id}.{state.questions}.{language}")
    if snapshot is None or snapshot["etag"] != etag:
        body = questions_payload(state.session_id)
        snapshot = {"etag": etag, "body": body, "gzip": compress_string(body)}
    snapshot["checked_at"] = now
    cache.set(key, snapshot, SNAPSHOT_CACHE_SECONDS)
    return snapshot


@require_safe
@never_cache
def updates_view(request, conference, number):
    """The session's questions as JSON for the phones' script; "304 Not Modified" while nothing changed."""
    snapshot = questions_snapshot(request, conference, number)
    response = get_conditional_response(request, etag=snapshot["etag"])
    if response is None:
        # Compressed once per change (Django's GZipMiddleware would compress every answer again); the list holds
        # nothing secret, so compression cannot leak anything (BREACH).
        if "gzip" in request.headers.get("Accept-Encoding", ""):
            response = HttpResponse(snapshot["gzip"], content_type="application/json")
            response["Content-Encoding"] = "gzip"
        else:
            response = HttpResponse(snapshot["body"], content_type="application/json")
    response["ETag"] = snapshot["etag"]
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


# The screen --------------------------------------------------------------------------------------------------------


def screen_etag(request, conference, number):
    state = session_state(request, conference, number)
    return f"s{state.session_id}.{state.questions}.{ContentVersion.current()}.{get_language()}"


@require_safe
@never_cache
@condition(etag_func=screen_etag)
def screen_view(request, conference, number):
    """The projector screen: the question being answered, large, and the next ones by votes; refreshes itself."""
    session = load_session(conference, number)
    shown = AudienceQuestion.objects.filter(session=session, status=QuestionStatus.APPROVED)
    questions = with_labels(list(shown.with_votes().by_votes()[: SCREEN_QUESTIONS + 1]))
    pinned = questions[0] if questions and questions[0].pinned else None
    waiting = questions[1:] if pinned else questions
    count = shown.count() - (1 if pinned else 0)
    ask_url = request.build_absolute_uri(reverse("live:questions", kwargs={"conference": conference, "number": number}))
    context = {
        "conference": session.conference,
        "session": session,
        "live": live_of(session),
        "pinned": pinned,
        "next_questions": waiting[:SCREEN_QUESTIONS],
        "more": max(0, count - SCREEN_QUESTIONS),
        "ask_url": ask_url.split("://", 1)[-1],  # shorter to read from the back of the room
        "ask_url_parts": re.findall(r"[^/]*/|[^/]+$", ask_url.split("://", 1)[-1]),  # lines break after a "/"
        "ask_qr": qr_svg(ask_url),
        "refresh_ms": SCREEN_REFRESH_MS,
    }
    return render(request, "live/screen.html", context)


def qr_svg(url):
    """The address as an inline SVG QR code (segno), for the room to scan from the screen."""
    svg = segno.make(url, error="m").svg_inline(border=2, dark="#000", light="#fff", title=url, omitsize=True)
    return mark_safe(svg)  # noqa: S308 -- drawn by segno from our own address


# Breakout notes ----------------------------------------------------------------------------------------------------


def with_notes_links(request, breakouts):
    """Each breakout with `notes_url` (its notes' private link, absolute) and `notes_qr` (the link's QR code), for
    the room cards and the breakout screen: what the people in the room scan. Links are made where missing."""
    breakouts = list(breakouts)
    found = services.notes_links(breakouts=breakouts)
    for breakout in breakouts:
        breakout.notes_url = request.build_absolute_uri(
            reverse("live:notes", kwargs={"token": found[breakout.pk].token})
        )
        breakout.notes_qr = qr_svg(breakout.notes_url)
    return breakouts


def load_breakout(breakout_id):
    """The breakout with its session, group, live settings and questions with their visible points: three queries."""
    points = BreakoutPoint.objects.visible().order_by("created_at", "pk")
    questions = (
        Question.objects.open()
        .order_by("position")
        .prefetch_related(Prefetch("live_points", queryset=points, to_attr="points"))
    )
    breakouts = Breakout.objects.select_related("session__conference", "session__live", "group").prefetch_related(
        Prefetch("questions", queryset=questions, to_attr="question_list")
    )
    return breakouts.get(pk=breakout_id)


def notes_etag(request, link):
    session = link.breakout.session
    state = session_state(request, session.conference.slug, session.number)
    device = hashlib.sha256((device_id(request) or "").encode()).hexdigest()[:8]
    return f"n{state.session_id}.{state.notes}.{ContentVersion.current()}.{device}.{get_language()}"


class NotesView(LivePostView):
    """A group's breakout notes: its members add short points under each question from their phones and see each
    other's appear. Separate from the group's cached page, which does not change when a point is added."""

    what = gettext_lazy("points")
    closed = services.NotesClosed
    no_device_message = gettext_lazy(
        "Your browser did not send back the cookie that tells phones apart. Allow cookies and send again."
    )
    closed_message = gettext_lazy("The breakout notes are closed, so your point was not added. It is kept below.")

    def setup(self, request, *args, **kwargs):
        self.breakout = load_breakout(kwargs["link"].breakout_id)
        self.live = live_of(self.breakout.session)
        super().setup(request, *args, **kwargs)
        self.questions = Question.objects.open().filter(breakout=self.breakout)

    def post(self, request, *args, **kwargs):
        if "withdraw" in request.POST:
            return self.withdraw()
        return super().post(request, *args, **kwargs)

    def withdraw(self):
        """Take back one of this phone's points (no limit: it only removes)."""
        points = BreakoutPoint.objects.of_breakout(self.breakout).filter(device=self.device)
        form = WithdrawPointForm(self.request.POST, points=points)
        if form.is_valid():
            services.withdraw_point(point=form.cleaned_data["withdraw"], device=self.device)
            messages.success(self.request, _("Your point is withdrawn."))
        else:
            messages.error(self.request, _("Only the phone that added a point can withdraw it."))
        return remember_device(self.request, redirect(self.request.path))

    def rate_limits(self):
        return limits.POINT_PER_DEVICE, limits.POINT_PER_ADDRESS

    def get_form(self):
        return PointForm(self.request.POST, questions=self.questions)

    def act(self):
        question = self.form.cleaned_data["question"]
        services.add_point(
            question=question,
            text=self.form.cleaned_data["text"],
            author=self.form.cleaned_data["author"],
            device=self.device,
        )
        messages.success(self.request, _("Your point is added."))
        return remember_device(self.request, redirect(f"{self.request.path}#question-{question.pk}"))

    def page(self, status=200):
        """Each question with its points and a form to add one: the posted form under the question it was for (or
        apart, when it names none of them), an empty one under the others."""
        posted = self.form
        posted_question = posted.data.get("question") if posted is not None else None
        for question in self.breakout.question_list:
            bound = posted is not None and posted_question == str(question.pk)
            question.form = (
                posted
                if bound
                else PointForm(
                    questions=self.questions, initial={"question": question.pk}, auto_id=f"id_q{question.pk}_%s"
                )
            )
            if bound:
                posted.auto_id = f"id_q{question.pk}_%s"
            for point in question.points:
                point.mine = point.device == self.device
        context = {
            "conference": self.breakout.session.conference,
            "breakout": self.breakout,
            "live": self.live,
            "stray_form": posted
            if posted is not None and not any(q.form is posted for q in self.breakout.question_list)
            else None,
            "refresh_ms": PHONE_REFRESH_MS,
        }
        return remember_device(self.request, render(self.request, "live/notes.html", context, status=status))


notes_page = condition(etag_func=notes_etag)(NotesView.as_view())

NOTES_LINK_PROBLEMS = {
    "limited": (
        429,
        gettext_lazy("Too many attempts"),
        gettext_lazy(
            "Too many unknown links were opened from this network. Scan the code on your group’s table or on the "
            "screen again. A correct link always opens."
        ),
    ),
    "unknown": (
        404,
        gettext_lazy("This link is not known"),
        gettext_lazy(
            "This link to a group’s notes does not exist. Scan the code on your group’s table or on the screen again."
        ),
    ),
    LinkState.REVOKED: (
        410,
        gettext_lazy("This link was withdrawn"),
        gettext_lazy(
            "The organisers have replaced this link to the group’s notes. Scan the code on your group’s table or on "
            "the screen again."
        ),
    ),
    LinkState.EXPIRED: (
        410,
        gettext_lazy("This link has expired"),
        gettext_lazy("The conference is over, so this link no longer opens the group’s notes."),
    ),
}


def private(response):
    """Headers for pages whose address is a secret: not indexed, the address not sent on to other sites."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def link_problem(request, problems, problem):
    """The page that says why a private link does not open (`problems`: {problem: (status, title, explanation)})."""
    status, title, explanation = problems[problem]
    context = {"title": title, "explanation": explanation, "conference": Conference.objects.sole()}
    response = render(request, "live/link_problem.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(links.MISS_WINDOW_SECONDS)
    return private(response)


@never_cache
def notes_view(request, token):
    """A group's breakout notes, through the group's private link (/notes/<key>/): the people in the room scan it
    from their table's card or the screen. A valid key always opens; unknown keys are counted per client address,
    as every private link's are (conference.links.find_link)."""
    notes_links = NotesLink.objects.select_related("breakout__session__conference")
    link, problem = links.find_link(request, notes_links, token)
    if problem:
        return link_problem(request, NOTES_LINK_PROBLEMS, problem)
    return private(notes_page(request, link=link))
