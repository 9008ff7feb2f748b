from django.conf import settings
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.generic import DetailView, ListView, TemplateView

# The programme page shows the sessions by day: the sessions app computes the days and what is on now. A plain
# import (the page is the conference's home, and the one conference view that needs the programme's logic).
from sessions import programme
from sessions.exports import schedule_missing

from . import clock
from .cache import cache_public_page, valid_until
from .languages import sort_key
from .models import Conference


class HomeView(ListView):
    """The list of the site's conferences (when it holds more than one)."""

    model = Conference
    template_name = "conference/home.html"
    context_object_name = "conferences"


conference_list = cache_public_page(HomeView.as_view())


def home(request):
    """The site's front door, in the browser's language at / (a phone set to French goes to the French programme)
    and in the address's language under /fr/, /es/, /nl/: the programme itself when the site holds one conference,
    else the list. The language switcher's links are plain addresses, so a choice made there stays with the page."""
    language = translation.get_language()
    if translation.get_language_from_path(request.path_info) is None:
        language = translation.get_language_from_request(request)
    slugs = list(Conference.objects.values_list("slug", flat=True)[:2])
    with translation.override(language):
        if len(slugs) == 1:
            response = redirect(reverse("conference:programme", kwargs={"conference": slugs[0]}))
        elif language != translation.get_language_from_path(request.path_info) and language != settings.LANGUAGE_CODE:
            response = redirect(reverse("conference:home"))
        else:
            response = None
    if response is None:
        response = conference_list(request)
    patch_vary_headers(response, ["Accept-Language"])
    return response


class ConferenceMixin:
    """Looks the conference up from the URL once; pages below it reach it as `self.conference`. The page is
    rendered in the venue's time zone, so that every moment it shows is the venue's time (see conference.clock)."""

    def dispatch(self, request, *args, **kwargs):
        self.conference = get_object_or_404(Conference, slug=kwargs["conference"])
        with clock.venue_time(self.conference):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        return response

    def get_context_data(self, **kwargs):
        kwargs["conference"] = self.conference  # replaces the slug that TemplateView passes on from the URL
        return super().get_context_data(**kwargs)

    def linked_thematic_areas(self):
        """Every thematic area of the conference in order, from one query, each with its parent and its sub-areas
        (`sub_areas_list`, in order) taken from the same list."""
        areas = list(self.conference.thematic_areas.all())
        by_pk = {area.pk: area for area in areas}
        for area in areas:
            area.sub_areas_list = []
        for area in areas:
            if area.parent_id in by_pk:
                area.parent = by_pk[area.parent_id]
                area.parent.sub_areas_list.append(area)
        return areas

    def thematic_areas(self):
        """The conference's top-level areas in order, each with its sub-areas (`sub_areas_list`)."""
        return [area for area in self.linked_thematic_areas() if area.parent_id is None]


class ProgrammeView(ConferenceMixin, DetailView):
    """The programme (the conference's home page): when and where, what is on now and next, the sessions day by day
    with the breaks between them, themes, groups, find my group, and the calendars."""

    template_name = "conference/programme.html"

    def get_object(self, queryset=None):
        return self.conference

    def get_context_data(self, **kwargs):
        conference = self.conference
        sessions = list(conference.sessions.with_timeline())
        # Each country with the group it is in (a country is in one group at most), in the order of their names.
        countries = list(conference.countries.annotate(group_pk=F("group_places__group")))
        self.now_and_next = programme.now_and_next(conference, sessions)
        return super().get_context_data(
            thematic_areas=self.thematic_areas(),
            days=programme.days(sessions),
            now_and_next=self.now_and_next,
            calendar_ready=any(session.starts_at for session in sessions),
            schedule_ready=schedule_missing(conference) is None,
            groups=groups_with_countries(conference, countries),
            countries=countries_by_name(countries),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return valid_until(response, self.now_and_next.valid_until)


def groups_with_countries(conference, countries):
    """The conference's groups, each with its countries as `country_list`, from `countries` (annotated with their
    `group_pk`, in the order of their names) rather than a query of their own."""
    groups = list(conference.breakout_groups.all())
    members = {group.pk: [] for group in groups}
    for country in countries:
        if country.group_pk in members:
            members[country.group_pk].append(country)
    for group in groups:
        group.country_list = members[group.pk]
    return groups


def countries_by_name(countries):
    """The countries in the order of their names in the page's language."""
    return sorted(countries, key=lambda country: sort_key(country.display_name))


class ModalitiesView(ConferenceMixin, TemplateView):
    """How the sessions work: the modalities text that organisers edit."""

    template_name = "conference/modalities.html"


CEILING_SIZE = 2048
_CEILING_HEAD = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Ceiling</title></head><body>\n'
_CEILING_TAIL = "\n</body></html>\n"
CEILING_PAGE = (
    _CEILING_HEAD + "<p>" + "x" * (CEILING_SIZE - len(_CEILING_HEAD) - len(_CEILING_TAIL) - 7) + "</p>" + _CEILING_TAIL
).encode()


def benchmark_ceiling(request):
    """A fixed 2 KB page that touches no database: the fastest this server stack can answer (benchmarks/run).

    Routed only when DJANGO_BENCHMARK_CEILING is on; it goes through the same middleware as every page.
    """
    return HttpResponse(CEILING_PAGE)
