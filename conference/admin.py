import functools

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AdminURLFieldWidget
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import path
from django.utils.text import smart_split
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin

from .logos import LogoForm
from .models import Conference, ConferenceLogo, Country, LogoKind, Organisation, Participant, ThematicArea
from .people import PeopleImportExportMixin
from .translation_admin import SideBySideTranslationAdmin, TranslationFilesAdmin

MAX_SEARCH_WORDS = 20


class LoginForm(AdminAuthenticationForm):
    """The admin's login form with the username's length checked. Django sets the field's max_length after making
    it, so no validator checks it, and django-axes then fails to record a failed login with a name over 255
    characters on PostgreSQL (a 500 instead of the form; jazzband/django-axes#1381)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


admin.site.login_form = LoginForm


class NulSafeChangeList(ChangeList):
    """An admin list whose filters hold a NUL character lists nothing: no stored text can hold one. Passed to the
    database, PostgreSQL refuses such a query (a server error) and SQLite ends a LIKE pattern at the NUL, so that
    `?name__contains=%00` listed every row."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        filters = self.get_filters_params()
        if any("\x00" in name or any("\x00" in value for value in values) for name, values in filters.items()):
            return queryset.none()  # no query at all, not even the count
        return queryset


class SearchMixin:
    """The list's search box, filters and the autocompletes, kept to one reasonable query whatever is typed.

    Each word of a search adds a condition on every search field: a pasted paragraph of 2,000 words made a query
    SQLite refuses ("Expression tree is too large") and PostgreSQL takes seconds to plan, so only the first words
    count. Django's autocomplete passes the term straight to the query (the search box validates it first), and
    PostgreSQL refuses a NUL character in a query: it is dropped from searches, and a filter holding one lists
    nothing (NulSafeChangeList).
    """

    def get_search_results(self, request, queryset, search_term):
        words = list(smart_split(search_term.replace("\x00", "")))[:MAX_SEARCH_WORDS]
        return super().get_search_results(request, queryset, " ".join(words))

    def get_changelist(self, request, **kwargs):
        return NulSafeChangeList


class OnlyConferencePreselected:
    """An add form's conference is the only one when the site holds one: nothing to choose."""

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if "conference" not in initial:
            conferences = list(Conference.objects.values_list("pk", flat=True)[:2])
            if len(conferences) == 1:
                initial["conference"] = conferences[0]
        return initial


class LogoFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        own = [
            form
            for form in self.forms
            if form.cleaned_data.get("kind") == LogoKind.CONFERENCE and not form.cleaned_data.get("DELETE")
        ]
        if len(own) > 1:
            raise ValidationError(_("A conference has at most one logo of its own: make the others co-organisers’."))


class ConferenceLogoInline(admin.TabularInline):
    """The conference's logo and the co-organisers', each checked and resized when saved (conference.logos)."""

    model = ConferenceLogo
    form = LogoForm
    formset = LogoFormSet
    extra = 0
    fields = ["kind", "name", "link", "image", "position"]
    formfield_overrides = {models.URLField: {"widget": AdminURLFieldWidget, "assume_scheme": "https"}}


@admin.register(Conference)
class ConferenceAdmin(TranslationFilesAdmin, SearchMixin, SideBySideTranslationAdmin):
    """The conference's records, and the pages and inlines other apps add to it (`add_page`, `add_inline`)."""

    # The conference's logos, then the inlines of the apps above this one (the rooms), which they add from their
    # admin module.
    inlines = [ConferenceLogoInline]
    # (route, view, URL name): pages of the apps that know a conference's whole structure (copy it, load it from
    # a file), which they add from their admin module; each view is called with this ModelAdmin and the request.
    pages = []

    list_display = ["display_name", "slug", "region", "start_date", "end_date", "venue"]
    search_fields = ["name", "slug", "region", "venue"]
    prepopulated_fields = {"slug": ["region"]}
    fieldsets = [
        (None, {"fields": ["slug", "region", "name", "aim"]}),
        (_("Where and when"), {"fields": ["venue", "start_date", "end_date", "time_zone"]}),
        (_("How the sessions work"), {"fields": ["modalities"]}),
        (_("Outcome"), {"fields": ["conclusions", "participants_public"]}),
    ]

    @classmethod
    def add_inline(cls, inline):
        """Edit the records of another app on the conference's page (its rooms, with its dates), as `inline`."""
        cls.inlines = [*cls.inlines, inline]

    @classmethod
    def add_page(cls, route, view, *, name):
        """Add a page under the conference's admin, at `route`, named `name` in the admin's namespace."""
        cls.pages.append((route, view, name))

    def get_urls(self):
        pages = [
            path(route, self.admin_site.admin_view(functools.partial(view, self)), name=name)
            for route, view, name in self.pages
        ]
        return pages + super().get_urls()

    @admin.display(description=_("name"), ordering="name")
    def display_name(self, obj):
        return obj.display_name


@admin.register(ThematicArea)
class ThematicAreaAdmin(OnlyConferencePreselected, SearchMixin, SideBySideTranslationAdmin):
    list_display = ["code", "title", "parent", "conference"]
    list_display_links = ["code", "title"]
    list_filter = ["conference"]
    list_select_related = ["conference", "parent__conference"]
    search_fields = ["code", "title"]
    ordering = ["conference", "position", "code"]


@admin.register(Country)
class CountryAdmin(OnlyConferencePreselected, SearchMixin, admin.ModelAdmin):
    list_display = ["name", "code", "conference"]
    list_filter = ["conference", "breakout_groups"]
    list_select_related = ["conference"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(OnlyConferencePreselected, SearchMixin, admin.ModelAdmin):
    list_display = ["name", "acronym", "kind", "conference"]
    list_filter = ["conference", "kind", "from_signup"]
    list_select_related = ["conference"]
    search_fields = ["name", "acronym"]


@admin.register(Participant)
class ParticipantAdmin(
    OnlyConferencePreselected, PeopleImportExportMixin, ImportExportMixin, SearchMixin, admin.ModelAdmin
):
    """Participants one by one, or in bulk: import from CSV or Excel with a preview, export (conference/people.py)."""

    list_display = ["full_name", "function", "country", "organisation", "email", "is_organiser", "listed", "conference"]
    list_filter = ["conference", "is_organiser", "listed", "organisation__kind", "country", "language"]
    list_select_related = ["conference", "country", "organisation"]
    search_fields = ["full_name", "email", "country__name", "organisation__name", "organisation__acronym"]
    autocomplete_fields = ["country", "organisation"]
