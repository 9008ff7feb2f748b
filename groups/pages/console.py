"""The organisers' console (staff only): per session, every group with its rapporteur, report status and last change;
nominating, the rapporteurs' links (pages, cards, email), editing, publishing with a confirmation and an undo,
history, comparison and restore; the conference outcome (page, Word, Markdown). The projector screens are in
screens.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, TemplateView
from django.views.generic.base import ContextMixin

from conference.models import Conference, Participant
from conference.views import ConferenceMixin
from groups import services as group_services
from groups.live.views import with_notes_links
from groups.models import Breakout, GroupPartner
from groups.reports import queries, services
from groups.reports.diffs import diff_table
from groups.reports.forms import NominationForm, OutcomeForm
from groups.reports.links import base_url, with_links
from groups.reports.models import EmailKind, RapporteurNomination, RapporteurReport, ReportStatus, rapporteur_of
from groups.reports.outcome import compile_outcome, outcome_docx, outcome_markdown
from groups.reports.rapporteur_views import edit_report, load_report
from sessions.models import Session

from . import public

# The console's script reloads the session's table this often, unless the organiser pauses it.
REFRESH_SECONDS = 15
REFRESH_HEADER = "HTTP_X_CONSOLE_REFRESH"
# The service worker's background copies of a page (static/root/sw.js): not a visit either.
BACKGROUND_HEADERS = (REFRESH_HEADER, "HTTP_X_OFFLINE_KEEP")
UNDO_KEY = "console_undo"


@method_decorator(never_cache, name="dispatch")
@method_decorator(staff_member_required, name="dispatch")
class ConsoleEntryView(PermissionRequiredMixin, TemplateView):
    """The console's front door for the admin's header: the one conference's console, or the list to choose from.
    Staff only (others go to the admin login); staff without the permission are refused; private, never cached."""

    permission_required = "reports.view_rapporteurreport"
    template_name = "reports/organisers/choose_conference.html"

    def get(self, request, *args, **kwargs):
        slugs = list(Conference.objects.values_list("slug", flat=True)[:2])
        if len(slugs) == 1:
            return redirect("pages:console", conference=slugs[0])
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(conferences=Conference.objects.all(), **kwargs)


@method_decorator(never_cache, name="dispatch")
@method_decorator(staff_member_required, name="dispatch")
class OrganiserMixin(PermissionRequiredMixin, ConferenceMixin):
    """Staff only (others go to the admin login), with the permission the page needs (staff without it are refused);
    never kept in any cache. Times are the venue's, as on every conference page (ConferenceMixin)."""

    permission_required = "reports.view_rapporteurreport"

    def get_context_data(self, **kwargs):
        for name in self.kwargs:  # TemplateView passes the URL's values; the conference comes as an object instead
            kwargs.pop(name, None)
        if not any(header in self.request.META for header in BACKGROUND_HEADERS):  # reloads and copies leave the undo
            kwargs.setdefault("undo", pop_undo(self.request, self.conference))
        return super().get_context_data(**kwargs)

    def next_url(self, default, data=None):
        """Where to go back after a form: the page's own `next` (posted, or in `data`), when it is a page of this
        site."""
        next_url = (self.request.POST if data is None else data).get("next", "")
        if url_has_allowed_host_and_scheme(next_url, allowed_hosts={self.request.get_host()}):
            return next_url
        return default


def remember_undo(request, *, report, undo, message):
    """Offer, on the next console page, to undo a publication or withdrawal that was just made."""
    request.session[UNDO_KEY] = {
        "conference": report.breakout.session.conference_id,
        "report": report.pk,
        "action": undo,
        "message": message,
    }


def pop_undo(request, conference):
    """The undo offered after a publication or withdrawal, once, with the address of its form."""
    undo = request.session.pop(UNDO_KEY, None)
    if not undo or undo.get("conference") != conference.pk or undo.get("action") not in ("publish", "unpublish"):
        return None
    url = reverse(f"pages:{undo['action']}", kwargs={"conference": conference.slug, "pk": undo["report"]})
    return {**undo, "url": url}


