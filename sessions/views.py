from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from conference.views import ConferenceMixin

from .models import Session


class SessionDetailView(ConferenceMixin, DetailView):
    """A session: its thematic areas, timeline, and every group's topic, questions, rapporteur and report."""

    template_name = "sessions/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        # The breakouts come through the reverse relation, so that `sessions` need not import `groups`.
        breakouts = Session.breakouts.rel.related_model.objects.for_display().order_by("group__number")
        sessions = Session.objects.with_programme().prefetch_related(
            Prefetch("breakouts", queryset=breakouts, to_attr="breakout_list")
        )
        return get_object_or_404(sessions, conference=self.conference, number=self.kwargs["number"])
