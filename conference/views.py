from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView, TemplateView

from .models import Conference, ThematicArea


class HomeView(ListView):
    """The site's front door: the programme itself when the site holds one conference, else the list."""

    model = Conference
    template_name = "conference/home.html"
    context_object_name = "conferences"

    def get(self, request, *args, **kwargs):
        slugs = list(Conference.objects.values_list("slug", flat=True)[:2])
        if len(slugs) == 1:
            return redirect("conference:programme", conference=slugs[0])
        return super().get(request, *args, **kwargs)


class ConferenceMixin:
    """Looks the conference up from the URL once; pages below it reach it as `self.conference`."""

    def dispatch(self, request, *args, **kwargs):
        self.conference = get_object_or_404(Conference, slug=kwargs["conference"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        kwargs["conference"] = self.conference  # replaces the slug that TemplateView passes on from the URL
        return super().get_context_data(**kwargs)

    def thematic_areas(self):
        """The conference's top-level areas, each with its sub-areas prefetched as `sub_areas_list`."""
        return self.conference.thematic_areas.filter(parent=None).prefetch_related(
            Prefetch("sub_areas", queryset=ThematicArea.objects.order_by("position"), to_attr="sub_areas_list")
        )


class ProgrammeView(ConferenceMixin, DetailView):
    """The programme (the conference's home page): when and where, themes, sessions, groups, find my group."""

    template_name = "conference/programme.html"

    def get_object(self, queryset=None):
        return self.conference

    def get_context_data(self, **kwargs):
        conference = self.conference
        return super().get_context_data(
            thematic_areas=self.thematic_areas(),
            sessions=conference.sessions.with_programme(),
            groups=conference.breakout_groups.prefetch_related("countries"),
            countries=conference.countries.order_by("name"),
            **kwargs,
        )


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
