"""The facilitator's page, reached through the private link of their nomination (/moderate/<key>/): no account.

From a phone or a laptop, the facilitator opens and closes the questions, approves (one or all), hides, marks
answered and picks the question being answered, which the screen shows large. When one network address casts more
than half of a question's votes, the page says so and offers to discount them (never showing the address). A valid
link always opens; unknown links are counted per client address, as the rapporteurs' are (conference.links.find_link).
"""

import functools

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import condition

from conference import links
from conference.links import LinkState
from conference.models import Conference, ContentVersion

from . import services
from .forms import ModerationAction, ModerationForm
from .models import ASKING_KINDS, AudienceQuestion, FacilitatorNomination, LiveSession, QuestionStatus
from .views import SCREEN_REFRESH_MS, asking_times, live_of, load_session, qr_svg, with_labels

LINK_PROBLEMS = {
    "limited": (
        429,
        gettext_lazy("Too many attempts"),
        gettext_lazy(
            "Too many unknown facilitator links were opened from this network. Check that you copied all of your link, "
            "or scan its QR code again; if it still does not work, ask the organisers. A correct link always opens."
        ),
    ),
    "unknown": (
        404,
        gettext_lazy("This link is not known"),
        gettext_lazy(
            "This facilitator link does not exist. Check that you copied all of it, or scan the QR code again. "
            "The organisers can show you your link."
        ),
    ),
    LinkState.REVOKED: (
        410,
        gettext_lazy("This link was withdrawn"),
        gettext_lazy(
            "The organisers have withdrawn this facilitator link. If you still facilitate the session, ask them for "
            "a new link."
        ),
    ),
    LinkState.EXPIRED: (
        410,
        gettext_lazy("This link has expired"),
        gettext_lazy("The conference is over, so this facilitator link no longer opens the session’s questions."),
    ),
}


def link_problem(request, problem):
    status, title, explanation = LINK_PROBLEMS[problem]
    context = {"title": title, "explanation": explanation, "conference": Conference.objects.sole()}
    response = render(request, "live/link_problem.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(links.MISS_WINDOW_SECONDS)
    return response


def private(response):
    """Headers for pages whose address is a secret: not indexed, the address not sent on to other sites."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response


def facilitator_link_required(view):
    """Turn the URL's `token` into its active nomination, or answer with a page saying why not (404, 410, 429 for
    unknown links only)."""

    @functools.wraps(view)
    def wrapper(request, token):
        nominations = FacilitatorNomination.objects.select_related("participant", "session__conference")
        nomination, problem = links.find_link(request, nominations, token)
        if problem:
            return private(link_problem(request, problem))
        return private(view(request, nomination))

    return never_cache(wrapper)


def moderation_etag(request, nomination):
    version = (
        LiveSession.objects.filter(session_id=nomination.session_id)
        .values_list("moderation_version", flat=True)
        .first()
    )
    return f"m{nomination.pk}.{version or 0}.{ContentVersion.current()}"


def board(session):
    """The session's questions for the facilitator: waiting (oldest first), shown (by votes), answered, hidden."""
    questions = AudienceQuestion.objects.filter(session=session).with_votes().with_vote_origins().by_votes()
    questions = with_labels(list(questions))
    by_status = {status: [] for status in QuestionStatus.values}
    for question in questions:
        by_status[question.status].append(question)
    by_status[QuestionStatus.PENDING].sort(key=lambda question: (question.created_at, question.pk))
    return by_status


def act(session, form):
    """Carry out one of the facilitator's buttons; returns the message saying what happened."""
    action, question = form.cleaned_data["action"], form.cleaned_data.get("question")
    if action == ModerationAction.OPEN_ASKING:
        segment = form.cleaned_data["segment"]
        services.open_asking(session=session, segment=segment)
        return _("Questions are open during “%(segment)s”.") % {"segment": segment.display_title}
    if action == ModerationAction.CLOSE_ASKING:
        services.close_asking(session=session)
        return _("Questions are closed. The list stays on the phones and the screen.")
    if action == ModerationAction.APPROVE_ALL:
        count = services.approve_all(session=session)
        return ngettext("%(count)d question approved.", "%(count)d questions approved.", count) % {"count": count}
    if action == ModerationAction.UNPIN:
        services.unpin(session=session)
        return _("No question is being answered now.")
    if action == ModerationAction.OPEN_NOTES:
        services.set_notes_open(session=session, is_open=True)
        return _("The groups can add points to their breakout notes.")
    if action == ModerationAction.CLOSE_NOTES:
        services.set_notes_open(session=session, is_open=False)
        return _("The breakout notes are closed: the groups’ points stay as they are.")
    questions = AudienceQuestion.objects.filter(pk=question.pk)
    if action == ModerationAction.APPROVE:
        services.approve(questions=questions)
        return _("Approved: it shows on the phones and the screen.")
    if action == ModerationAction.HIDE:
        services.hide(questions=questions)
        return _("Hidden: it no longer shows. The organisers still see it.")
    if action == ModerationAction.ANSWERED:
        services.mark_answered(question=question)
        return _("Marked answered.")
    if action == ModerationAction.DISCOUNT:
        count = services.discount_top_address(question=question)
        return ngettext(
            "%(count)d vote from one network no longer counts.",
            "%(count)d votes from one network no longer count.",
            count,
        ) % {"count": count}
    if action == ModerationAction.COUNT_AGAIN:
        count = services.count_discounted_again(question=question)
        return ngettext("%(count)d vote counts again.", "%(count)d votes count again.", count) % {"count": count}
    services.pin(question=question)
    return _("Being answered now: it shows large on the screen.")


@facilitator_link_required
@condition(etag_func=moderation_etag)
def moderate_view(request, nomination):
    """The facilitator's page: the session's questions with the buttons to moderate them; refreshes itself."""
    session = load_session(nomination.session.conference.slug, nomination.session.number)
    segments = session.segments.filter(kind__in=ASKING_KINDS)
    status = 200
    if request.method == "POST":
        form = ModerationForm(request.POST, session=session, segments=segments)
        if form.is_valid():
            messages.success(request, act(session, form))
            return redirect(request.path)
        status = 400
        for error in form.errors.values():
            for message in error:
                messages.error(request, message)
    slug, number = session.conference.slug, session.number
    questions_url = request.build_absolute_uri(reverse("live:questions", kwargs={"conference": slug, "number": number}))
    context = {
        "conference": session.conference,
        "session": session,
        "nomination": nomination,
        "live": live_of(session),
        "board": board(session),
        "asking_times": asking_times(session),
        "questions_url": questions_url,
        "questions_qr": qr_svg(questions_url),
        "screen_url": reverse("live:screen", kwargs={"conference": slug, "number": number}),
        "actions": ModerationAction,
        "refresh_ms": SCREEN_REFRESH_MS,
    }
    return render(request, "live/moderate.html", context, status=status)
