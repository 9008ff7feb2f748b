"""The participants' forms about groups: find my group, and partners choosing theirs. The pages that show the
groups' breakouts (with their rapporteurs and reports) are composed in groups/pages/public.py."""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_safe
from django.views.generic import FormView, TemplateView

from conference import throttle
from conference.clients import client_ip
from conference.models import Conference
from conference.views import ConferenceMixin
from sessions import exports
from sessions.export_views import NO_TIMED_SESSION, calendar_response, not_yet
from sessions.models import Session

from . import services
from .forms import FindGroupForm, PartnerSignupForm
from .models import Breakout, BreakoutGroup

SIGNUP_SCOPE = "partner-signup"
# Sign-ups allowed per client address and hour: the partners of a whole venue behind one address, not a flood.
SIGNUP_LIMIT = 60
SIGNUP_WINDOW_SECONDS = 3600


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
            if len(matches) == 1 and matches[0]["group"] is not None:
                return redirect(self.group_url(matches[0]["group"], matches[0].get("country")))
            return self.render_to_response(self.get_context_data(form=form, matches=matches, searched=True))
        return self.render_to_response(self.get_context_data(form=form))

    def group_url(self, group, country=None):
        """The group's page; after a search by country, the page that confirms it and highlights the country."""
        url = reverse("pages:group", kwargs={"conference": self.conference.slug, "number": group.number})
        return f"{url}?country={country.code.code}" if country else url


# The form carries a CSRF token and what the partner typed: no shared cache may keep it.
@method_decorator(cache_control(private=True), name="dispatch")
class PartnerSignupView(ConferenceMixin, FormView):
    """Partner participants choose the group they join: name, organisation, email, group. The page mails a link that
    records the place (ConfirmPlaceView) and stores nothing itself; the answer is the same, byte for byte, whether the
    email address was known or not. The organisers confirm the place before the name shows publicly."""

    template_name = "groups/partner_signup.html"
    form_class = PartnerSignupForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "conference": self.conference, "groups": self.groups()}

    def groups(self):
        return self.conference.breakout_groups.annotate(
            country_count=Count("country_places", distinct=True),
            partner_count=Count("partner_places", filter=Q(partner_places__confirmed_at__isnull=False), distinct=True),
        )

    def organisation_names(self):
        """The suggestions: organisations the organisers entered, or confirmed a partner of. A name someone typed in
        stays out of them until then, so that a flood of sign-ups cannot fill the page with made-up names."""
        return (
            self.conference.organisations.filter(
                Q(from_signup=False) | Q(participants__group_places__confirmed_at__isnull=False)
            )
            .distinct()
            .order_by("name")
            .values_list("name", flat=True)
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation_names=self.organisation_names(), **kwargs)

    def form_valid(self, form):
        if not throttle.allow(SIGNUP_SCOPE, client_ip(self.request), limit=SIGNUP_LIMIT, window=SIGNUP_WINDOW_SECONDS):
            form.add_error(
                None,
                _(
                    "Too many sign-ups came from this network in the last hour, so this one was not recorded. Please "
                    "try again later, or ask the organisers to add you. What you typed is kept below."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if not settings.EMAIL_CONFIGURED:
            form.add_error(
                None,
                _("This site cannot send mail yet, so your place cannot be confirmed here. Please ask the organisers."),
            )
            return self.render_to_response(self.get_context_data(form=form), status=503)
        group = form.cleaned_data["group"]
        sent = services.send_place_link(
            conference=self.conference,
            group=group,
            full_name=form.cleaned_data["full_name"],
            organisation_name=form.cleaned_data["organisation"],
            email=form.cleaned_data["email"],
            language=translation.get_language(),
            base_url=self.request.build_absolute_uri("/"),
        )
        if not sent:
            form.add_error(None, _("The mail could not be sent. Please try again in a few minutes."))
            return self.render_to_response(self.get_context_data(form=form), status=503)
        # The same answer for every address, known or not, without the address: it tells nobody who is registered.
        messages.success(
            self.request,
            _(
                "Check your mailbox: a mail with a link to confirm your place in %(group)s is on its way to the "
                "address you gave. The link works for %(days)d days."
            )
            % {"group": group, "days": services.PLACE_LINK_DAYS},
        )
        return redirect("groups:join", conference=self.conference.slug)


# The page shows what the partner typed and carries a CSRF token: no cache may keep it.
@method_decorator(never_cache, name="dispatch")
class ConfirmPlaceView(ConferenceMixin, TemplateView):
    """A partner's confirmation link (mailed by the join page): a button that records their place. A button, not
    the link itself, so that a mail scanner opening links records nothing."""

    template_name = "groups/confirm_place.html"
    reasons = {
        "invalid": gettext_lazy("This link is not complete or not valid. Copy the whole link from the mail."),
        "expired": gettext_lazy("This link has expired."),
        "used": gettext_lazy("This link was already used, or a newer choice replaced it."),
    }

    def get(self, request, *args, **kwargs):
        try:
            self.place_request = services.read_place_link(conference=self.conference, token=kwargs["token"])
        except services.PlaceLinkError as error:
            return self.link_problem(error)
        return super().get(request, *args, **kwargs)

    def link_problem(self, error):
        context = self.get_context_data(problem=self.reasons[error.reason])
        return self.render_to_response(context, status=410 if error.reason != "invalid" else 404)

    def get_context_data(self, **kwargs):
        return super().get_context_data(place_request=getattr(self, "place_request", None), **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            self.place_request = services.read_place_link(conference=self.conference, token=kwargs["token"])
            place = services.take_place(request=self.place_request)
        except services.PlaceLinkError as error:
            return self.link_problem(error)
        group = self.place_request.group
        if place is None:
            messages.info(request, _("Delegates are in their country’s group: you need not choose one."))
        else:
            messages.success(
                request,
                _(
                    "Thank you, %(name)s. Your place in %(group)s is recorded: your name will show on the group’s "
                    "page once the organisers have confirmed it."
                )
                % {"name": place.participant.full_name, "group": group},
            )
        return redirect("pages:group", conference=self.conference.slug, number=group.number)


@require_safe
def group_calendar(request, conference, number):
    """One group's iCalendar feed: the plenary parts of every session and the group's breakouts with their rooms
    and questions, in the page's language (sessions.exports.group_calendar)."""
    conference = get_object_or_404(Conference, slug=conference)
    group = get_object_or_404(BreakoutGroup, conference=conference, number=number)
    sessions = list(Session.objects.with_programme().filter(conference=conference).prefetch_related("breakouts__group"))
    if not exports.has_timed_session(sessions):
        return not_yet(request, conference, NO_TIMED_SESSION)
    breakouts = {
        breakout.session_id: breakout
        for breakout in Breakout.objects.filter(group=group).with_room().prefetch_related("questions")
    }
    base_url = f"{request.scheme}://{request.get_host()}"
    content = exports.group_calendar(conference, group, sessions, breakouts, base_url=base_url)
    return calendar_response(content, f"{conference.slug}-group-{group.number}.ics")
