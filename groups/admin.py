from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conference.admin import SearchMixin

from .models import Breakout, BreakoutGroup, GroupCountry, GroupPartner, Question


class GroupCountryInline(admin.TabularInline):
    model = GroupCountry
    extra = 0
    autocomplete_fields = ["country"]


class GroupPartnerInline(admin.TabularInline):
    model = GroupPartner
    extra = 0
    autocomplete_fields = ["participant"]


@admin.register(BreakoutGroup)
class BreakoutGroupAdmin(SearchMixin, admin.ModelAdmin):
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
class GroupCountryAdmin(SearchMixin, admin.ModelAdmin):
    list_display = ["country", "group"]
    list_filter = ["group__conference", "group"]
    list_select_related = ["country", "group"]
    search_fields = ["country__name", "country__code"]
    autocomplete_fields = ["country"]


@admin.register(GroupPartner)
class GroupPartnerAdmin(SearchMixin, admin.ModelAdmin):
    list_display = ["participant", "group", "joined_at"]
    list_filter = ["group__conference", "group"]
    list_select_related = ["participant__organisation", "participant__country", "group"]
    search_fields = ["participant__full_name", "participant__email", "participant__organisation__name"]
    autocomplete_fields = ["participant"]


class QuestionInline(admin.StackedInline):
    """A question with answers cannot be deleted here (Django lists the answers at stake): retire it instead."""

    model = Question
    extra = 0
    ordering = ["retired", "position"]
    fields = ["position", "text", "retired"]


@admin.register(Breakout)
class BreakoutAdmin(SearchMixin, admin.ModelAdmin):
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
class QuestionAdmin(SearchMixin, admin.ModelAdmin):
    list_display = ["__str__", "breakout", "position", "retired"]
    list_filter = [
        "retired",
        "breakout__session__conference",
        "breakout__session",
        "breakout__group",
        "breakout__thematic_areas",
    ]
    list_select_related = ["breakout__session", "breakout__group"]
    search_fields = ["text", "breakout__topic"]
    ordering = ["breakout__session__conference", "breakout__session__number", "breakout__group__number", "position"]
