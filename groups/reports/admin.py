from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.admin import SearchMixin
from conference.links import LinkState
from conference.models import Participant
from conference.templatetags.conference_tags import markdown

from . import services
from .content import SECTIONS
from .models import RapporteurNomination, RapporteurReport, RapporteurReportRevision, ReportStatus

# The admin is for data entry. The report workflow (nominating in one step, the links with their QR codes, cards and
# emails, publishing, history, compare and restore) is the organisers' console's: these pages link to it.


def console_link(url, text):
    return format_html('<a href="{}">{}</a>', url, text)


@admin.register(RapporteurNomination)
class RapporteurNominationAdmin(SearchMixin, admin.ModelAdmin):
    """Nominations as records; the console nominates in one step and shows each rapporteur's links and QR codes."""

    list_display = ["participant", "breakout", "link", "nominated_at", "revoked_at"]
    list_filter = ["breakout__session__conference", "breakout__session", "breakout__group"]
    list_select_related = [
        "participant__country",
        "participant__organisation",
        "breakout__session__conference",
        "breakout__group",
    ]
    search_fields = ["participant__full_name", "breakout__topic"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["nominated_at"]
        return ["breakout", "participant", "nominated_at", "revoked_at", "link", "console"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["breakout", "participant"]
        return ["breakout", "participant", "link", "console", "nominated_at", "revoked_at"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "participant":
            # Only delegates can report for a group (partners would be refused on saving).
            kwargs["queryset"] = Participant.objects.filter(country__isnull=False).select_related(
                "conference", "country"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("link"))
    def link(self, obj):
        state = obj.link_state()
        expires_at = obj.expires_at
        if state == LinkState.ACTIVE and expires_at is None:
            return _("Active until revoked (the conference has no last day yet)")
        if state == LinkState.ACTIVE:
            return _("Active until %(time)s") % {"time": expires_at.strftime("%Y-%m-%d %H:%M %Z")}
        return state.label

    @admin.display(description=_("organisers’ console"))
    def console(self, obj):
        url = reverse(
            "organisers:rapporteur",
            kwargs={"conference": obj.breakout.session.conference.slug, "pk": obj.participant_id},
        )
        return console_link(url, _("The rapporteur’s links, QR codes and emails"))

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        else:
            saved = services.nominate_rapporteur(breakout=obj.breakout, participant=obj.participant)
            obj.pk = saved.pk
            obj.refresh_from_db()
        for warning in obj.warnings():
            self.message_user(request, warning, messages.WARNING)

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
    fields = ["version", "action", "status", "saved_by", "created_at"]
    readonly_fields = fields
    ordering = ["-created_at", "-pk"]
    verbose_name_plural = _("revision history")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# Reports that were submitted or published at some time: the record of what a group reported, never deleted here.
WAS_SUBMITTED = Q(submitted_at__isnull=False) | Q(published_at__isnull=False) | ~Q(status=ReportStatus.DRAFT)


def was_submitted(report):
    return report.submitted_at is not None or report.published_at is not None or report.status != ReportStatus.DRAFT


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
    """Reports, read only: what the public will read and the revision history. Editing, publishing, comparing and
    restoring are done in the organisers' console, which the page links to."""

    list_display = ["breakout", "status", "version", "updated_at", "submitted_at", "published_at"]
    list_filter = ["status", "breakout__session__conference", "breakout__session", "breakout__group"]
    list_select_related = ["breakout__session__conference", "breakout__group"]
    search_fields = ["conclusions", "actions", "answers__text", "breakout__topic"]
    inlines = [RevisionInline]
    fields = ["breakout", "status", "version", "console", "content", "updated_at", "submitted_at", "published_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("breakout__questions", "answers")

    actions = ["delete_selected"]

    # Reports are made by nominating a rapporteur and written through the report form, not here. A draft that was
    # never submitted can be deleted (a stray one); a report that was submitted or published cannot, with its
    # revisions: the organisers unpublish it in the console instead. (Deleting its breakout is refused too: the admin
    # asks this for every row a deletion would take with it.)
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or not was_submitted(obj))

    @admin.action(description=delete_selected.short_description, permissions=["delete"])
    def delete_selected(self, request, queryset):
        """The admin's "Delete selected" for drafts only: refused, with nothing deleted, if any selected report was
        submitted or published."""
        kept = queryset.filter(WAS_SUBMITTED).count()
        if kept:
            self.message_user(
                request,
                ngettext(
                    "Nothing was deleted: %(count)d of the selected reports was submitted or published, and such "
                    "reports are kept with their history. Unpublish it in the organisers’ console instead.",
                    "Nothing was deleted: %(count)d of the selected reports were submitted or published, and such "
                    "reports are kept with their history. Unpublish them in the organisers’ console instead.",
                    kept,
                )
                % {"count": kept},
                messages.ERROR,
            )
            return None
        return delete_selected(self, request, queryset)

    @admin.display(description=_("report"))
    def content(self, obj):
        return report_content(obj)

    @admin.display(description=_("organisers’ console"))
    def console(self, obj):
        slug = obj.breakout.session.conference.slug
        links = [
            (reverse("organisers:history", kwargs={"conference": slug, "pk": obj.pk}), _("History, compare, restore")),
            (
                reverse(
                    "organisers:edit_report",
                    kwargs={
                        "conference": slug,
                        "number": obj.breakout.session.number,
                        "group": obj.breakout.group.number,
                    },
                ),
                _("Edit the text"),
            ),
            (
                reverse(
                    "organisers:unpublish" if obj.is_published else "organisers:publish",
                    kwargs={"conference": slug, "pk": obj.pk},
                ),
                _("Unpublish") if obj.is_published else _("Publish"),
            ),
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)
