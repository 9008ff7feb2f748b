"""The forms documents enter by: the console's (a new document with its first file; a file in a language) and the
admin's file inline. Each checks the file where it enters (conference/uploads.py), so that a refused file is named
under its field, with the other fields kept."""

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from conference.languages import current_language
from conference.text import unsafe_character
from conference.uploads import check_document
from sessions.models import Segment, SegmentKind

from .models import DocumentFile, DocumentKind
from .services import describe_upload

CONFERENCE_PLACE = "conference"


def place_choices(conference):
    """Where a document can be attached: the conference, each session, each presentation (in its session)."""
    sessions = conference.sessions.prefetch_related("segments")
    choices = [(CONFERENCE_PLACE, _("The whole conference"))]
    for session in sessions:
        choices.append((f"session-{session.pk}", str(session)))
        for segment in session.segments.all():
            if segment.kind == SegmentKind.PRESENTATION:
                choices.append((f"segment-{segment.pk}", f"— {segment.position}. {segment.display_title}"))
    return choices


class DocumentFileField(forms.FileField):
    """A document's file, refused here when it is not an accepted document (by its bytes) or too large."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            check_document(upload)
        return upload


class NewDocumentForm(forms.Form):
    """A new document with its first file, attached to the conference, a session or a presentation."""

    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices, initial=DocumentKind.OTHER)
    place = forms.ChoiceField(label=_("Attached to"))
    language = forms.ChoiceField(label=_("Language of the file"), choices=settings.LANGUAGES)
    file = DocumentFileField(label=_("File"), help_text=_("PDF, Word, Excel, PowerPoint, OpenDocument or an image."))
    is_public = forms.BooleanField(
        label=_("Public"), required=False, initial=True, help_text=_("Untick to keep it for the organisers only.")
    )

    def __init__(self, *args, conference, **kwargs):
        super().__init__(*args, **kwargs)
        self.conference = conference
        self.fields["place"].choices = place_choices(conference)
        self.fields["language"].initial = current_language()
        self.fields["title"].widget.attrs["autocomplete"] = "off"

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError(_("Give the document a title."))
        character = unsafe_character(title)
        if character:
            raise forms.ValidationError(
                _("The title holds a character that cannot be shown (%(character)s): remove it.")
                % {"character": character}
            )
        return title

    def clean_place(self):
        """{"session": …, "segment": …} for the chosen place, both None for the conference's own documents."""
        value = self.cleaned_data["place"]
        if value == CONFERENCE_PLACE:
            return {"session": None, "segment": None}
        what, _dash, pk = value.partition("-")
        if what == "session":
            session = self.conference.sessions.filter(pk=pk).first()
            if session is not None:
                return {"session": session, "segment": None}
        elif what == "segment":
            segment = (
                Segment.objects.select_related("session")
                .filter(pk=pk, session__conference=self.conference, kind=SegmentKind.PRESENTATION)
                .first()
            )
            if segment is not None:
                return {"session": segment.session, "segment": segment}
        raise forms.ValidationError(_("Choose where the document belongs from the list."))


class LanguageFileForm(forms.Form):
    """A document's file in one language: a new language version, or the replacement of the one it has."""

    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    file = DocumentFileField(label=_("File"), help_text=_("Replaces the file in this language, if there is one."))


class DocumentFileAdminForm(forms.ModelForm):
    """The admin's file inline: the file checked and described (type, size, original name) as in the console; a
    replaced file leaves the storage."""

    class Meta:
        model = DocumentFile
        fields = ["language", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            describe_upload(self.instance, upload)
        return upload

    def save(self, commit=True):
        if self.instance.pk and "file" in self.changed_data:
            old = DocumentFile.objects.filter(pk=self.instance.pk).values_list("file", flat=True).first()
            storage = self.instance.file.storage
            if old:
                transaction.on_commit(lambda: storage.delete(old))
        return super().save(commit)
