import segno
from django.contrib import admin
from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.admin import SearchMixin
from conference.links import LinkState

from . import services
from .models import AudienceQuestion, BreakoutPoint, FacilitatorNomination, LiveSession, NotesLink


@admin.register(LiveSession)
class LiveSessionAdmin(SearchMixin, admin.ModelAdmin):
    """Per session: whether questions need the facilitator's approval, and the state the facilitator sets."""

    list_display = ["session", "needs_approval", "asking_segment", "notes_open"]
    list_filter = ["session__conference", "needs_approval"]
    list_select_related = ["session", "asking_segment__session"]
    search_fields = ["session__title"]
    fieldsets = [
        (None, {"fields": ["session", "needs_approval", "asking_segment", "notes_open"]}),
        (
            _("Limits per network address"),
            {
                "fields": ["new_phones_per_minute", "votes_per_address", "questions_per_address"],
                "description": _(
                    "Everyone on the venue’s Wi-Fi shares one network address: these limits must let the whole room "
                    "take part, and stop one machine that keeps changing its identity."
                ),
            },
        ),
    ]
    autocomplete_fields = ["session"]
    ordering = ["session__conference", "session__number"]

    def get_readonly_fields(self, request, obj=None):
        return ["session"] if obj is not None else []

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "asking_segment":
            kwargs["queryset"] = db_field.related_model.objects.filter(kind__in=("questions", "discussion"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(AudienceQuestion)
class AudienceQuestionAdmin(SearchMixin, admin.ModelAdmin):
    """Every question sent, hidden ones too: nothing is erased, so there is no delete."""

    list_display = ["__str__", "session", "status", "pinned", "vote_count", "asked_by", "affiliation", "created_at"]
    list_filter = ["session__conference", "session", "status"]
    list_select_related = ["session"]
    search_fields = ["text", "asked_by", "affiliation"]
    readonly_fields = ["vote_count", "created_at", "approved_at", "answered_at", "hidden_at"]
    fields = [
        "session",
        "segment",
        "addressee",
        "text",
        "asked_by",
        "affiliation",
        "status",
        "pinned",
        "vote_count",
        "created_at",
        "approved_at",
        "answered_at",
        "hidden_at",
    ]
    autocomplete_fields = ["session", "addressee"]
    actions = ["approve", "hide"]
    ordering = ["-created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(vote_count=Count("votes", filter=Q(votes__discounted=False)))

    @admin.display(description=_("votes"), ordering="vote_count")
    def vote_count(self, obj):
        return getattr(obj, "vote_count", 0)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "segment":
            kwargs["queryset"] = db_field.related_model.objects.select_related("session")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Approve: show on the phones and the screen"), permissions=["change"])
    def approve(self, request, queryset):
        count = services.approve(questions=queryset)
        self.message_user(
            request, ngettext("%(count)d question shown.", "%(count)d questions shown.", count) % {"count": count}
        )

    @admin.action(description=_("Hide from the phones and the screen"), permissions=["change"])
    def hide(self, request, queryset):
        count = services.hide(questions=queryset)
        self.message_user(
            request, ngettext("%(count)d question hidden.", "%(count)d questions hidden.", count) % {"count": count}
        )


@admin.register(BreakoutPoint)
class BreakoutPointAdmin(SearchMixin, admin.ModelAdmin):
    """The groups' points; hidden ones stay here. Nothing is erased, so there is no delete."""

    list_display = ["__str__", "breakout", "question_position", "author", "created_at", "hidden_at"]
    list_filter = [
        "question__breakout__session__conference",
        "question__breakout__session",
        "question__breakout__group",
    ]
    list_select_related = ["question__breakout__session", "question__breakout__group"]
    search_fields = ["text", "author"]
    fields = ["question", "text", "author", "created_at", "hidden_at"]
    readonly_fields = ["created_at", "hidden_at"]
    autocomplete_fields = ["question"]
    actions = ["hide_points", "show_points"]
    ordering = ["-created_at"]

    @admin.display(description=_("breakout"), ordering="question__breakout")
    def breakout(self, obj):
        return obj.question.breakout

    @admin.display(description=_("question"), ordering="question__position")
    def question_position(self, obj):
        return obj.question.position

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Hide from the group’s notes"), permissions=["change"])
    def hide_points(self, request, queryset):
        count = services.hide_points(points=queryset)
        self.message_user(
            request, ngettext("%(count)d point hidden.", "%(count)d points hidden.", count) % {"count": count}
        )

    @admin.action(description=_("Show again in the group’s notes"), permissions=["change"])
    def show_points(self, request, queryset):
        count = services.hide_points(points=queryset, hidden=False)
        self.message_user(
            request, ngettext("%(count)d point shown.", "%(count)d points shown.", count) % {"count": count}
        )


def facilitator_link(request, nomination):
    """The nomination's private link as an absolute URL, and its QR code as inline SVG."""
    url = request.build_absolute_uri(reverse("live:moderate", kwargs={"token": nomination.token}))
    svg = segno.make(url, error="m").svg_inline(scale=5, border=2, title=str(_("Facilitator’s link")))
    return url, mark_safe(svg)  # noqa: S308 -- SVG drawn by segno from a URL made of our host and a URL-safe key


@admin.register(FacilitatorNomination)
class FacilitatorNominationAdmin(SearchMixin, admin.ModelAdmin):
    """Organisers give a session's facilitator a private link; its change page shows the link and its QR code."""

    list_display = ["participant", "session", "link", "nominated_at", "revoked_at"]
    list_filter = ["session__conference", "session"]
    list_select_related = ["participant__country", "participant__organisation", "session__conference"]
    search_fields = ["participant__full_name", "session__title"]
    autocomplete_fields = ["participant", "session"]
    actions = ["revoke"]
    change_form_template = "admin/live/facilitatornomination/change_form.html"

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return ["nominated_at"]
        return ["session", "participant", "nominated_at", "revoked_at", "link"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["session", "participant"]
        return ["session", "participant", "link", "nominated_at", "revoked_at"]

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
            saved = services.nominate_facilitator(session=obj.session, participant=obj.participant)
            obj.pk = saved.pk
            obj.refresh_from_db()

    def response_add(self, request, obj, post_url_continue=None):
        # Straight to the change page, where the new link and its QR code are shown.
        response = super().response_add(request, obj, post_url_continue)
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            return redirect("admin:live_facilitatornomination_change", obj.pk)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        nomination = self.get_object(request, object_id)
        if nomination is not None:
            url, svg = facilitator_link(request, nomination)
            extra_context.update(facilitator_url=url, facilitator_qr=svg, link_state=nomination.link_state())
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Revoke the link"), permissions=["change"])
    def revoke(self, request, queryset):
        count = services.revoke_facilitator_links(nominations=queryset)
        self.message_user(
            request, ngettext("%(count)d link revoked.", "%(count)d links revoked.", count) % {"count": count}
        )


@admin.register(NotesLink)
class NotesLinkAdmin(SearchMixin, admin.ModelAdmin):
    """The groups' notes links, made when the room cards or the breakout screen first show them. Revoke one that has
    leaked: the cards and the screen then show a new one (print the group's card again)."""

    list_display = ["breakout", "link", "nominated_at", "revoked_at"]
    list_filter = ["breakout__session__conference", "breakout__session", "breakout__group"]
    list_select_related = ["breakout__session__conference", "breakout__group"]
    search_fields = ["breakout__topic"]
    fields = ["breakout", "link", "nominated_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("link"))
    def link(self, obj):
        return obj.link_state().label

    @admin.action(description=_("Revoke the link"), permissions=["change"])
    def revoke(self, request, queryset):
        count = services.revoke_notes_links(links=queryset)
        self.message_user(
            request, ngettext("%(count)d link revoked.", "%(count)d links revoked.", count) % {"count": count}
        )
