from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from conference.views import ConferenceMixin

from .models import BreakoutGroup


class GroupDetailView(ConferenceMixin, DetailView):
    """A group: its countries and partners, and for each session its topic, questions, rapporteur and report."""

    template_name = "groups/group_detail.html"
    context_object_name = "group"

    def get_object(self, queryset=None):
        return get_object_or_404(BreakoutGroup, conference=self.conference, number=self.kwargs["number"])
