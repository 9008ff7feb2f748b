"""The participants' forms about groups: find my group, and partners choosing theirs. The pages that show the
groups' breakouts (with their rapporteurs and reports) are composed in groups/reports/public_views.py."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView

from conference.views import ConferenceMixin

from . import services
from .forms import FindGroupForm, PartnerSignupForm


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
