"""Putting documents' files on the storage and taking them off: the console's views and the admin call these. A file
is checked (conference/uploads.py) before anything is stored; a file that is replaced or withdrawn leaves the storage
once the database has recorded it (a deleted file row's, by the receiver in models.py)."""

from django.db import transaction
from django.utils import timezone

from conference.text import UNSAFE_IN_A_LINE
from conference.uploads import check_document

from .models import Document, DocumentFile


def describe_upload(file_row, upload):
    """Check `upload` and record on `file_row` (a DocumentFile) what it is: its type from its bytes, its size and its
    original name. Raises ValidationError, having stored nothing, when the file is refused."""
    file_row.content_type = check_document(upload)
    file_row.original_name = UNSAFE_IN_A_LINE.sub("", upload.name or "")[:255] or "document"
    file_row.size = upload.size
    file_row.uploaded_at = timezone.now()


def _delete_on_commit(storage, name):
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def put_file(*, document, language, upload):
    """Give `document` its file in `language` from `upload`: a new language version, or the replacement of the one it
    has (whose old file leaves the storage). Returns the DocumentFile. Refused (ValidationError, nothing stored) when
    the file is not an accepted document."""
    file_row = DocumentFile.objects.select_for_update().filter(document=document, language=language).first()
    file_row = file_row or DocumentFile(document=document, language=language)
    old_name = file_row.file.name if file_row.pk else None
    describe_upload(file_row, upload)
    storage = file_row.file.storage
    file_row.file.save(upload.name or "document", upload, save=False)
    stored = file_row.file.name
    try:
        with transaction.atomic():
            file_row.save()
    except Exception:
        storage.delete(stored)
        raise
    _delete_on_commit(storage, old_name)
    return file_row


@transaction.atomic
def create_document(*, conference, title, kind, language, upload, session=None, segment=None, is_public=True):
    """A new document of `conference` (or of `session`, or of the presentation `segment`) with its first file. Refused
    (ValidationError, nothing stored) when the file or the place is not right."""
    if segment is not None:
        session = segment.session
    document = Document(
        conference=conference, session=session, segment=segment, title=title, kind=kind, is_public=is_public
    )
    document.full_clean()
    document.save()
    put_file(document=document, language=language, upload=upload)
    return document


def withdraw_document(*, document):
    """Delete `document` and its files (each leaves the storage once the deletion is committed: models.py)."""
    document.delete()


def set_public(*, document, is_public):
    """Show the document to everyone, or keep it for the organisers."""
    if document.is_public != is_public:
        document.is_public = is_public
        document.save(update_fields=["is_public", "updated_at"])
