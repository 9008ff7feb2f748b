"""Organisers' pages (staff only): the report dashboard per session, editing and publishing reports, the conference
outcome (page, Word, Markdown) and the plenary screens for the projector."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from conference.views import ConferenceMixin
from sessions.models import SegmentKind, Session

from . import services
from .models import RapporteurReport, ReportedBreakout
from .outcome import compile_outcome, outcome_docx, outcome_markdown
from .rapporteur_views import edit_report, load_report

DASHBOARD_REFRESH_SECONDS = 30
# The document: "groups will have 45 minutes to discuss"; used when the session's breakout segment has no duration.
BREAKOUT_MINUTES = 45


@method_decorator(never_cache, name="dispatch")
@method_decorator(staff_member_required, name="dispatch")
class OrganiserMixin(ConferenceMixin):
    """Staff only (others go to the admin login), with the permission the page needs; never kept in any cache."""

    permission_required = "reports.view_rapporteurreport"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(self.permission_required):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        for name in self.kwargs:  # TemplateView passes the URL's values; the conference comes as an object instead
            kwargs.pop(name, None)
        return super().get_context_data(**kwargs)


class SessionMixin(OrganiserMixin):
    def get_session(self):
        return get_object_or_404(Session.objects.breakouts(), conference=self.conference, number=self.kwargs["number"])


class OrganiserHomeView(OrganiserMixin, TemplateView):
    """Links to each breakout session's dashboard and screens, and to the outcome."""

    template_name = "reports/organisers/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(sessions=self.conference.sessions.breakouts(), **kwargs)


class DashboardView(SessionMixin, TemplateView):
    """Every group of a session: its rapporteur, its report's status and last change, and what to do next."""

    template_name = "reports/organisers/dashboard.html"

    def get_context_data(self, **kwargs):
        session = self.get_session()
        breakouts = (
            ReportedBreakout.objects.filter(session=session).select_related("group").with_rapporteur().with_report()
        )
        return super().get_context_data(
            session=session,
            breakouts=breakouts,
            refresh_seconds=DASHBOARD_REFRESH_SECONDS,
            sessions=self.conference.sessions.breakouts(),
            **kwargs,
        )


class EditReportView(SessionMixin, View):
    """Organisers edit a report's text with the rapporteur's form: the same limits, revisions and conflict check."""

    permission_required = "reports.change_rapporteurreport"

    def get_breakout(self):
        return get_object_or_404(
            ReportedBreakout.objects.select_related("session__conference", "group"),
            session=self.get_session(),
            group__number=self.kwargs["group"],
        )

    def get(self, request, *args, **kwargs):
        return self.respond(request)

    def post(self, request, *args, **kwargs):
        return self.respond(request)

    def respond(self, request):
        breakout = self.get_breakout()
        context = {
            "conference": self.conference,
            "breakout": breakout,
            "is_rapporteur": False,
            "autosave_url": "",
            "storage_scope": f"organiser:{breakout.pk}",
            "dashboard_url": reverse(
                "organisers:dashboard", kwargs={"conference": self.conference.slug, "number": breakout.session.number}
            ),
        }
        return edit_report(
            request,
            report=load_report(breakout),
            by=request.user,
            template_name="reports/rapporteur/report_form.html",
            context=context,
        )


class StatusChangeView(OrganiserMixin, View):
    """Publish or unpublish one report from the dashboard (POST), then go back."""

    permission_required = "reports.change_rapporteurreport"
    service = None
    message = ""

    def post(self, request, *args, **kwargs):
        reports = RapporteurReport.objects.filter(pk=kwargs["pk"], breakout__session__conference=self.conference)
        report = get_object_or_404(reports.select_related("breakout__session"))
        if type(self).service(reports=reports, by=request.user):
            messages.success(request, self.message % {"report": report})
        next_url = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
            return HttpResponseRedirect(next_url)  # not redirect(), which takes "next=²" for a view name and fails
        return redirect("organisers:dashboard", conference=self.conference.slug, number=report.breakout.session.number)


class PublishView(StatusChangeView):
    service = services.publish_reports
    message = _("%(report)s is published.")


class UnpublishView(StatusChangeView):
    service = services.unpublish_reports
    message = _("%(report)s is no longer published.")


class OutcomeMixin(OrganiserMixin):
    def with_appendix(self):
        """?appendix=1: also the questions answered in the plenary and the groups' breakout notes."""
        return self.request.GET.get("appendix") == "1"

    def get_outcome(self):
        return compile_outcome(self.conference, appendix=self.with_appendix())

    def filename(self, extension):
        return f"{self.conference.slug}-conference-outcome.{extension}"


class OutcomeView(OutcomeMixin, TemplateView):
    """Every published report by session and group, and the recommended actions by thematic area. Printable."""

    template_name = "reports/organisers/outcome.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(outcome=self.get_outcome(), appendix=self.with_appendix(), **kwargs)


class OutcomeDocxView(OutcomeMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(
            outcome_docx(self.get_outcome()),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        response["Content-Disposition"] = f'attachment; filename="{self.filename("docx")}"'
        return response


class OutcomeMarkdownView(OutcomeMixin, View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(outcome_markdown(self.get_outcome()), content_type="text/markdown; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.filename("md")}"'
        return response


class ScreenMixin(SessionMixin):
    def breakouts(self, session):
        return ReportedBreakout.objects.filter(session=session).select_related("group").prefetch_related("questions")


class BreakoutScreenView(ScreenMixin, TemplateView):
    """For the projector during the breakout: a large countdown and each group's topic and questions."""

    template_name = "reports/organisers/breakout_screen.html"

    def get_context_data(self, **kwargs):
        session = self.get_session()
        segment = session.segments.filter(kind=SegmentKind.BREAKOUT).first()
        minutes = segment.min_minutes if segment and segment.min_minutes else BREAKOUT_MINUTES
        return super().get_context_data(session=session, breakouts=self.breakouts(session), minutes=minutes, **kwargs)


class ReportBackScreenView(ScreenMixin, TemplateView):
    """For the projector during the report-back: one group's published summary at a time (arrow keys step)."""

    template_name = "reports/organisers/report_back_screen.html"

    def get_context_data(self, **kwargs):
        session = self.get_session()
        breakouts = self.breakouts(session).with_rapporteur().with_published_report()
        return super().get_context_data(session=session, breakouts=breakouts, **kwargs)
