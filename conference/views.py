from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from .models import Conference


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
        return super().get_context_data(conference=self.conference, **kwargs)


class ProgrammeView(ConferenceMixin, DetailView):
    template_name = "conference/programme.html"

    def get_object(self, queryset=None):
        return self.conference

    def get_context_data(self, **kwargs):
        conference = self.conference
        sessions = conference.sessions.with_programme()
        return super().get_context_data(
            thematic_areas=conference.thematic_areas.select_related("parent"),
            sessions=sessions,
            groups=conference.breakout_groups.prefetch_related("countries"),
            **kwargs,
        )
