"""The base of every conference page, whichever app serves it (the pages themselves are in each app's views and
in groups/pages)."""

from django.shortcuts import get_object_or_404

from . import clock
from .models import Conference


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
