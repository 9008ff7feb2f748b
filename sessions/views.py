from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from conference.views import ConferenceMixin

from .models import Session


class SessionDetailView(ConferenceMixin, DetailView):
    """A session: its thematic areas, timeline, and every group's topic, questions, rapporteur and report."""

    template_name = "sessions/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Session.objects.with_programme(), conference=self.conference, number=self.kwargs["number"]
        )
