"""The console's page for the conference's identity: its logo and the co-organisers' logos, added, changed (text, link,
order or image) and removed; the same form and checks as the admin's inline (conference.logos.LogoForm)."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from conference.logos import LogoForm
from conference.models import ConferenceLogo

from .console import OrganiserMixin


class LogosView(OrganiserMixin, TemplateView):
    """Every logo of the conference with its form, and a form to add one. A refused form comes back with what was
    typed and what is wrong beside each field (the image must be chosen again: browsers never refill a file field)."""

    template_name = "reports/organisers/logos.html"
    actions = {"add": "conference.add_conferencelogo", "change": "conference.change_conferencelogo"}
    actions |= {"remove": "conference.delete_conferencelogo"}

    def get_permission_required(self):
        if self.request.method == "POST":
            return [self.actions.get(self.request.POST.get("action"), "conference.change_conferencelogo")]
        return ["conference.view_conferencelogo"]

    def forms(self, logos, *, bound=None):
        """A form for each logo (prefix logo-<pk>) and one to add a logo (prefix new); `bound` replaces one of them."""
        forms = [LogoForm(instance=logo, prefix=f"logo-{logo.pk}") for logo in logos]
        forms = [bound if bound is not None and form.prefix == bound.prefix else form for form in forms]
        new = bound if bound is not None and bound.prefix == "new" else None
        return forms, new or LogoForm(instance=ConferenceLogo(conference=self.conference), prefix="new")

    def get_context_data(self, bound=None, **kwargs):
        shown = self.conference.shown_logos  # the query the page's header and footer read them with
        forms, new = self.forms(shown.all, bound=bound)
        previews = {logo.logo.pk: logo for logo in shown.screen}
        return super().get_context_data(
            logo_forms=[(form, previews.get(form.instance.pk)) for form in forms], new_form=new, **kwargs
        )

    def named_logo(self):
        pk = self.request.POST.get("logo", "")
        if not (pk.isascii() and pk.isdigit() and int(pk) < 2**63):
            return None
        return self.conference.logos.filter(pk=pk).first()

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        slug = self.conference.slug
        if action == "add":
            form = LogoForm(
                request.POST, request.FILES, instance=ConferenceLogo(conference=self.conference), prefix="new"
            )
        elif action in ("change", "remove"):
            logo = self.named_logo()
            if logo is None:
                messages.error(request, _("This logo was removed in the meantime."))
                return redirect("pages:logos", conference=slug)
            if action == "remove":
                logo.delete()
                messages.success(request, _("Logo “%(name)s” removed.") % {"name": logo.name})
                return redirect("pages:logos", conference=slug)
            form = LogoForm(request.POST, request.FILES, instance=logo, prefix=f"logo-{logo.pk}")
        else:
            return redirect("pages:logos", conference=slug)
        if not form.is_valid():
            messages.error(request, _("The logo was not saved: see what is wrong below."))
            return self.render_to_response(self.get_context_data(bound=form))
        with transaction.atomic():
            logo = form.save()
        messages.success(
            request,
            (_("Logo “%(name)s” added.") if action == "add" else _("Logo “%(name)s” saved.")) % {"name": logo.name},
        )
        return redirect("pages:logos", conference=slug)
