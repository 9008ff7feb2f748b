from django.contrib import admin, messages
from django.db import models
from django.utils.translation import gettext_lazy as _

from conference.admin import ConferenceAdmin, OnlyConferencePreselected, SearchMixin
from conference.models import Conference
from conference.translation_admin import SideBySideTranslationAdmin, TranslationTabularInlineAdmin

from .models import Contribution, Room, Segment, Session, overlaps

# One way to write dates and times, shown where they are typed: "27/11/2026" could be 27 November or nothing, and
# "03/04/2026" March or April, so only the ISO forms are taken, and a refusal names them.
DATE_FORMAT_HELP = _("YYYY-MM-DD")
DATE_INVALID = _("Enter the date as YYYY-MM-DD, for example 2026-11-27.")
TIME_FORMAT_HELP = _("HH:MM")
TIME_INVALID = _("Enter the time as HH:MM on a 24-hour clock, for example 09:30 or 14:00.")


def contributor_names(segment):
    """The segment's contributors, in order, each with their country or organisation (see `with_contributors`)."""
    return ", ".join(str(person) for person in segment.contributor_list) or "–"


class SegmentInline(TranslationTabularInlineAdmin):
    """The session's timeline. A presentation's contributors show here and are named on the segment's own page
    (the link at the end of each row): an inline cannot hold another inline."""

    model = Segment
    extra = 0
    ordering = ["position"]
    fields = ["position", "kind", "title", "min_minutes", "max_minutes", "contributors_shown", "description"]
    readonly_fields = ["contributors_shown"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).with_contributors()

    @admin.display(description=_("contributors"))
    def contributors_shown(self, obj):
        return contributor_names(obj) if obj.pk else "–"


@admin.register(Session)
class SessionAdmin(OnlyConferencePreselected, SearchMixin, SideBySideTranslationAdmin):
    """One page edits a session's programme: its details and its segments. The list is the timetable: each session's
    date and start time are edited in it, and sessions that overlap are pointed out."""

    list_display = ["number", "short_title", "date", "start_time", "room", "planned_length", "conference"]
    list_display_links = ["number", "short_title"]
    list_editable = ["date", "start_time", "room"]
    list_filter = ["conference", "kind", "thematic_areas"]
    list_select_related = ["conference", "room"]
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

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(db_field, models.DateField) and db_field.name == "date":
            field.input_formats = ["%Y-%m-%d"]
            field.error_messages["invalid"] = DATE_INVALID
            field.widget.attrs.update(placeholder=DATE_FORMAT_HELP, size=10)
            field.help_text = _("As YYYY-MM-DD, e.g. 2026-11-27.")
        elif db_field.name == "start_time":
            field.input_formats = ["%H:%M", "%H:%M:%S"]
            field.error_messages["invalid"] = TIME_INVALID
            field.widget.attrs.update(placeholder=TIME_FORMAT_HELP, size=8)
            field.help_text = _("Local time at the venue, as HH:MM on a 24-hour clock, e.g. 09:30.")
        return field

    def get_list_display(self, request):
        """The list with a column naming, for each session, the sessions it overlaps (worked out once per page)."""
        found = {}

        def clashes(session):
            if session.conference_id not in found:
                found[session.conference_id] = overlaps(
                    Session.objects.filter(conference_id=session.conference_id).prefetch_related("segments")
                )
            others = found[session.conference_id].get(session, [])
            return ", ".join(str(other.number) for other in others) or "–"

        clashes.short_description = _("overlaps sessions")
        columns = super().get_list_display(request)
        if Conference.objects.sole() is not None:  # one conference: its name in every row only takes room
            columns = [column for column in columns if column != "conference"]
        return [*columns, clashes]

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if request.method == "POST" and response.status_code == 302:
            self.warn_about_overlaps(request, Session.objects.all())
        return response

    def response_change(self, request, obj):
        self.warn_about_overlaps(request, Session.objects.filter(conference_id=obj.conference_id))
        return super().response_change(request, obj)

    def response_add(self, request, obj, post_url_continue=None):
        self.warn_about_overlaps(request, Session.objects.filter(conference_id=obj.conference_id))
        return super().response_add(request, obj, post_url_continue)

    def warn_about_overlaps(self, request, sessions):
        clashing = overlaps(sessions.select_related("conference").prefetch_related("segments"))
        for session, others in sorted(clashing.items(), key=lambda item: (item[0].conference_id, item[0].number)):
            later = [other for other in others if other.number > session.number]
            if later:
                self.message_user(
                    request,
                    _("Session %(number)s (%(when)s) overlaps session %(others)s. Check their dates and start times.")
                    % {
                        "number": session.number,
                        "when": f"{session.date:%Y-%m-%d} {session.start_time:%H:%M}",
                        "others": ", ".join(str(other.number) for other in later),
                    },
                    messages.WARNING,
                )

    @admin.display(description=_("title"), ordering="title")
    def short_title(self, obj):
        return obj.title if len(obj.title) <= 60 else f"{obj.title[:59]}…"

    @admin.display(description=_("planned length"))
    def planned_length(self, obj):
        return obj.planned_length or _("to be announced")


class ContributionInline(admin.TabularInline):
    """A presentation's contributors, in order: who presents it, from which country or organisation."""

    model = Contribution
    extra = 1
    fields = ["position", "participant"]
    ordering = ["position", "pk"]
    autocomplete_fields = ["participant"]


@admin.register(Segment)
class SegmentAdmin(SearchMixin, SideBySideTranslationAdmin):
    """A segment of a session, and for a presentation its contributors (reached from the session's timeline)."""

    list_display = ["__str__", "kind", "min_minutes", "max_minutes", "contributors_shown"]
    list_filter = ["session__conference", "session", "kind"]
    list_select_related = ["session"]
    search_fields = ["title", "description", "session__title", "contributions__participant__full_name"]
    ordering = ["session__conference", "session__number", "position"]
    inlines = [ContributionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_contributors()

    @admin.display(description=_("contributors"))
    def contributors_shown(self, obj):
        return contributor_names(obj)


class RoomInline(TranslationTabularInlineAdmin):
    """The venue's rooms on the conference's page, entered with its dates and time zone in one save."""

    model = Room
    extra = 0
    fields = ["code", "name", "position"]
    ordering = ["position", "code"]


ConferenceAdmin.add_inline(RoomInline)


@admin.register(Room)
class RoomAdmin(OnlyConferencePreselected, SearchMixin, SideBySideTranslationAdmin):
    """The venue's rooms: where each session meets in plenary and each group for its breakout."""

    list_display = ["name", "code", "conference", "position"]
    list_filter = ["conference"]
    list_select_related = ["conference"]
    search_fields = ["name", "code"]
    fields = ["conference", "code", "name", "position"]