class SessionMixin(OrganiserMixin):
    def get_session(self):
        return get_object_or_404(Session.objects.breakouts(), conference=self.conference, number=self.kwargs["number"])

    def get_context_data(self, **kwargs):
        kwargs.setdefault("sessions", self.conference.sessions.breakouts())
        return super().get_context_data(**kwargs)


class OrganiserHomeView(OrganiserMixin, TemplateView):
    """The console's first page: each breakout session's groups, rapporteurs and reports counted, and the pages and
    tools of the day."""

    template_name = "reports/organisers/home.html"

    def get_context_data(self, **kwargs):
        counts = {
            row["session_id"]: row
            for row in Breakout.objects.filter(session__conference=self.conference)
            .values("session_id")
            .annotate(
                groups=Count("pk", distinct=True),
                nominated=Count("nominations", filter=Q(nominations__revoked_at__isnull=True), distinct=True),
                submitted=Count("report", filter=Q(report__status=ReportStatus.SUBMITTED), distinct=True),
                published=Count("report", filter=Q(report__status=ReportStatus.PUBLISHED), distinct=True),
            )
            .order_by()
        }
        sessions = list(self.conference.sessions.breakouts())
        empty = {"groups": 0, "nominated": 0, "submitted": 0, "published": 0}
        for session in sessions:
            session.counts = counts.get(session.pk, empty)
        return super().get_context_data(sessions=sessions, **kwargs)


class DashboardView(SessionMixin, TemplateView):
    """One session: every group with its rapporteur (and whether their link was emailed), its report's status and
    last change, and what to do next. The page's script reloads the table every few seconds (it can be paused)."""

    template_name = "reports/organisers/dashboard.html"

    def get_context_data(self, **kwargs):
        session = self.get_session()
        breakouts = queries.add_reports(
            queries.with_report(
                queries.with_rapporteur_and_emails(Breakout.objects.filter(session=session).select_related("group"))
            )
        )
        # The buttons count the rapporteurs a mail can reach: those with an email address.
        nominations = [breakout.nomination for breakout in breakouts if breakout.nomination is not None]
        nominations = [nomination for nomination in nominations if nomination.participant.email]
        not_emailed = {n.participant_id for n in nominations if not any(e.was_sent for e in n.emails_newest_first)}
        report_statuses = {breakout.pk: getattr(breakout.current_report, "status", None) for breakout in breakouts}
        not_submitted = {
            n.participant_id for n in nominations if report_statuses[n.breakout_id] in (None, ReportStatus.DRAFT)
        }
        return super().get_context_data(
            session=session,
            breakouts=breakouts,
            refresh_seconds=REFRESH_SECONDS,
            not_emailed=len(not_emailed),
            not_submitted=len(not_submitted),
            email_configured=settings.EMAIL_CONFIGURED,
            email_delivery=email_delivery(),
            **kwargs,
        )


class BreakoutMixin(SessionMixin):
    def get_breakout(self):
        return get_object_or_404(
            Breakout.objects.select_related("session__conference", "group"),
            session=self.get_session(),
            group__number=self.kwargs["group"],
        )


def add_errors(form, error):
    """Put a service's ValidationError on the form: under the field it names when the form has it, else on top."""
    for field, messages_ in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        for message in messages_:
            form.add_error(field if field in form.fields else None, message)


