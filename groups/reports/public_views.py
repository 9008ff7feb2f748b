"""The public pages that show breakouts: a session with every group's, a group with each session's, one group's
question sheet, and a thematic area across sessions. Each breakout comes with its rapporteur and its published
report, which is why these pages are composed here, where sessions, groups and reports are all known."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView

from conference.models import ThematicArea
from conference.views import ConferenceMixin
from groups.models import BreakoutGroup, GroupCountry, GroupPartner
from sessions.models import Session

from .models import ReportedBreakout


class BreakoutPageMixin(ConferenceMixin):
    def breakouts(self):
        """What every public page shows of a breakout, in a fixed number of queries."""
        return ReportedBreakout.objects.for_display().with_rapporteur().with_published_report()


class SessionDetailView(BreakoutPageMixin, DetailView):
    """A session: its thematic areas, timeline, and every group's topic, questions, rapporteur and report."""

    template_name = "sessions/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        sessions = Session.objects.with_programme().prefetch_related(
            Prefetch("breakouts", queryset=self.breakouts().order_by("group__number"), to_attr="breakout_list")
        )
        return get_object_or_404(sessions, conference=self.conference, number=self.kwargs["number"])


class GroupDetailView(BreakoutPageMixin, DetailView):
    """A group: its countries and partners, and for each session its topic, questions, rapporteur and report."""

    template_name = "groups/group_detail.html"
    context_object_name = "group"

    def get_object(self, queryset=None):
        groups = BreakoutGroup.objects.prefetch_related(
            Prefetch(
                "country_places", queryset=GroupCountry.objects.select_related("country").order_by("country__name")
            ),
            Prefetch(
                "partner_places",
                queryset=GroupPartner.objects.confirmed()
                .select_related("participant__organisation")
                .order_by("participant__full_name"),
            ),
            Prefetch("breakouts", queryset=self.breakouts().order_by("session__number"), to_attr="breakout_list"),
        )
        return get_object_or_404(groups, conference=self.conference, number=self.kwargs["number"])


class BreakoutDetailView(BreakoutPageMixin, DetailView):
    """One group's question sheet for one session: printable on one A4 page."""

    template_name = "groups/breakout_detail.html"
    context_object_name = "breakout"

    def get_object(self, queryset=None):
        return get_object_or_404(
            self.breakouts().prefetch_related("group__countries"),
            session__conference=self.conference,
            group__number=self.kwargs["number"],
            session__number=self.kwargs["session"],
        )


class ThematicAreaView(BreakoutPageMixin, DetailView):
    """Every breakout topic and question under a thematic area (and its sub-areas), across sessions."""

    template_name = "groups/thematic_area.html"
    context_object_name = "area"

    def get_object(self, queryset=None):
        code = self.kwargs["code"]  # a slug (see group_urls): no NUL or "/" reaches the query
        areas = ThematicArea.objects.select_related("parent").prefetch_related("sub_areas", "sessions")
        return get_object_or_404(areas, conference=self.conference, code=code)

    def get_context_data(self, **kwargs):
        area = self.object
        breakouts = (
            self.breakouts()
            .filter(session__conference=self.conference)
            .covering([area, *area.sub_areas.all()])
            .order_by("session__number", "group__number")
        )
        return super().get_context_data(breakouts=breakouts, **kwargs)
