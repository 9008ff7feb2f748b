"""The programme's exports for conference apps and calendars; sessions/exports.py builds them."""

from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from conference.models import Conference

from . import exports
from .models import Session


def _programme(request, slug):
    """The conference, its sessions with everything the exports show, and the site's address."""
    conference = get_object_or_404(Conference, slug=slug)
    sessions = Session.objects.with_programme().filter(conference=conference).prefetch_related("breakouts__group")
    return conference, sessions, f"{request.scheme}://{request.get_host()}"


@require_safe
def schedule_xml(request, conference):
    conference, sessions, base_url = _programme(request, conference)
    content = exports.schedule_xml(conference, sessions, base_url=base_url)
    return HttpResponse(content, content_type="application/xml; charset=utf-8")


@require_safe
def schedule_json(request, conference):
    conference, sessions, base_url = _programme(request, conference)
    return JsonResponse(exports.schedule_json(conference, sessions, base_url=base_url))


@require_safe
def calendar(request, conference):
    conference, sessions, base_url = _programme(request, conference)
    content = exports.calendar(conference, sessions, base_url=base_url)
    return HttpResponse(content, content_type="text/calendar; charset=utf-8")