class NominateView(BreakoutMixin, FormView):
    """Name the group's rapporteur in one step: a delegate of the group, or a new one typed in, for this session or
    every breakout session; then straight to their links."""

    permission_required = "reports.add_rapporteurnomination"
    template_name = "reports/organisers/nominate.html"
    form_class = NominationForm

    @cached_property
    def breakout(self):
        return self.get_breakout()

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "group": self.breakout.group,
            "session": self.breakout.session,
            "can_add_people": self.request.user.has_perm("conference.add_participant"),
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            breakout=self.breakout, session=self.breakout.session, current=rapporteur_of(self.breakout), **kwargs
        )

    def form_valid(self, form):
        try:
            nominations = services.nominate_for_sessions(
                group=self.breakout.group,
                sessions=form.chosen_sessions(),
                participant=form.cleaned_data["participant"],
                new_delegate=form.new_delegate(),
                replace=form.cleaned_data["replace"],
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        participant = nominations[0].participant
        messages.success(
            self.request,
            ngettext(
                "%(name)s is the rapporteur of %(group)s in session %(sessions)s.",
                "%(name)s is the rapporteur of %(group)s in sessions %(sessions)s.",
                len(nominations),
            )
            % {
                "name": participant.full_name,
                "group": self.breakout.group,
                "sessions": ", ".join(str(n.breakout.session.number) for n in nominations),
            },
        )
        for nomination in nominations:
            for warning in nomination.warnings():
                messages.warning(self.request, warning)
        return redirect("pages:rapporteur", conference=self.conference.slug, pk=participant.pk)


class RapporteurView(OrganiserMixin, TemplateView):
    """One rapporteur: every link they hold (each with its QR code), the emails sent to them, and the buttons to
    email the links again. Prints as their card."""

    template_name = "reports/organisers/rapporteur.html"

    def get_context_data(self, **kwargs):
        participant = get_object_or_404(
            Participant.objects.select_related("country", "organisation"),
            conference=self.conference,
            pk=self.kwargs["pk"],
        )
        nominations = list(
            RapporteurNomination.objects.active()
            .filter(participant=participant)
            .with_context()
            .order_by("breakout__session__number", "breakout__group__number")
        )
        return super().get_context_data(
            participant=participant,
            nominations=with_links(self.request, nominations),
            emails=participant.link_emails.all()[:20],
            email_configured=settings.EMAIL_CONFIGURED,
            email_delivery=email_delivery(),
            **kwargs,
        )


class CardsView(SessionMixin, TemplateView):
    """Printable cards of every rapporteur of a session, four to an A4 page: the conference, the group, the person,
    the link and its QR code, and until when it works in the conference's time zone. Then a room card for each
    group's table, with the QR code of the group's breakout notes."""

    template_name = "reports/organisers/cards.html"

    def get_context_data(self, **kwargs):
        session = self.get_session()
        nominations = list(
            RapporteurNomination.objects.active()
            .filter(breakout__session=session)
            .with_context()
            .order_by("breakout__group__number")
        )
        rooms = with_notes_links(self.request, Breakout.objects.filter(session=session).select_related("group"))
        return super().get_context_data(
            session=session, nominations=with_links(self.request, nominations), room_cards=rooms, **kwargs
        )


CONSOLE_EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
FILE_EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"


def email_delivery():
    """Where this server's mails go: "terminal" or "file" when the email setting only writes them there (the
    development default prints them), else "sent"."""
    return {CONSOLE_EMAIL_BACKEND: "terminal", FILE_EMAIL_BACKEND: "file"}.get(settings.EMAIL_BACKEND, "sent")


def email_outcome(request, results):
    """Tell the organiser what became of each mail: sent, written to the terminal or a file (the development email
    settings), failed (with the reason) or not attempted (why)."""
    sent = [result.participant.full_name for result in results if result.sent]
    if sent:
        names = {"names": ", ".join(sent)}
        delivery = email_delivery()
        if delivery == "terminal":
            message = ngettext(
                "Email to %(names)s written to the server’s terminal, not sent: this server’s email setting "
                "(EMAIL_URL) prints mails instead of sending them.",
                "Emails to %(names)s written to the server’s terminal, not sent: this server’s email setting "
                "(EMAIL_URL) prints mails instead of sending them.",
                len(sent),
            )
        elif delivery == "file":
            message = ngettext(
                "Email to %(names)s written to a file on the server, not sent: this server’s email setting "
                "(EMAIL_URL) keeps mails in files instead of sending them.",
                "Emails to %(names)s written to files on the server, not sent: this server’s email setting "
                "(EMAIL_URL) keeps mails in files instead of sending them.",
                len(sent),
            )
        else:
            message = ngettext("Email sent to %(names)s.", "Emails sent to %(names)s.", len(sent))
        (messages.success if delivery == "sent" else messages.warning)(request, message % names)
    for result in results:
        if result.email is not None and not result.sent:
            messages.error(
                request,
                _("Not sent to %(name)s (%(address)s): %(reason)s. Nothing was marked as sent; try again later.")
                % {"name": result.participant.full_name, "address": result.email.address, "reason": result.email.error},
            )
        elif result.skipped:
            messages.warning(
                request,
                _("Nothing sent to %(name)s: %(reason)s.")
                % {"name": result.participant.full_name, "reason": result.skipped},
            )
    if not results:
        messages.info(request, _("There was nobody to email."))


class EmailMixin(OrganiserMixin, ContextMixin):
    """Send rapporteurs their links by email (POST), report what became of each mail, and go back. A second mail of
    the same kind to someone a mail reached less than ten minutes ago is sent only once the organiser confirms."""

    permission_required = "reports.add_linkemail"
    confirm_template_name = "reports/organisers/confirm_email.html"

    def send(self, participants, kind, back):
        recent = services.recently_emailed(participants=participants, kind=kind)
        if recent and self.request.POST.get("confirm") != "yes":
            again = [(participant, recent[participant.pk]) for participant in participants if participant.pk in recent]
            context = self.get_context_data(again=again, kind=kind, back=self.next_url(back), others=len(participants))
            return TemplateResponse(self.request, self.confirm_template_name, context)
        try:
            results = services.send_link_emails(
                participants=participants, base_url=base_url(self.request), by=self.request.user, kind=kind
            )
        except services.EmailNotConfigured:
            messages.error(
                self.request,
                _("Email is not set up on this server (EMAIL_URL), so nothing was sent. Hand out the cards instead."),
            )
        else:
            email_outcome(self.request, results)
        return HttpResponseRedirect(self.next_url(back))


class EmailSessionView(EmailMixin, SessionMixin, View):
    """The session's rapporteurs: the links to those no mail reached yet, or a reminder to those not submitted."""

    def post(self, request, *args, **kwargs):
        session = self.get_session()
        kind = EmailKind.REMINDER if request.POST.get("kind") == EmailKind.REMINDER else EmailKind.LINKS
        nominations = RapporteurNomination.objects.active().filter(breakout__session=session)
        nominations = nominations.not_submitted() if kind == EmailKind.REMINDER else nominations.not_emailed()
        participants = list(
            Participant.objects.filter(pk__in=nominations.values("participant_id")).order_by("full_name", "pk")
        )
        back = reverse("pages:dashboard", kwargs={"conference": self.conference.slug, "number": session.number})
        return self.send(participants, kind, back)


class EmailRapporteurView(EmailMixin, View):
    """One rapporteur: all their links, sent (again)."""

    def post(self, request, *args, **kwargs):
        participant = get_object_or_404(Participant, conference=self.conference, pk=kwargs["pk"])
        back = reverse("pages:rapporteur", kwargs={"conference": self.conference.slug, "pk": participant.pk})
        return self.send([participant], EmailKind.LINKS, back)


class EditReportView(BreakoutMixin, View):
    """Organisers edit a report's text with the rapporteur's form: the same limits, revisions and conflict check."""

    permission_required = "reports.change_rapporteurreport"

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
                "pages:dashboard", kwargs={"conference": self.conference.slug, "number": breakout.session.number}
            ),
        }
        return edit_report(
            request,
            report=load_report(breakout),
            by=request.user,
            template_name="reports/rapporteur/report_form.html",
            context=context,
        )


