"""The documents organisers publish: the conference's (concept note, programme, logistics note, background papers), a
session's, and a presentation's (its slides), each in one or more languages, one file per language."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from conference.languages import current_language
from conference.models import Conference
from conference.uploads import DOCUMENT_TYPES
from sessions.models import Segment, SegmentKind, Session

ORIGINAL = settings.LANGUAGE_CODE


class DocumentKind(models.TextChoices):
    CONCEPT_NOTE = "concept_note", _("Concept note")
    PROGRAMME = "programme", _("Programme")
    LOGISTICS = "logistics", _("Logistics note")
    BACKGROUND = "background", _("Background paper")
    SLIDES = "slides", _("Slides")
    OTHER = "other", _("Other")


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """The documents everyone may read (the others are for organisers only)."""
        return self.filter(is_public=True)

    def with_files(self):
        """Each document with its files (one per language), in a fixed number of queries: `document.files.all()`."""
        return self.prefetch_related(models.Prefetch("files", queryset=DocumentFile.objects.order_by("language")))

    def of_conference_only(self):
        """The conference's own documents, attached to no session."""
        return self.filter(session__isnull=True)


class Document(models.Model):
    """A document of the conference, of one of its sessions, or of one presentation (a segment of a session); its
    language versions are its files."""

    conference = models.ForeignKey(
        Conference, on_delete=models.CASCADE, related_name="documents", verbose_name=_("conference")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("session"),
        help_text=_("Blank for a document of the whole conference."),
    )
    segment = models.ForeignKey(
        Segment,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="documents",
        limit_choices_to={"kind": SegmentKind.PRESENTATION},
        verbose_name=_("presentation"),
        help_text=_("For a presentation’s own documents, such as its slides; it must be in the session chosen."),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Untick to keep the document for the organisers only.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0, help_text=_("Order in lists."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["conference_id", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(segment__isnull=True) | Q(session__isnull=False),
                name="document_segment_has_session",
                violation_error_message=_("A presentation’s document belongs to the presentation’s session."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.session_id and self.conference_id and self.session.conference_id != self.conference_id:
            errors["session"] = _("Choose a session of this document’s conference.")
        if self.segment_id:
            if self.segment.kind != SegmentKind.PRESENTATION:
                errors["segment"] = _("Choose a presentation: documents belong to presentations only.")
            elif self.segment.session_id != self.session_id:
                errors["segment"] = _(
                    "This presentation is in session %(number)s: choose that session, or another presentation."
                ) % {"number": self.segment.session.number}
        if errors:
            raise ValidationError(errors)

    def file_for(self, language):
        """The file to offer on a page in `language`: that language's, else the English one, else the first (from the
        prefetched files)."""
        files = list(self.files.all())
        by_language = {file.language: file for file in files}
        return by_language.get(language) or by_language.get(ORIGINAL) or (files[0] if files else None)

    @property
    def shown_file(self):
        """The file to offer on the page being rendered, in its language when there is one (see `file_for`)."""
        return self.file_for(current_language())

    @property
    def other_files(self):
        """The language versions other than `shown_file`, for "also in: …"."""
        shown = self.shown_file
        return [file for file in self.files.all() if file != shown]


def document_path(instance, filename):
    """Where a file is stored: a random folder (unguessable, never reused, so that no two files collide on any
    storage) and a name made of the original's, with the extension of the type its bytes showed."""
    extension = DOCUMENT_TYPES.get(instance.content_type, "bin")
    stem = slugify(instance.original_name.rsplit(".", 1)[0])[:60] or "document"
    return f"documents/{secrets.token_urlsafe(18)}/{stem}.{extension}"


class DocumentFile(models.Model):
    """One language version of a document: the file on the site's storage (settings.STORAGES["default"]), with what
    was recorded when it entered: its original name, size and type (decided from its bytes, conference/uploads.py)."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document"))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=ORIGINAL)
    file = models.FileField(_("file"), upload_to=document_path, max_length=300)
    original_name = models.CharField(_("original name"), max_length=255, editable=False)
    size = models.PositiveBigIntegerField(_("size in bytes"), editable=False)
    content_type = models.CharField(_("type"), max_length=100, editable=False)
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        ordering = ["document_id", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                name="document_file_one_per_language",
                violation_error_message=_("This document already has a file in this language: replace it instead."),
            ),
        ]

    def __str__(self):
        return f"{self.document} ({self.language})"

    @property
    def language_name(self):
        """The language's name in that language ("Français"), as language switchers show it."""
        return get_language_info(self.language)["name_local"]

    @property
    def download_name(self):
        """The name the file downloads as, stable while the file stays: its stored name, without the folder."""
        return self.file.name.rsplit("/", 1)[-1]

    @property
    def extension(self):
        return DOCUMENT_TYPES.get(self.content_type, "").upper()

    @property
    def is_inline(self):
        """PDFs and images open in the browser; everything else downloads."""
        return self.content_type == "application/pdf" or self.content_type.startswith("image/")


@receiver(post_delete, sender=DocumentFile, dispatch_uid="documents-file-leaves-the-storage")
def file_leaves_the_storage(sender, instance, **kwargs):
    """A deleted file row (withdrawn in the console or the admin, or gone with its document, session or conference)
    takes its file off the storage, once the deletion is committed: a rolled-back deletion keeps it."""
    storage, name = instance.file.storage, instance.file.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))
