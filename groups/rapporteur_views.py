"""The rapporteur's pages, reached through the private link of their nomination: no account, no password.

Unknown links are counted per client address; after too many, every link answers "too many attempts" for a while,
so that guessing links is slow (on top of the keys being 256 random bits).
"""

import functools

from django.contrib import messages
from django.core.cache import cache
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import services
from .forms import ReportForm, fields_of
from .models import LinkState, RapporteurNomination, RapporteurReport

MISS_LIMIT = 20
MISS_WINDOW_SECONDS = 10 * 60


def client_address(request):
    """The client's IP address as the server sees it. Behind a proxy, configure it to set REMOTE_ADDR."""
    return request.META.get("REMOTE_ADDR", "")


def miss_key(request):
    return f"rapporteur-link-misses:{client_address(request)}"


def too_many_misses(request):
    return cache.get(miss_key(request), 0) >= MISS_LIMIT


def count_miss(request):
    """Count one unknown link for this client; the count is forgotten MISS_WINDOW_SECONDS after the first."""
    key = miss_key(request)
    cache.add(key, 0, MISS_WINDOW_SECONDS)
    try:
        cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, MISS_WINDOW_SECONDS)


LINK_PROBLEMS = {
    "limited": (
        429,
        gettext_lazy("Too many attempts"),
        gettext_lazy(
            "Too many unknown report links were opened from this network. Wait ten minutes, then open your link "
            "again. If it still does not work, ask the organisers for a new one."
        ),
    ),
    "unknown": (
        404,
        gettext_lazy("This link is not known"),
        gettext_lazy(
            "This report link does not exist. Check that you copied all of it, or scan the QR code again. "
            "The organisers can show you your link."
        ),
    ),
    LinkState.REVOKED: (
        410,
        gettext_lazy("This link was withdrawn"),
        gettext_lazy(
            "The organisers have withdrawn this report link, so it no longer opens the report. If you are still "
            "the rapporteur, ask them for a new link."
        ),
    ),
    LinkState.EXPIRED: (
        410,
        gettext_lazy("This link has expired"),
        gettext_lazy(
            "The conference is over, so this report link no longer opens the report. Ask the organisers if "
            "something must still be changed."
        ),
    ),
}


def link_problem(request, problem):
    status, title, explanation = LINK_PROBLEMS[problem]
    response = render(
        request, "groups/rapporteur/link_problem.html", {"title": title, "explanation": explanation}, status=status
    )
    if status == 429:
        response["Retry-After"] = str(MISS_WINDOW_SECONDS)
    return response


def private(response):
    """Headers for pages whose address is a secret: not indexed, and the address not sent on to other sites."""
    response["X-Robots-Tag"] = "noindex, nofollow"
    # same-origin, not no-referrer: with no-referrer Chromium posts forms with "Origin: null", which Django's CSRF
    # check rightly refuses. Links to other sites still carry no referrer, so the address stays private.
    response["Referrer-Policy"] = "same-origin"
    return response


def rapporteur_link_required(view):
    """Turn the URL's `token` into the active nomination it belongs to, or answer with a clear page why not."""

    @functools.wraps(view)
    def wrapper(request, token, **kwargs):
        if too_many_misses(request):
            return private(link_problem(request, "limited"))
        nomination = (
            RapporteurNomination.objects.select_related(
                "participant__country", "breakout__session__conference", "breakout__group"
            )
            .filter(token=token)
            .first()
        )
        if nomination is None:
            count_miss(request)
            return private(link_problem(request, "unknown"))
        state = nomination.link_state()
        if state != LinkState.ACTIVE:
            return private(link_problem(request, state))
        return private(view(request, nomination, **kwargs))

    return never_cache(wrapper)


def load_report(breakout):
    """The breakout's report with its questions and answers (created as an empty draft if needed)."""
    services.report_for(breakout)
    return RapporteurReport.objects.with_content().get(breakout=breakout)


