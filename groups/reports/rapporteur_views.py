"""The rapporteur's pages, reached through the private link of their nomination: no account, no password.

A valid link is always served. Unknown links are counted per client address, past a limit sized for a venue where
hundreds of phones share one address, by the rule every private link follows (conference.links.find_link).
"""

import functools

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from conference import clock, links
from conference.links import LinkState
from conference.models import Conference
from groups.live import services as live_services
from groups.live.forms import HidePointForm
from groups.live.models import BreakoutPoint
from groups.live.protocol import wants_json
from groups.live.views import POINT_HIDDEN

from . import services
from .content import SECTIONS_BY_KEY, question_id_of
from .forms import ReportForm
from .models import RapporteurNomination, RapporteurReport

LINK_PROBLEMS = {
    "limited": (
        429,
        gettext_lazy("Too many attempts"),
        gettext_lazy(
            "Too many unknown report links were opened from this network. Check that you copied all of your link, "
            "or scan its QR code again; if it still does not work, ask the organisers. A correct link always opens."
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


def storage_scope(token):
    """The name under which the page's script keeps unsaved text in the browser (see report-autosave.js)."""
    return f"link:{token}"


def link_problem(request, problem, token):
    status, title, explanation = LINK_PROBLEMS[problem]
    context = {
        "title": title,
        "explanation": explanation,
        "storage_scope": storage_scope(token),
        "conference": Conference.objects.sole(),  # the site's header and a way to its programme
    }
    response = render(request, "reports/rapporteur/link_problem.html", context, status=status)
    if status == 429:
        response["Retry-After"] = str(links.MISS_WINDOW_SECONDS)
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
        nomination, problem = links.find_link(request, RapporteurNomination.objects.with_context(), token)
        if problem:
            return private(link_problem(request, problem, token))
        with clock.venue_time(nomination.breakout.session.conference):  # save times in the venue's time
            return private(view(request, nomination, **kwargs))

    return never_cache(wrapper)


def load_report(breakout):
    """The breakout's report with its questions and answers (created as an empty draft if needed)."""
    services.report_for(breakout)
    return RapporteurReport.objects.with_content().get(breakout=breakout)


def field_label(key, report):
    """How the page names a field in messages: "answer to question 2", "main conclusions"."""
    if key in SECTIONS_BY_KEY:
        return str(SECTIONS_BY_KEY[key].label).lower()
    question_id = question_id_of(key)
    positions = {question.pk: question.position for question in report.breakout.questions.all()}
    if question_id in positions:
        return _("answer to question %(position)s") % {"position": positions[question_id]}
    return _("answer to a question that was removed")


def field_list(keys, report):
    labels = [field_label(key, report) for key in keys]
    if len(labels) <= 1:
        return "".join(labels)
    return _("%(first)s and %(last)s") % {"first": ", ".join(labels[:-1]), "last": labels[-1]}


def who_saved(others, by):
    """Who made the other saves, from the writer's point of view: their own other device is not "someone else"."""
    names = []
    for revision in others:
        if isinstance(by, RapporteurNomination) and revision.nomination_id == by.pk:
            name = _("your other device or browser")
        elif not isinstance(by, RapporteurNomination) and by is not None and revision.user_id == by.pk:
            name = _("you, in another tab or window")
        else:
            name = revision.saved_by or _("someone else")
        if name not in names:
            names.append(name)
    if not names:  # the version the save was based on is not known (a damaged page): who saved since is not either
        return _("someone else")
    return (
        names[0]
        if len(names) == 1
        else _("%(first)s and %(last)s")
        % {
            "first": ", ".join(names[:-1]),
            "last": names[-1],
        }
    )


def local_time(moment):
    """A save's time of day in the venue's zone, with the zone named: "20:36 (Port of Spain time)"."""
    return clock.moment(moment, with_date=False)


def merged_message(result, by):
    return _("The %(fields)s had been changed by %(who)s in the meantime: that text is kept.") % {
        "fields": field_list(result.theirs, result.report),
        "who": who_saved(result.others, by),
    }


def edit_report(request, *, report, by, template_name, context):
    """Show the report form, or save what was posted: the same steps for the rapporteur and for organisers.

    Nothing typed is lost: invalid input comes back as typed; a save that meets another one is merged field by
    field, and a field both changed comes back with both texts side by side (status 409), the form rebased on the
    current version; text for a question removed since the page was served comes back to be copied.
    """
    page = functools.partial(report_form_page, request, template_name=template_name, context=context, by=by)
    if request.method != "POST":
        return page(report=report, form=ReportForm(report=report))
    submit = request.POST.get("action") == "submit" and isinstance(by, RapporteurNomination)
    form = ReportForm(request.POST, report=report)
    if not form.is_valid() or (submit and not form.require_conclusions()):
        return page(report=report, form=form)
    try:
        result = form.save(by=by, submit=submit)
    except services.ReportConflict as error:
        return page(report=error.current, form=rebased_form(request.POST, error), status=409, conflict=error)
    except services.QuestionsRemoved as error:
        form = ReportForm(request.POST, report=error.current)
        form.is_valid()
        return page(report=error.current, form=form, status=409, removed=error)
    except services.ReportLocked as error:
        context["locked_after_post"] = True
        return page(report=error.current, form=form, status=409)
    say_saved(request, result, by=by, submit=submit)
    # ?saved tells the page's script that its posted text reached the server (it may forget its copy).
    return HttpResponseRedirect(f"{request.path}?saved={result.report.version}")


def rebased_form(posted, conflict):
    """The posted form moved onto the current version after a conflict: the fields merged from the other save hold
    the merged text, the others what was typed; checked, so that the page shows what still needs a choice."""
    data = posted.copy()
    data.update({"base_version": str(conflict.current.version), "field_versions": ""})
    for key, text in conflict.merge.content.items():
        if key in data:
            data[key] = text
    form = ReportForm(data, report=conflict.current)
    form.is_valid()
    return form


def say_saved(request, result, *, by, submit):
    """The message after a save: submitted, saved, or nothing changed; and what another save changed meanwhile."""
    saved = result.report
    if submit:
        messages.success(
            request, _("Report submitted at %(time)s. Thank you!") % {"time": local_time(saved.updated_at)}
        )
    elif not result.changed:
        messages.info(request, _("Nothing changed since the last save."))
    elif isinstance(by, RapporteurNomination):
        messages.success(request, _("Draft saved at %(time)s.") % {"time": local_time(saved.updated_at)})
    else:
        messages.success(request, _("Changes saved at %(time)s.") % {"time": local_time(saved.updated_at)})
    if result.theirs:
        messages.info(request, merged_message(result, by))


def report_form_page(request, *, template_name, context, by, report, form, status=200, conflict=None, removed=None):
    """The report's form page: the questions' rows (with the breakout's notes), and after a refused save the
    conflict (which fields, merged from whom) or the text for removed questions."""
    conflicts = conflict.merge.conflicts if conflict else {}
    context.update(
        report=report,
        form=form,
        rows=form.rows(conflicts, points=BreakoutPoint.objects.by_question(report.breakout)),
        conflict=conflict,
        conflict_fields=field_list(list(conflicts), report) if conflict else "",
        conflict_merged=field_list(conflict.merge.theirs, report) if conflict else "",
        conflict_by=who_saved(conflict.others, by) if conflict else "",
        removed=[(field_label(key, report), text) for key, text in removed.texts.items()] if removed else [],
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
        "storage_scope": storage_scope(nomination.token),
        "autosave_url": reverse("reports:autosave", kwargs={"token": nomination.token}),
        "hide_point_url": reverse("reports:hide_point", kwargs={"token": nomination.token}),
    }
    if report.is_published and request.method != "POST":
        return render(request, "reports/rapporteur/report_form.html", {**context, "report": report})
    return edit_report(
        request, report=report, by=nomination, template_name="reports/rapporteur/report_form.html", context=context
    )


@require_POST
@rapporteur_link_required
def hide_point_view(request, nomination):
    """The rapporteur hides one of the group's points: it leaves the group's notes, this form and the outcome. The
    page's script gets JSON (the answers typed meanwhile stay in the form); a plain post goes back to the page."""
    form = HidePointForm(request.POST, points=BreakoutPoint.objects.visible().of_breakout(nomination.breakout))
    hidden = form.is_valid() and live_services.hide_points(
        points=BreakoutPoint.objects.filter(pk=form.cleaned_data["point"].pk)
    )
    message = POINT_HIDDEN if hidden else _("That point is already hidden, or is not one of your group’s.")
    if wants_json(request):
        return JsonResponse(
            {"status": "hidden" if hidden else "invalid", "message": str(message)}, status=200 if hidden else 400
        )
    messages.add_message(request, messages.SUCCESS if hidden else messages.ERROR, message)
    return HttpResponseRedirect(reverse("reports:report", kwargs={"token": nomination.token}))


def refused(status, message, **data):
    return JsonResponse({"status": status, "message": message, **data}, status=409)


@require_POST
@rapporteur_link_required
def autosave_view(request, nomination):
    """Save a draft sent by the page's script; answers JSON with the new version and the fields merged from another
    save, or why it was not saved (and which fields conflict)."""
    report = load_report(nomination.breakout)
    form = ReportForm(request.POST, report=report)
    if not form.is_valid():
        errors = {name: [str(message) for message in messages_] for name, messages_ in form.errors.items()}
        return JsonResponse(
            {"status": "invalid", "message": _("Not saved: see the messages under the fields."), "errors": errors},
            status=400,
        )
    try:
        result = form.save(by=nomination)
    except services.ReportConflict as error:
        return refused(
            "conflict",
            _(
                "Not saved: %(who)s changed the %(fields)s too. Your text is kept in this browser. Press “Save "
                "draft” to see both versions side by side and choose."
            )
            % {"who": who_saved(error.others, nomination), "fields": field_list(list(error.merge.conflicts), report)},
            version=error.current.version,
            conflicts=list(error.merge.conflicts),
            merged=list(error.merge.theirs),
        )
    except services.QuestionsRemoved as error:
        return refused(
            "question_removed",
            _(
                "Not saved: the organisers removed a question you wrote an answer to. Your text for it is shown "
                "below the form: copy what you need into another field, then reload the page."
            ),
            removed=dict(error.texts),
            labels={key: field_label(key, error.current) for key in error.texts},
        )
    except services.ReportLocked:
        return refused(
            "published",
            _(
                "The organisers have published this report, so it can no longer be changed here. Your text is kept "
                "in this browser: copy it and send it to the organisers."
            ),
        )
    saved = result.report
    message = _("Draft saved automatically at %(time)s.") % {"time": local_time(saved.updated_at)}
    if result.theirs:
        message = f"{message} {merged_message(result, nomination)}"
    return JsonResponse(
        {
            "status": "saved",
            "version": saved.version,
            "report_status": saved.status,
            "merged": {key: saved.content[key] for key in result.theirs},
            "message": message,
        }
    )
