from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.admin import SearchMixin
from conference.translation_admin import SideBySideTranslationAdmin, SideBySideTranslationStackedInline

from . import services
from .models import Breakout, BreakoutGroup, GroupCountry, GroupPartner, Question


class GroupCountryInline(admin.TabularInline):
    model = GroupCountry
    extra = 0
    autocomplete_fields = ["country"]


class GroupPartnerInline(admin.TabularInline):
    model = GroupPartner
    extra = 0
    autocomplete_fields = ["participant"]
    fields = ["participant", "confirmed_at"]


def confirm_when_added_by_organisers(place):
    """A place an organiser adds is confirmed by that act (sign-ups on the public form wait for it)."""
    if place.pk is None and place.confirmed_at is None:
        place.confirmed_at = timezone.now()


@admin.register(BreakoutGroup)
class BreakoutGroupAdmin(SearchMixin, SideBySideTranslationAdmin):
    list_display = ["display_name", "conference", "country_names"]
    list_filter = ["conference"]
    list_select_related = ["conference"]
    search_fields = ["name", "number", "countries__name"]
    inlines = [GroupCountryInline, GroupPartnerInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is GroupPartner:
            for place_form in formset.forms:
                if place_form.has_changed() and not place_form.cleaned_data.get("DELETE"):
                    confirm_when_added_by_organisers(place_form.instance)
        super().save_formset(request, form, formset, change)

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


class ConfirmedFilter(admin.SimpleListFilter):
    title = _("confirmed")
    parameter_name = "confirmed"

    def lookups(self, request, model_admin):
        return [("yes", _("Confirmed")), ("no", _("Awaiting confirmation"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(confirmed_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(confirmed_at__isnull=True)
        return queryset


@admin.register(GroupPartner)
class GroupPartnerAdmin(SearchMixin, admin.ModelAdmin):
    """Partners sign up on the public form; organisers confirm their places here before the names show."""

    list_display = ["participant", "group", "joined_at", "confirmed_at"]
    list_filter = [ConfirmedFilter, "group__conference", "group"]
    list_select_related = ["participant__organisation", "participant__country", "group"]
    search_fields = ["participant__full_name", "participant__email", "participant__organisation__name"]
    autocomplete_fields = ["participant"]
    actions = ["confirm"]

    def save_model(self, request, obj, form, change):
        confirm_when_added_by_organisers(obj)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the places (the names then show publicly)"), permissions=["change"])
    def confirm(self, request, queryset):
        count = services.confirm_partners(places=queryset)
        self.message_user(
            request, ngettext("%(count)d place confirmed.", "%(count)d places confirmed.", count) % {"count": count}
        )


class QuestionInline(SideBySideTranslationStackedInline):
    """A question with answers cannot be deleted here (Django lists the answers at stake): retire it instead."""

    model = Question
    extra = 0
    ordering = ["retired", "position"]
    fields = ["position", "text", "retired"]


@admin.register(Breakout)
class BreakoutAdmin(SearchMixin, SideBySideTranslationAdmin):
    """One page edits a breakout: its topic, thematic areas and questions."""

    list_display = ["session_number", "group", "topic", "thematic_label", "room"]
    list_display_links = ["topic"]
    list_filter = ["session__conference", "session", "group", "thematic_areas"]
    list_select_related = ["session", "group", "room"]
    search_fields = ["topic", "thematic_label", "questions__text"]
    filter_horizontal = ["thematic_areas"]
    autocomplete_fields = ["room"]
    inlines = [QuestionInline]
    ordering = ["session__conference", "session__number", "group__number"]

    @admin.display(description=_("session"), ordering="session__number")
    def session_number(self, obj):
        return obj.session.number


@admin.register(Question)
class QuestionAdmin(SearchMixin, SideBySideTranslationAdmin):
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
