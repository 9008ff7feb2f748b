from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .models import (
    Breakout,
    BreakoutGroup,
    GroupCountry,
    GroupPartner,
    Question,
    RapporteurNomination,
    RapporteurReport,
)


class GroupCountryInline(admin.TabularInline):
    model = GroupCountry
    extra = 0
    autocomplete_fields = ["country"]


class GroupPartnerInline(admin.TabularInline):
    model = GroupPartner
    extra = 0
    autocomplete_fields = ["participant"]


@admin.register(BreakoutGroup)
class BreakoutGroupAdmin(admin.ModelAdmin):
    list_display = ["display_name", "conference", "country_names"]
    list_filter = ["conference"]
    list_select_related = ["conference"]
    search_fields = ["name", "number", "countries__name"]
    inlines = [GroupCountryInline, GroupPartnerInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description=_("group"), ordering="number")
    def display_name(self, obj):
        return obj.display_name

    @admin.display(description=_("countries and territories"))
    def country_names(self, obj):
        return ", ".join(country.name for country in obj.countries.all())


@admin.register(GroupCountry)
class GroupCountryAdmin(admin.ModelAdmin):
    list_display = ["country", "group"]
    list_filter = ["group__conference", "group"]
    list_select_related = ["country", "group"]
    search_fields = ["country__name", "country__code"]
    autocomplete_fields = ["country"]


@admin.register(GroupPartner)
class GroupPartnerAdmin(admin.ModelAdmin):
    list_display = ["participant", "group", "joined_at"]
    list_filter = ["group__conference", "group"]
    list_select_related = ["participant__organisation", "participant__country", "group"]
    search_fields = ["participant__full_name", "participant__email", "participant__organisation__name"]
    autocomplete_fields = ["participant"]


class QuestionInline(admin.StackedInline):
    model = Question
    extra = 0
    ordering = ["position"]
    fields = ["position", "text"]


@admin.register(Breakout)
class BreakoutAdmin(admin.ModelAdmin):
    """One page edits a breakout: its topic, thematic areas and questions."""

    list_display = ["session_number", "group", "topic", "thematic_label"]
    list_display_links = ["topic"]
    list_filter = ["session__conference", "session", "group", "thematic_areas"]
    list_select_related = ["session", "group"]
    search_fields = ["topic", "thematic_label", "questions__text"]
    filter_horizontal = ["thematic_areas"]
    inlines = [QuestionInline]
    ordering = ["session__conference", "session__number", "group__number"]

    @admin.display(description=_("session"), ordering="session__number")
    def session_number(self, obj):
        return obj.session.number


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "breakout", "position"]
    list_filter = [
        "breakout__session__conference",
        "breakout__session",
        "breakout__group",
        "breakout__thematic_areas",
    ]
    list_select_related = ["breakout__session", "breakout__group"]
    search_fields = ["text", "breakout__topic"]
    ordering = ["breakout__session__conference", "breakout__session__number", "breakout__group__number", "position"]


@admin.register(RapporteurNomination)
class RapporteurNominationAdmin(admin.ModelAdmin):
    list_display = ["participant", "breakout", "nominated_at", "revoked_at"]
    list_filter = ["breakout__session__conference", "breakout__session", "breakout__group"]
    list_select_related = ["participant__country", "participant__organisation", "breakout__session", "breakout__group"]
    search_fields = ["participant__full_name", "breakout__topic"]
    autocomplete_fields = ["participant"]
    readonly_fields = ["nominated_at"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        for warning in obj.warnings():
            self.message_user(request, warning, messages.WARNING)


@admin.register(RapporteurReport)
class RapporteurReportAdmin(admin.ModelAdmin):
    list_display = ["breakout", "status", "updated_at", "submitted_at", "published_at"]
    list_filter = ["status", "breakout__session__conference", "breakout__session", "breakout__group"]
    list_select_related = ["breakout__session", "breakout__group"]
    search_fields = ["text", "breakout__topic"]
    readonly_fields = ["status", "created_at", "updated_at", "submitted_at", "published_at"]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Publish"), permissions=["change"])
    def publish(self, request, queryset):
        count = services.publish_reports(reports=queryset)
        self.message_user(
            request, ngettext("%(count)d report published.", "%(count)d reports published.", count) % {"count": count}
        )

    @admin.action(description=_("Unpublish"), permissions=["change"])
    def unpublish(self, request, queryset):
        count = services.unpublish_reports(reports=queryset)
        self.message_user(
            request,
            ngettext("%(count)d report unpublished.", "%(count)d reports unpublished.", count) % {"count": count},
        )
