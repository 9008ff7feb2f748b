"""Bounds on the files organisers upload, checked before a file is read: its size, and for an Excel workbook (a zip
file) the sizes its parts inflate to. The limits are settings: DJANGO_MAX_UPLOAD_BYTES, DJANGO_MAX_UNZIPPED_BYTES and
DJANGO_MAX_IMPORT_RECORDS (conference/settings.py).

Django keeps an upload over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) in a temporary file, not in memory, so that the
size is known before anything is read; a proxy in front should refuse far larger requests itself.
"""

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# A part inflating to more than this many times its compressed size is a zip bomb's sign: an Excel sheet compresses
# some 5 to 20 times. Small parts (a few kilobytes of repeated markup) may compress better.
MAX_ZIP_RATIO = 100
RATIO_CHECKED_ABOVE = 1024 * 1024


def check_size(size):
    """Refuse (ValidationError) a file of `size` bytes over DJANGO_MAX_UPLOAD_BYTES."""
    if size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file has %(size)s; files of at most %(limit)s are accepted.")
            % {"size": filesizeformat(size), "limit": filesizeformat(settings.MAX_UPLOAD_BYTES)},
            code="too_large",
        )


def check_upload(upload):
    """Refuse an uploaded file (Django's UploadedFile) larger than DJANGO_MAX_UPLOAD_BYTES, from its size alone."""
    check_size(upload.size)


def check_workbook(file):
    """Refuse an Excel workbook (a zip file, seekable) whose parts would inflate to more than DJANGO_MAX_UNZIPPED_BYTES
    in all, or one of them more than MAX_ZIP_RATIO times: read from the zip's directory, before anything is inflated.
    The declared sizes hold: Python's zipfile inflates no part beyond its declared size (it reports an error)."""
    try:
        with zipfile.ZipFile(file) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(_("This is not an Excel workbook (.xlsx): %(error)s") % {"error": error}) from error
    finally:
        file.seek(0)
    inflated = sum(part.file_size for part in parts)
    if inflated > settings.MAX_UNZIPPED_BYTES:
        raise ValidationError(
            _("This workbook would take %(size)s once opened; at most %(limit)s are accepted.")
            % {"size": filesizeformat(inflated), "limit": filesizeformat(settings.MAX_UNZIPPED_BYTES)},
            code="too_large",
        )
    for part in parts:
        if part.file_size > RATIO_CHECKED_ABOVE and part.file_size > MAX_ZIP_RATIO * max(part.compress_size, 1):
            raise ValidationError(
                _("This workbook’s part %(name)s inflates %(ratio)d times: it is not a spreadsheet of people.")
                % {"name": part.filename, "ratio": part.file_size // max(part.compress_size, 1)},
                code="zip_bomb",
            )


def check_record_count(count, *, what):
    """Refuse an import of more than DJANGO_MAX_IMPORT_RECORDS `what` (rows, records), saying how to split it."""
    limit = settings.MAX_IMPORT_RECORDS
    if count > limit:
        raise ValidationError(
            _(
                "The file has %(count)s %(what)s; one import takes at most %(limit)s. Split it into files of at most "
                "%(limit)s %(what)s and import them one after the other."
            )
            % {"count": f"{count:,}", "what": what, "limit": f"{limit:,}"},
            code="too_many",
        )