def edit_report(request, *, report, by, template_name, context):
    """Show the report form, or save what was posted: the same steps for the rapporteur and for organisers.

    Nothing typed is lost: invalid input comes back as typed; a save refused because someone else saved first comes
    back with the saved version beside each field (status 409) and the form rebased on it, ready to merge.
    """
    status, theirs, conflict = 200, None, None
    if request.method == "POST":
        submit = request.POST.get("action") == "submit" and isinstance(by, RapporteurNomination)
        form = ReportForm(request.POST, report=report)
        if form.is_valid() and (not submit or form.require_conclusions()):
            try:
                saved = services.save_report(
                    report=report,
                    data=form.report_data(),
                    base_version=form.cleaned_data["base_version"],
                    by=by,
                    submit=submit,
                )
            except services.ReportConflict as error:
                conflict = error.current
                data = request.POST.copy()
                data["base_version"] = str(conflict.version)
                form = ReportForm(data, report=conflict)
                theirs, status = fields_of(conflict), 409
            except services.ReportLocked as error:
                report, status = error.current, 409
                context["locked_after_post"] = True
            else:
                now = time_format(timezone.localtime(saved.updated_at), "TIME_FORMAT")
                if submit:
                    messages.success(request, _("Report submitted at %(time)s. Thank you!") % {"time": now})
                elif saved.version == form.cleaned_data["base_version"]:
                    messages.info(request, _("Nothing changed since the last save."))
                elif isinstance(by, RapporteurNomination):
                    messages.success(request, _("Draft saved at %(time)s.") % {"time": now})
                else:
                    messages.success(request, _("Changes saved at %(time)s.") % {"time": now})
                return redirect(request.path)
    else:
        form = ReportForm(report=report)
    context.update(
        report=report,
        form=form,
        rows=form.rows(theirs),
        conflict=conflict,
        conflict_revision=conflict.revisions.first() if conflict else None,
    )
    return render(request, template_name, context, status=status)


@rapporteur_link_required
def report_view(request, nomination):
    """The rapporteur's page: the breakout's topic and questions, and the form to write and submit the summary."""
    report = load_report(nomination.breakout)
    context = {
        "nomination": nomination,
        "breakout": nomination.breakout,
        "conference": nomination.breakout.session.conference,
        "is_rapporteur": True,
        "autosave_url": reverse("rapporteur:autosave", kwargs={"token": nomination.token}),
    }
    if report.is_published and request.method != "POST":
        return render(request, "groups/rapporteur/report_form.html", {**context, "report": report})
    return edit_report(
        request, report=report, by=nomination, template_name="groups/rapporteur/report_form.html", context=context
    )


@require_POST
@rapporteur_link_required
def autosave_view(request, nomination):
    """Save a draft sent by the page's script; answers JSON with the new version, or why it was not saved."""
    report = load_report(nomination.breakout)
    form = ReportForm(request.POST, report=report)
    if not form.is_valid():
        errors = {name: [str(message) for message in messages_] for name, messages_ in form.errors.items()}
        return JsonResponse(
            {"status": "invalid", "message": _("Not saved: see the messages under the fields."), "errors": errors},
            status=400,
        )
    try:
        saved = services.save_report(
            report=report, data=form.report_data(), base_version=form.cleaned_data["base_version"], by=nomination
        )
    except services.ReportConflict as error:
        return JsonResponse(
            {
                "status": "conflict",
                "version": error.current.version,
                "message": _(
                    "Someone else saved this report in the meantime, so your changes were not saved automatically. "
                    "They are kept in this browser. Press “Save draft” to see both versions and merge them."
                ),
            },
            status=409,
        )
    except services.ReportLocked:
        return JsonResponse(
            {
                "status": "published",
                "message": _(
                    "The organisers have published this report, so it can no longer be changed here. Your text is kept "
                    "in this browser: copy it and send it to the organisers."
                ),
            },
            status=409,
        )
    saved_at = time_format(timezone.localtime(saved.updated_at), "TIME_FORMAT")
    return JsonResponse(
        {
            "status": "saved",
            "version": saved.version,
            "report_status": saved.status,
            "message": _("Draft saved automatically at %(time)s.") % {"time": saved_at},
        }
    )
