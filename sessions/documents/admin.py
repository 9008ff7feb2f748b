from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from conference.admin import ConferenceAdmin, OnlyConferencePreselected, SearchMixin

from .forms import DocumentFileAdminForm
from .models import Document, DocumentFile


class DocumentFileInline(admin.TabularInline):
    """A document's language versions, one file each; the file is checked as in the console."""

    model = DocumentFile
    form = DocumentFileAdminForm
    extra = 1
    fields = ["language", "file", "original_name", "content_type", "size", "uploaded_at"]
    readonly_fields = ["original_name", "content_type", "size", "uploaded_at"]


@admin.register(Document)
class DocumentAdmin(OnlyConferencePreselected, SearchMixin, admin.ModelAdmin):
    """The conference's, its sessions' and their presentations' documents (the console has the same, with uploads
    and withdrawals a click each). A deleted document's or file row's file leaves the storage (models.py)."""

    list_display = ["title", "kind", "session", "segment", "is_public", "position", "conference"]
    list_filter = ["conference", "kind", "is_public", "session"]
    list_editable = ["is_public", "position"]
    list_select_related = ["conference", "session", "segment__session"]
    search_fields = ["title"]
    autocomplete_fields = ["segment"]
    inlines = [DocumentFileInline]
    fields = ["conference", "session", "segment", "title", "kind", "is_public", "position"]


class ConferenceDocumentInline(admin.TabularInline):
    """The conference's documents, listed on its page (each opens on its own page, with its files)."""

    model = Document
    extra = 0
    fields = ["title", "kind", "session", "segment", "is_public", "position"]
    readonly_fields = ["title", "kind", "session", "segment"]
    show_change_link = True
    verbose_name_plural = _("documents (add them on the documents’ page or in the console)")

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("session", "segment__session")


ConferenceAdmin.add_inline(ConferenceDocumentInline)
