"""The public pages that show breakouts: a session with every group's, a group with each session's, one group's
question sheet, and a thematic area across sessions. Each breakout comes with its rapporteur and its published
report, which is why these pages are composed here, where sessions, groups and reports are all known."""

from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView

from conference.cache import valid_until
from conference.views import ConferenceMixin, countries_by_name
from groups.models import BreakoutGroup, GroupCountry, GroupPartner
from sessions import programme

from .models import ReportedBreakout


class BreakoutPageMixin(ConferenceMixin):
    def breakouts(self):
        """What every public page shows of a breakout, in a fixed number of queries."""
        return ReportedBreakout.objects.for_display().with_rapporteur().with_published_report()


class SessionDetailView(BreakoutPageMixin, DetailView):
    """A session: when and where, its thematic areas, timeline, and every group's topic, room, questions,
    rapporteur and report."""

    template_name = "sessions/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        # Each breakout's session is this one, with its segments: the breakouts' times come from them.
        sessions = (
            self.conference.sessions.with_timeline()
            .with_panellists()
            .prefetch_related(
                Prefetch("breakouts", queryset=self.breakouts().order_by("group__number"), to_attr="breakout_list")
            )
        )
        return get_object_or_404(sessions, number=self.kwargs["number"])


class GroupDetailView(BreakoutPageMixin, DetailView):
    """A group: what is on now for it, its countries (the one Find my group came for highlighted) and partners,
    and for each session when and where it meets, its topic, questions, rapporteur and report; and its calendar."""

    template_name = "groups/group_detail.html"
    context_object_name = "group"

    def get_object(self, queryset=None):
        groups = BreakoutGroup.objects.prefetch_related(
            Prefetch("country_places", queryset=GroupCountry.objects.select_related("country")),
            Prefetch(
                "partner_places",
                queryset=GroupPartner.objects.confirmed()
                .select_related("participant__organisation")
                .order_by("participant__full_name"),
            ),
            Prefetch("breakouts", queryset=self.breakouts().order_by("session__number"), to_attr="breakout_list"),
        )
        return get_object_or_404(groups, conference=self.conference, number=self.kwargs["number"])

    def get(self, request, *args, **kwargs):
        self.object = group = self.get_object()
        countries = countries_by_name(place.country for place in group.country_places.all())
        found = request.GET.get("country", "")
        if found and found not in {country.code.code for country in countries}:
            # Not one of this group's countries: the plain page (a redirect is never stored in the page cache, so
            # made-up values cannot fill it).
            return redirect(request.path)
        sessions = list(self.conference.sessions.select_related("room").prefetch_related("segments", "thematic_areas"))
        by_session = {session.pk: session for session in sessions}
        for breakout in group.breakout_list:
            breakout.session = by_session[breakout.session_id]
        breakouts = {breakout.session_id: breakout for breakout in group.breakout_list}
        now_and_next = programme.now_and_next(self.conference, sessions)
        context = self.get_context_data(
            object=group,
            countries=countries,
            found=next((country for country in countries if country.code.code == found), None),
            entries=[(session, breakouts.get(session.pk)) for session in sessions],
            now_and_next=now_and_next,
            group_breakouts=breakouts,
            calendar_ready=any(session.starts_at for session in sessions),
        )
        return valid_until(self.render_to_response(context), now_and_next.valid_until)


class BreakoutDetailView(BreakoutPageMixin, DetailView):
    """One group's question sheet for one session: when and where, the questions, room for notes; printable on one
    A4 page."""

    template_name = "groups/breakout_detail.html"
    context_object_name = "breakout"

    def get_object(self, queryset=None):
        return get_object_or_404(
            self.breakouts().with_session().prefetch_related("group__countries", "session__segments"),
            session__conference=self.conference,
            group__number=self.kwargs["number"],
            session__number=self.kwargs["session"],
        )

    def get_context_data(self, **kwargs):
        countries = countries_by_name(self.object.group.countries.all())
        return super().get_context_data(countries=countries, **kwargs)


class ThematicAreaView(BreakoutPageMixin, DetailView):
    """Every breakout topic and question under a thematic area (and its sub-areas), across sessions."""

    template_name = "groups/thematic_area.html"
    context_object_name = "area"

    def get_object(self, queryset=None):
        """The area, with its parent and its sub-areas (`sub_areas_list`, in order) from the one query of the
        conference's areas, and its sessions."""
        code = self.kwargs["code"]  # a slug (see group_urls)
        area = next((area for area in self.linked_thematic_areas() if area.code == code), None)
        if area is None:
            raise Http404("No such thematic area.")
        prefetch_related_objects([area], "sessions")
        return area

    def get_context_data(self, **kwargs):
        area = self.object
        breakouts = (
            self.breakouts()
            .with_session()
            .prefetch_related("session__segments")
            .filter(session__conference=self.conference)
            .covering([area, *area.sub_areas_list])
            .order_by("session__number", "group__number")
        )
        return super().get_context_data(breakouts=breakouts, **kwargs)
