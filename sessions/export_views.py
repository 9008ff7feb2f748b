"""The programme's exports for conference apps and calendars; sessions/exports.py builds them."""

import functools

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from conference.models import Conference

from . import exports
from .models import Session


def _programme(request, slug):
    """The conference, its sessions with everything the exports show, and the site's address."""
    conference = get_object_or_404(Conference, slug=slug)
    sessions = Session.objects.with_programme().filter(conference=conference).prefetch_related("breakouts__group")
    return conference, sessions, f"{request.scheme}://{request.get_host()}"


def not_yet(request, conference, explanation):
    """The answer of an export that cannot be written yet: 404, with a page that says why and what it waits for
    (never an empty or made-up document)."""
    context = {"conference": conference, "title": _("Not available yet"), "explanation": explanation}
    return render(request, "sessions/export_not_yet.html", context, status=404)


def _schedule_or_why(request, conference):
    missing = exports.schedule_missing(conference)
    if missing is None:
        return None
    return not_yet(
        request,
        conference,
        _(
            "The schedule for conference apps is published once the organisers have set %(missing)s: every time "
            "in it carries its offset from UTC, and its days are the conference’s days."
        )
        % {"missing": missing},
    )


def in_default_language(view):
    """The schedule for conference apps is one document per conference, in the site's default language: served at
    /<conference>/schedule.xml, and the same bytes under a language prefix (/fr/<conference>/schedule.xml), since
    its addresses are routed with every other page in i18n_patterns (see sessions/urls.py)."""

    @functools.wraps(view)
    def in_one_language(request, *args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return view(request, *args, **kwargs)

    return in_one_language


@require_safe
@in_default_language
def schedule_xml(request, conference):
    conference, sessions, base_url = _programme(request, conference)
    if (answer := _schedule_or_why(request, conference)) is not None:
        return answer
    content = exports.schedule_xml(conference, sessions, base_url=base_url)
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


@require_safe
@in_default_language
def schedule_json(request, conference):
    conference, sessions, base_url = _programme(request, conference)
    if (answer := _schedule_or_why(request, conference)) is not None:
        return answer
    return JsonResponse(exports.schedule_json(conference, sessions, base_url=base_url))


NO_TIMED_SESSION = gettext_lazy(
    "No session has its date and start time yet: the calendar is offered once the organisers have set them, and a "
    "subscribed calendar then fills in by itself."
)


def calendar_response(content, filename):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_safe
def calendar(request, conference):
    """The whole programme as an iCalendar feed, in the page's language."""
    conference, sessions, base_url = _programme(request, conference)
    sessions = list(sessions)
    if not exports.has_timed_session(sessions):
        return not_yet(request, conference, NO_TIMED_SESSION)
    content = exports.calendar(conference, sessions, base_url=base_url)
    return calendar_response(content, f"{conference.slug}.ics")
