from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from conference.admin import ConferenceAdmin, OnlyConferencePreselected, SearchMixin
from conference.models import Conference
from conference.translation_admin import SideBySideTranslationAdmin, SideBySideTranslationStackedInline

from . import services
from .conference_file import FileRefused, load_conference
from .forms import ConferenceFileForm, CopyConferenceForm
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
class BreakoutGroupAdmin(OnlyConferencePreselected, SearchMixin, SideBySideTranslationAdmin):
    list_display = ["display_name", "conference", "country_names", "default_room"]
    list_filter = ["conference"]
    list_select_related = ["conference", "default_room"]
    search_fields = ["name", "number", "countries__name"]
    autocomplete_fields = ["default_room"]
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

    list_display = ["session_number", "group", "topic", "thematic_label", "effective_room"]
    list_display_links = ["topic"]
    list_filter = ["session__conference", "session", "group", "thematic_areas"]
    list_select_related = ["session", "group__default_room", "room"]
    search_fields = ["topic", "thematic_label", "questions__text"]
    filter_horizontal = ["thematic_areas"]
    autocomplete_fields = ["room"]
    inlines = [QuestionInline]
    ordering = ["session__conference", "session__number", "group__number"]

    @admin.display(description=_("breakout room"))
    def effective_room(self, obj):
        return obj.effective_room or "-"

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


def admin_page(model_admin, request, template, **context):
    return TemplateResponse(
        request,
        f"admin/conference/conference/{template}",
        {**model_admin.admin_site.each_context(request), "opts": model_admin.model._meta, **context},
    )


def copy_view(model_admin, request, pk):
    """Copy a conference's structure into a new conference (no people, nominations or reports)."""
    original = get_object_or_404(Conference, pk=pk)
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = CopyConferenceForm(request.POST or None, initial={"region": original.region})
    if request.method == "POST" and form.is_valid():
        try:
            copy = services.copy_conference(conference=original, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            model_admin.message_user(request, structure_message(copy), messages.SUCCESS)
            return redirect("admin:conference_conference_change", copy.pk)
    return admin_page(
        model_admin,
        request,
        "copy.html",
        title=_("Copy %(conference)s") % {"conference": original},
        original=original,
        form=form,
    )


def load_view(model_admin, request):
    """Create a conference from a file in the fixture's format; every record's errors are shown."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ConferenceFileForm(request.POST or None, request.FILES or None)
    errors, follow_on = [], []
    if request.method == "POST" and form.is_valid():
        try:
            conference = load_conference(data=form.cleaned_data["file"].read(), slug=form.cleaned_data["slug"])
        except FileRefused as refused:
            errors, follow_on = refused.errors, refused.follow_on
        else:
            model_admin.message_user(request, structure_message(conference), messages.SUCCESS)
            return redirect("admin:conference_conference_change", conference.pk)
    return admin_page(
        model_admin,
        request,
        "load.html",
        title=_("Create a conference from a file"),
        form=form,
        errors=errors,
        follow_on=follow_on,
    )


# The two pages of the conference's admin that need its whole structure, which this app knows: copy a conference
# for the next one, and create one from a file in the fixture's format.
ConferenceAdmin.add_page("<int:pk>/copy/", copy_view, name="conference_conference_copy")
ConferenceAdmin.add_page("load/", load_view, name="conference_conference_load")


def structure_message(conference):
    """What a new conference holds, for the message after copying or loading it."""
    counts = {
        "groups": conference.breakout_groups.count(),
        "countries": conference.countries.count(),
        "sessions": conference.sessions.count(),
        "breakouts": Breakout.objects.filter(session__conference=conference).count(),
        "questions": Question.objects.filter(breakout__session__conference=conference).count(),
    }
    return _(
        "%(conference)s is created with %(groups)s groups, %(countries)s countries, %(sessions)s sessions, "
        "%(breakouts)s breakouts and %(questions)s questions. Fill in its name, dates and venue below."
    ) % {"conference": conference.display_name, **counts}
