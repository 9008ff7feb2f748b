"""The console's documents: every document of the conference by place (the conference, each session, each
presentation), a new one with its first file, a document's files by language (added or replaced), made public or
kept for the organisers, and withdrawn after a confirmation. The files are checked where they enter
(conference/uploads.py) and stored on the site's storage (sessions/documents/services.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from sessions.documents import services
from sessions.documents.forms import LanguageFileForm, NewDocumentForm
from sessions.documents.models import Document
from sessions.models import SegmentKind

from .console import OrganiserMixin, add_errors


def documents_by_place(conference):
    """[(heading, documents)]: the conference's own, then each session's and each presentation's that have some, with
    their files, in three queries."""
    documents = list(conference.documents.with_files().select_related("session", "segment").order_by("position", "pk"))
    sessions = list(conference.sessions.prefetch_related("segments"))
    places = [(None, [document for document in documents if document.session_id is None])]
    for session in sessions:
        places.append((str(session), [d for d in documents if d.session_id == session.pk and d.segment_id is None]))
        for segment in session.segments.all():
            if segment.kind == SegmentKind.PRESENTATION:
                places.append((str(segment), [d for d in documents if d.segment_id == segment.pk]))
    return [(heading, found) for heading, found in places if found or heading is None]


class DocumentsMixin(OrganiserMixin):
    permission_required = "documents.view_document"

    def list_url(self):
        return reverse("pages:documents", kwargs={"conference": self.conference.slug})

    def get_document(self):
        return get_object_or_404(
            Document.objects.with_files().select_related("session", "segment"),
            conference=self.conference,
            pk=self.kwargs["pk"],
        )


class DocumentsView(DocumentsMixin, FormView):
    """Every document of the conference, and the form for a new one with its first file."""

    template_name = "documents/organisers/documents.html"
    form_class = NewDocumentForm

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["documents.add_document", "documents.add_documentfile"]
        return [self.permission_required]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "conference": self.conference}

    def get_context_data(self, **kwargs):
        return super().get_context_data(places=documents_by_place(self.conference), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            document = services.create_document(
                conference=self.conference,
                title=data["title"],
                kind=data["kind"],
                language=data["language"],
                upload=data["file"],
                is_public=data["is_public"],
                **data["place"],
            )
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, _("“%(title)s” is added.") % {"title": document.title})
        return HttpResponseRedirect(self.list_url())


class DocumentView(DocumentsMixin, FormView):
    """One document: its files by language, a file to add or replace, public or organisers-only, withdraw."""

    template_name = "documents/organisers/document.html"
    form_class = LanguageFileForm

    def get_permission_required(self):
        if self.request.method == "POST":
            return ["documents.change_document", "documents.add_documentfile", "documents.change_documentfile"]
        return [self.permission_required]

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.document, **kwargs)

    def get(self, request, *args, **kwargs):
        self.document = self.get_document()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.document = self.get_document()
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        language = form.cleaned_data["language"]
        replaced = any(file.language == language for file in self.document.files.all())
        try:
            file_row = services.put_file(document=self.document, language=language, upload=form.cleaned_data["file"])
        except ValidationError as error:
            add_errors(form, error)
            return self.form_invalid(form)
        message = _("The %(language)s file is replaced.") if replaced else _("The %(language)s file is added.")
        messages.success(self.request, message % {"language": file_row.get_language_display()})
        return HttpResponseRedirect(self.request.path)


class PublicView(DocumentsMixin, TemplateView):
    """Make a document public, or keep it for the organisers (a POST from the document's page)."""

    permission_required = "documents.change_document"
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        document = self.get_document()
        is_public = request.POST.get("is_public") == "1"
        services.set_public(document=document, is_public=is_public)
        if is_public:
            messages.success(request, _("“%(title)s” is public.") % {"title": document.title})
        else:
            messages.success(request, _("“%(title)s” is for the organisers only.") % {"title": document.title})
        return HttpResponseRedirect(self.next_url(self.list_url()))


class WithdrawView(DocumentsMixin, TemplateView):
    """Withdraw a document: the page asks to confirm (GET), the form deletes it and its files (POST)."""

    permission_required = "documents.delete_document"
    template_name = "documents/organisers/withdraw.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(document=self.get_document(), **kwargs)

    def post(self, request, *args, **kwargs):
        document = self.get_document()
        services.withdraw_document(document=document)
        messages.success(request, _("“%(title)s” is withdrawn: its files are deleted.") % {"title": document.title})
        return HttpResponseRedirect(self.list_url())
