from django.contrib import messages
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, FormView

from conference.models import ThematicArea
from conference.views import ConferenceMixin

from . import services
from .forms import FindGroupForm, PartnerSignupForm
from .models import Breakout, BreakoutGroup, GroupCountry, GroupPartner


class GroupDetailView(ConferenceMixin, DetailView):
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
                queryset=GroupPartner.objects.select_related("participant__organisation").order_by(
                    "participant__full_name"
                ),
            ),
            Prefetch(
                "breakouts",
                queryset=Breakout.objects.for_display().order_by("session__number"),
                to_attr="breakout_list",
            ),
        )
        return get_object_or_404(groups, conference=self.conference, number=self.kwargs["number"])


class BreakoutDetailView(ConferenceMixin, DetailView):
    """One group's question sheet for one session: printable on one A4 page."""

    template_name = "groups/breakout_detail.html"
    context_object_name = "breakout"

    def get_object(self, queryset=None):
        return get_object_or_404(
            Breakout.objects.for_display().prefetch_related("group__countries"),
            session__conference=self.conference,
            group__number=self.kwargs["number"],
            session__number=self.kwargs["session"],
        )


class ThematicAreaView(ConferenceMixin, DetailView):
    """Every breakout topic and question under a thematic area (and its sub-areas), across sessions."""

    template_name = "groups/thematic_area.html"
    context_object_name = "area"

    def get_object(self, queryset=None):
        code = self.kwargs["code"]
        if "\x00" in code:  # no code has one, and PostgreSQL refuses a query with it (an error, not "not found")
            raise Http404
        areas = ThematicArea.objects.select_related("parent").prefetch_related("sub_areas", "sessions")
        return get_object_or_404(areas, conference=self.conference, code=code)

    def get_context_data(self, **kwargs):
        area = self.object
        codes = [area, *area.sub_areas.all()]
        breakouts = (
            Breakout.objects.for_display()
            .filter(session__conference=self.conference)
            .covering(codes)
            .order_by("session__number", "group__number")
        )
        return super().get_context_data(breakouts=breakouts, **kwargs)


class FindGroupView(ConferenceMixin, FormView):
    """Find my group: by country, or by a partner's organisation or name. A plain GET form, no JavaScript."""

    template_name = "groups/find_group.html"
    form_class = FindGroupForm

    def get_form_kwargs(self):
        kwargs = {"conference": self.conference, "initial": self.get_initial(), "prefix": None}
        if self.request.GET:
            kwargs["data"] = self.request.GET
        return kwargs

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        if form.is_bound and form.is_valid():
            matches = form.matches()
            if len(matches) == 1:
                return redirect(self.group_url(matches[0]["group"]))
            return self.render_to_response(self.get_context_data(form=form, matches=matches, searched=True))
        return self.render_to_response(self.get_context_data(form=form))

    def group_url(self, group):
        return reverse("groups:detail", kwargs={"conference": self.conference.slug, "number": group.number})


class PartnerSignupView(ConferenceMixin, FormView):
    """Partner participants choose the group they join: name, organisation, email, group."""

    template_name = "groups/partner_signup.html"
    form_class = PartnerSignupForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "conference": self.conference, "groups": self.groups()}

    def groups(self):
        return self.conference.breakout_groups.annotate(
            country_count=Count("country_places", distinct=True),
            partner_count=Count("partner_places", distinct=True),
        )

    def get_context_data(self, **kwargs):
        organisations = self.conference.organisations.order_by("name").values_list("name", flat=True)
        return super().get_context_data(organisation_names=organisations, **kwargs)

    def form_valid(self, form):
        try:
            place = services.join_group(
                conference=self.conference,
                full_name=form.cleaned_data["full_name"],
                organisation_name=form.cleaned_data["organisation"],
                email=form.cleaned_data["email"],
                group=form.cleaned_data["group"],
            )
        except services.AlreadyRegistered:
            form.add_error("email", _("This email address is already registered for this conference."))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Thank you, %(name)s: you are in %(group)s.")
            % {"name": place.participant.full_name, "group": place.group},
        )
        return redirect("groups:detail", conference=self.conference.slug, number=place.group.number)
