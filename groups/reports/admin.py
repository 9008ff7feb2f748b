import segno
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.admin import SearchMixin
from conference.templatetags.conference_tags import markdown

from . import services
from .content import SECTIONS
from .diffs import diff_table
from .models import LinkState, RapporteurNomination, RapporteurReport, RapporteurReportRevision


def rapporteur_link(request, nomination):
    """The nomination's private link as an absolute URL, and its QR code as inline SVG."""
    url = request.build_absolute_uri(reverse("rapporteur:report", kwargs={"token": nomination.token}))
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2, title=str(_("Rapporteur’s link")))
    return url, mark_safe(svg)  # noqa: S308 -- SVG drawn by segno from a URL made of our host and a URL-safe key


@admin.register(RapporteurNomination)
class RapporteurNominationAdmin(SearchMixin, admin.ModelAdmin):
    """Organisers name a rapporteur here; the change page shows the private link and its QR code."""

    list_display = ["participant", "breakout", "link", "nominated_at", "revoked_at"]
    list_filter = ["breakout__session__conference", "breakout__session", "breakout__group"]
    list_select_related = [
        "participant__country",
        "participant__organisation",
        "breakout__session__conference",
        "breakout__group",
    ]
    search_fields = ["participant__full_name", "breakout__topic"]
    autocomplete_fields = ["participant"]
    actions = ["revoke"]
    change_form_template = "admin/reports/rapporteurnomination/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["nominated_at"]
        return ["breakout", "participant", "nominated_at", "revoked_at", "link"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["breakout", "participant"]
        return ["breakout", "participant", "link", "nominated_at", "revoked_at"]

    @admin.display(description=_("link"))
    def link(self, obj):
        state = obj.link_state()
        expires_at = obj.expires_at
        if state == LinkState.ACTIVE and expires_at is None:
            return _("Active until revoked (the conference has no last day yet)")
        if state == LinkState.ACTIVE:
            return _("Active until %(time)s") % {"time": expires_at.strftime("%Y-%m-%d %H:%M %Z")}
        return state.label

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            saved = services.nominate_rapporteur(breakout=obj.breakout, participant=obj.participant)
            obj.pk = saved.pk
            obj.refresh_from_db()
        for warning in obj.warnings():
            self.message_user(request, warning, messages.WARNING)

    def response_add(self, request, obj, post_url_continue=None):
        # Straight to the change page, where the new link and its QR code are shown.
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            return redirect("admin:reports_rapporteurnomination_change", obj.pk)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        nomination = self.get_object(request, object_id)
        if nomination is not None:
            url, svg = rapporteur_link(request, nomination)
            extra_context.update(
                rapporteur_url=url,
                rapporteur_qr=svg,
                link_state=nomination.link_state(),
                card_url=reverse("admin:reports_rapporteurnomination_card", args=[nomination.pk]),
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_urls(self):
        return [
            path(
                "<int:nomination_id>/card/",
                self.admin_site.admin_view(self.card_view),
                name="reports_rapporteurnomination_card",
            ),
            *super().get_urls(),
        ]

    def card_view(self, request, nomination_id):
        """A printable card for the rapporteur: name, breakout, link and QR code."""
        nomination = get_object_or_404(self.get_queryset(request), pk=nomination_id)
        if not self.has_view_permission(request, nomination):
            raise PermissionDenied
        url, svg = rapporteur_link(request, nomination)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Rapporteur’s card"),
            "nomination": nomination,
            "rapporteur_url": url,
            "rapporteur_qr": svg,
            "link_state": nomination.link_state(),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/reports/rapporteurnomination/card.html", context)

    @admin.action(description=_("Revoke the link"), permissions=["change"])
    def revoke(self, request, queryset):
        count = services.revoke_nominations(nominations=queryset)
        self.message_user(
            request, ngettext("%(count)d link revoked.", "%(count)d links revoked.", count) % {"count": count}
        )


class RevisionInline(admin.TabularInline):
    """The report's history, newest first, with links to compare and restore each revision."""

    model = RapporteurReportRevision
    extra = 0
    can_delete = False
    fields = ["version", "action", "status", "saved_by", "created_at", "tools"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    verbose_name_plural = _("revision history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("tools"))
    def tools(self, obj):
        compare = reverse("admin:reports_rapporteurreport_compare", args=[obj.report_id, obj.pk])
        restore = reverse("admin:reports_rapporteurreport_restore", args=[obj.report_id, obj.pk])
        return format_html('<a href="{}">{}</a> · <a href="{}">{}</a>', compare, _("compare"), restore, _("restore"))


def report_content(report):
    """The report as the public will read it: each question and its answer, then the sections (sanitised)."""
    parts = format_html_join(
        "",
        '<h3 class="report-question">{}</h3><blockquote>{}</blockquote><div>{}</div>',
        (
            (_("Question %(position)s") % {"position": question.position}, question.text, markdown(answer))
            for question, answer in report.answered_questions()
        ),
    )
    sections = format_html_join(
        "", "<h3>{}</h3>{}", ((section.label, markdown(report.content[section.key])) for section in SECTIONS)
    )
    return format_html('<div class="report-review">{}{}</div>', parts, sections)


@admin.register(RapporteurReport)
class RapporteurReportAdmin(SearchMixin, admin.ModelAdmin):
    """Organisers review, publish and unpublish reports here and see, compare and restore their revisions.

    The content is edited through the organisers' report page (the same form as the rapporteur's, with its
    conflict check), not here.
    """

    list_display = ["breakout", "status", "version", "updated_at", "submitted_at", "published_at"]
    list_filter = ["status", "breakout__session__conference", "breakout__session", "breakout__group"]
    list_select_related = ["breakout__session__conference", "breakout__group"]
    search_fields = ["conclusions", "actions", "answers__text", "breakout__topic"]
    actions = ["publish", "unpublish"]
    inlines = [RevisionInline]
    change_form_template = "admin/reports/rapporteurreport/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("breakout__questions", "answers")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["breakout"]
        return ["breakout", "status", "version", "edit", "content", "updated_at", "submitted_at", "published_at"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return self.get_fields(request, obj)

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None else []

    @admin.display(description=_("report"))
    def content(self, obj):
        return report_content(obj)

    @admin.display(description=_("edit"))
    def edit(self, obj):
        breakout = obj.breakout
        url = reverse(
            "organisers:edit_report",
            kwargs={
                "conference": breakout.session.conference.slug,
                "number": breakout.session.number,
                "group": breakout.group.number,
            },
        )
        return format_html('<a href="{}">{}</a>', url, _("Edit the text"))

    def response_change(self, request, obj):
        for button, service, message in [
            ("_publish", services.publish_reports, _("The report is published.")),
            ("_unpublish", services.unpublish_reports, _("The report is no longer published.")),
        ]:
            if button in request.POST:
                service(reports=RapporteurReport.objects.filter(pk=obj.pk), by=request.user)
                self.message_user(request, message)
                return redirect("admin:reports_rapporteurreport_change", obj.pk)
        return super().response_change(request, obj)

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request, queryset):
        count = services.publish_reports(reports=queryset, by=request.user)
        self.message_user(
            request, ngettext("%(count)d report published.", "%(count)d reports published.", count) % {"count": count}
        )

    @admin.action(description=_("Unpublish"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = services.unpublish_reports(reports=queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d report unpublished.", "%(count)d reports unpublished.", count) % {"count": count},
        )

    def get_urls(self):
        return [
            path(
                "<int:report_id>/revisions/<int:revision_id>/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="reports_rapporteurreport_compare",
            ),
            path(
                "<int:report_id>/revisions/<int:revision_id>/restore/",
                self.admin_site.admin_view(self.restore_view),
                name="reports_rapporteurreport_restore",
            ),
            *super().get_urls(),
        ]

    def _revision(self, request, report_id, revision_id, permission):
        report = get_object_or_404(RapporteurReport.objects.with_content(), pk=report_id)
        if not permission(request, report):
            raise PermissionDenied
        return report, get_object_or_404(report.revisions.all(), pk=revision_id)

    def _context(self, request, report, revision, title):
        return {
            **self.admin_site.each_context(request),
            "title": title,
            "report": report,
            "revision": revision,
            "opts": self.model._meta,
            "original": report,
        }

    def compare_view(self, request, report_id, revision_id):
        """A revision beside the current content, or beside another revision (?with=<revision id>)."""
        report, revision = self._revision(request, report_id, revision_id, self.has_view_permission)
        other_id = request.GET.get("with", "")
        if other_id.isascii() and other_id.isdigit():  # "²" is a digit to str.isdigit, but no number to int()
            other = get_object_or_404(report.revisions.all(), pk=other_id)
            new, new_label = other.report_content, str(other)
        else:
            new, new_label = report.content, _("Current text (version %(version)s)") % {"version": report.version}
        context = self._context(request, report, revision, _("Compare revisions"))
        context.update(
            table=diff_table(
                revision.report_content, new, report.breakout.questions.all(), str(revision), str(new_label)
            ),
            revisions=report.revisions.all(),
        )
        return TemplateResponse(request, "admin/reports/rapporteurreport/compare.html", context)

    def restore_view(self, request, report_id, revision_id):
        """Confirm, then make the revision's text the current one (a new revision: nothing is lost)."""
        report, revision = self._revision(request, report_id, revision_id, self.has_change_permission)
        if request.method == "POST":
            try:
                services.restore_revision(revision=revision, by=request.user)
            except services.ReportConflict:
                self.message_user(
                    request, _("The report was saved by someone else at the same moment: try again."), messages.ERROR
                )
            else:
                self.message_user(
                    request,
                    _("Version %(version)s is restored as the current text.") % {"version": revision.version},
                )
            return redirect("admin:reports_rapporteurreport_change", report.pk)
        context = self._context(request, report, revision, _("Restore a revision"))
        context["table"] = diff_table(
            report.content,
            revision.report_content,
            report.breakout.questions.all(),
            _("Current text (version %(version)s)") % {"version": report.version},
            str(revision),
        )
        return TemplateResponse(request, "admin/reports/rapporteurreport/restore.html", context)
