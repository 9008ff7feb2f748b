from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conference.admin import SearchMixin
from conference.translation_admin import SideBySideTranslationAdmin, TranslationTabularInlineAdmin

from .models import Room, Segment, Session


class SegmentInline(TranslationTabularInlineAdmin):
    model = Segment
    extra = 0
    ordering = ["position"]
    fields = ["position", "kind", "title", "min_minutes", "max_minutes", "presenter", "description"]
    autocomplete_fields = ["presenter"]


@admin.register(Session)
class SessionAdmin(SearchMixin, SideBySideTranslationAdmin):
    """One page edits a session's programme: its details and its segments."""

    list_display = ["number", "title", "kind", "conference", "date", "start_time", "planned_length"]
    list_display_links = ["number", "title"]
    list_filter = ["conference", "kind", "thematic_areas"]
    list_select_related = ["conference"]
    search_fields = ["title", "description"]
    filter_horizontal = ["thematic_areas", "panellists"]
    autocomplete_fields = ["facilitator", "room"]
    inlines = [SegmentInline]
    fieldsets = [
        (None, {"fields": ["conference", "number", "kind", "title", "thematic_areas", "description", "aim"]}),
        (_("When and where"), {"fields": ["date", "start_time", "room"]}),
        (_("People"), {"fields": ["facilitator", "panellists"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("segments")

    @admin.display(description=_("planned length"))
    def planned_length(self, obj):
        return obj.planned_length or _("to be announced")


@admin.register(Segment)
class SegmentAdmin(SearchMixin, SideBySideTranslationAdmin):
    list_display = ["__str__", "kind", "min_minutes", "max_minutes", "presenter"]
    list_filter = ["session__conference", "session", "kind"]
    list_select_related = ["session", "presenter__country", "presenter__organisation"]
    search_fields = ["title", "description", "session__title"]
    autocomplete_fields = ["presenter"]
    ordering = ["session__conference", "session__number", "position"]


@admin.register(Room)
class RoomAdmin(SearchMixin, SideBySideTranslationAdmin):
    """The venue's rooms: where each session meets in plenary and each group for its breakout."""

    list_display = ["name", "code", "conference", "position"]
    list_filter = ["conference"]
    list_select_related = ["conference"]
    search_fields = ["name", "code"]
    fields = ["conference", "code", "name", "position"]