class ReportMixin(OrganiserMixin):
    """A report of this conference, by its id in the address."""

    def get_report(self, queryset=None):
        reports = (queryset or RapporteurReport.objects.with_content()).filter(
            breakout__session__conference=self.conference
        )
        return get_object_or_404(reports, pk=self.kwargs["pk"])

    def dashboard_url(self, report):
        return reverse(
            "pages:dashboard",
            kwargs={"conference": self.conference.slug, "number": report.breakout.session.number},
        )


class StatusChangeView(ReportMixin, TemplateView):
    """Publish or unpublish one report: the page asks to confirm (GET), the form does it (POST), and the next console
    page offers to undo it."""

    permission_required = "reports.change_rapporteurreport"
    template_name = "reports/organisers/confirm_status.html"
    service = None
    undo = ""
    from_statuses = ()
    title = message = question = button = ""

    def warnings(self, report):
        """What the organiser should know before confirming."""
        return []

    def get_context_data(self, **kwargs):
        report = self.get_report()
        return super().get_context_data(
            report=report,
            breakout=report.breakout,
            view=self,
            possible=report.status in self.from_statuses,
            warnings=self.warnings(report),
            back=self.next_url(self.dashboard_url(report), data=self.request.GET),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        report = self.get_report(RapporteurReport.objects.select_related("breakout__session", "breakout__group"))
        if type(self).service(reports=RapporteurReport.objects.filter(pk=report.pk), by=request.user):
            message = self.message % {"report": report}
            messages.success(request, message)
            remember_undo(request, report=report, undo=self.undo, message=message)
        # Not redirect(), which takes "next=²" for a view name and fails.
        return HttpResponseRedirect(self.next_url(self.dashboard_url(report)))


class PublishView(StatusChangeView):
    service = services.publish_reports
    undo = "unpublish"
    from_statuses = (ReportStatus.DRAFT, ReportStatus.SUBMITTED)
    title = gettext_lazy("Publish a report")
    question = gettext_lazy(
        "Publish this report? It appears at once on the public pages (session, group, question sheet, thematic "
        "area), on the report-back screen and in the conference outcome, and its rapporteur can no longer change it."
    )
    button = gettext_lazy("Yes, publish it")
    message = gettext_lazy("%(report)s is published.")

    def warnings(self, report):
        if report.is_empty:
            return [
                _("This report is empty: nobody has written anything in it. Published, it shows as an empty report.")
            ]
        if report.status == ReportStatus.DRAFT:
            return [_("Its rapporteur has not submitted this report: it is a draft they may still be writing.")]
        return []


class UnpublishView(StatusChangeView):
    service = services.unpublish_reports
    undo = "publish"
    from_statuses = (ReportStatus.PUBLISHED,)
    title = gettext_lazy("Unpublish a report")
    question = gettext_lazy(
        "Take this report off the public pages? It goes back to “submitted”, and its rapporteur can change it again."
    )
    button = gettext_lazy("Yes, unpublish it")
    message = gettext_lazy("%(report)s is no longer published.")


class HistoryView(ReportMixin, TemplateView):
    """A report's revisions, newest first: who changed what and when, with compare and restore."""

    template_name = "reports/organisers/history.html"

    def get_context_data(self, **kwargs):
        report = self.get_report(
            RapporteurReport.objects.select_related("breakout__session", "breakout__group").with_rapporteur()
        )
        return super().get_context_data(
            report=report,
            breakout=report.breakout,
            revisions=report.revisions.order_by("-created_at", "-pk"),
            content_actions=services.CONTENT_ACTIONS,
            **kwargs,
        )


class RevisionMixin(ReportMixin):
    def get_revision(self, report):
        return get_object_or_404(report.revisions.all(), pk=self.kwargs["revision_id"])

    def current_label(self, report):
        return _("Current text (version %(version)s)") % {"version": report.version}


class CompareView(RevisionMixin, TemplateView):
    """A revision beside the current text, or beside another revision (?with=<revision id>)."""

    template_name = "reports/organisers/compare.html"

    def get_context_data(self, **kwargs):
        report = self.get_report()
        revision = self.get_revision(report)
        other_id = self.request.GET.get("with", "")
        other = None
        if other_id.isascii() and other_id.isdigit():  # "²" is a digit to str.isdigit, but no number to int()
            other = get_object_or_404(report.revisions.all(), pk=other_id)
            new, new_label = other.report_content, str(other)
        else:
            new, new_label = report.content, self.current_label(report)
        table = diff_table(revision.report_content, new, report.breakout.questions.all(), str(revision), new_label)
        return super().get_context_data(
            report=report,
            breakout=report.breakout,
            revision=revision,
            other=other,
            table=table,
            revisions=report.revisions.order_by("-created_at", "-pk"),
            **kwargs,
        )


class RestoreView(RevisionMixin, TemplateView):
    """Confirm, then make a revision's text the current one (as a new revision: nothing is lost)."""

    permission_required = "reports.change_rapporteurreport"
    template_name = "reports/organisers/restore.html"

    def get_context_data(self, **kwargs):
        report = self.get_report()
        revision = self.get_revision(report)
        table = diff_table(
            report.content,
            revision.report_content,
            report.breakout.questions.all(),
            self.current_label(report),
            str(revision),
        )
        return super().get_context_data(
            report=report, breakout=report.breakout, revision=revision, table=table, **kwargs
        )

    def post(self, request, *args, **kwargs):
        report = self.get_report()
        revision = self.get_revision(report)
        try:
            services.restore_revision(revision=revision, by=request.user)
        except services.ReportConflict:
            messages.error(request, _("The report was saved by someone else at the same moment: try again."))
        else:
            messages.success(
                request, _("Version %(version)s is restored as the current text.") % {"version": revision.version}
            )
        return redirect("pages:history", conference=self.conference.slug, pk=report.pk)


class OutcomeMixin(OrganiserMixin):
    def with_appendix(self):
        """?appendix=1: also the questions answered in the plenary and the groups' breakout notes."""
        return self.request.GET.get("appendix") == "1"

    def get_outcome(self):
        return compile_outcome(self.conference, appendix=self.with_appendix())

    def filename(self, extension):
        return f"{self.conference.slug}-conference-outcome.{extension}"


class OutcomeView(OutcomeMixin, TemplateView):
    """Every published report by session and group, and the recommended actions by thematic area. Printable. With
    the conference's conclusions to write, the public outcome to preview (page, PDF, Word) and to publish, and the
    choice whether the list of participants is also a public page."""

    template_name = "reports/organisers/outcome.html"

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["conference.change_conference"]
        return [self.permission_required]

    def get_context_data(self, **kwargs):
        kwargs.setdefault("form", OutcomeForm(instance=self.conference))
        return super().get_context_data(outcome=self.get_outcome(), appendix=self.with_appendix(), **kwargs)

    def post(self, request, *args, **kwargs):
        form = OutcomeForm(request.POST, instance=self.conference)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        form.save()
        messages.success(request, _("The conclusions and the list of participants’ setting are saved."))
        return redirect("pages:outcome", conference=self.conference.slug)


class OutcomeStatusView(OrganiserMixin, View):
    """Publish the outcome (its page, PDF and Word document become public and the programme links them), or
    withdraw it."""

    permission_required = "conference.change_conference"
    service = None
    message = ""

    def post(self, request, *args, **kwargs):
        type(self).service(conference=self.conference, by=request.user)
        messages.success(request, self.message)
        return redirect("pages:outcome", conference=self.conference.slug)


class PublishOutcomeView(OutcomeStatusView):
    service = services.publish_outcome
    message = gettext_lazy("The outcome is published: the programme links it.")


class UnpublishOutcomeView(OutcomeStatusView):
    service = services.unpublish_outcome
    message = gettext_lazy("The outcome is no longer public.")


class OutcomePreviewMixin(OrganiserMixin):
    """The public outcome as the public will read it, before it is published too."""

    preview = True
    url_names = {
        "page": "pages:outcome_preview",
        "pdf": "pages:outcome_preview_pdf",
        "docx": "pages:outcome_preview_docx",
    }


class OutcomePreviewView(OutcomePreviewMixin, public.OutcomeView):
    pass


class OutcomePdfPreviewView(OutcomePreviewMixin, public.OutcomePdfView):
    pass


class OutcomeDocxPreviewView(OutcomePreviewMixin, public.OutcomeDocxView):
    pass


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


class PartnersView(OrganiserMixin, TemplateView):
    """The partners' places waiting for the organisers: each confirmed in one click, or all at once. A confirmed
    place shows the partner's name on the group's page."""

    template_name = "reports/organisers/partners.html"

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["groups.change_grouppartner"]
        return ["groups.view_grouppartner"]

    def places(self):
        return GroupPartner.objects.filter(group__conference=self.conference, confirmed_at__isnull=True)

    def get_context_data(self, **kwargs):
        places = self.places().select_related("group", "participant__organisation", "participant__country")
        return super().get_context_data(places=places.order_by("group__number", "participant__full_name"), **kwargs)

    def post(self, request, *args, **kwargs):
        places = self.places()
        if "place" in request.POST:
            # Row ids as the database can hold them (64-bit); anything else names no place.
            named = [pk for pk in request.POST.getlist("place") if pk.isascii() and pk.isdigit() and int(pk) < 2**63]
            places = places.filter(pk__in=named)
        count = group_services.confirm_partners(places=places)
        messages.success(
            request,
            ngettext("%(count)d place confirmed.", "%(count)d places confirmed.", count) % {"count": count},
        )
        return redirect("pages:partners", conference=self.conference.slug)
