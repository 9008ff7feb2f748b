"""Bounds on the files organisers upload, checked before a file is read: its size, and for an Excel workbook (a zip
file) the sizes its parts inflate to. The limits are settings: DJANGO_MAX_UPLOAD_BYTES, DJANGO_MAX_UNZIPPED_BYTES and
DJANGO_MAX_IMPORT_RECORDS (conference/settings.py).

Django keeps an upload over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) in a temporary file, not in memory, so that the
size is known before anything is read; a proxy in front should refuse far larger requests itself.
"""

import warnings
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

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


# Logos (conference.logos): the formats a browser shows and Pillow reads safely, told by their bytes; at least three
# times the tallest height a page shows a logo at (the outcome's cover, 80 CSS pixels; the projector screens, 72), so
# that it stays sharp on a dense phone screen, a projector and paper; at most a pixel count far below what would fill
# the server's memory when decoded (a few kilobytes of PNG can claim 30,000 × 30,000 pixels), and no wider than a
# banner.
LOGO_FORMATS = ("PNG", "JPEG", "WEBP")
LOGO_MIN_HEIGHT = 240
LOGO_MAX_PIXELS = 25_000_000
LOGO_MAX_RATIO = 8


def check_logo(upload):
    """Refuse (ValidationError) an uploaded logo that is not a PNG, JPEG or WebP image by its bytes (whatever its name
    says), that is too small to stay sharp, too large to decode safely, or wider than LOGO_MAX_RATIO times its
    height. Returns the decoded image (a Pillow Image) and its format ("PNG", "JPEG" or "WEBP")."""
    check_upload(upload)
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    unreadable = _(
        "This file is not a PNG, JPEG or WebP image. Save the logo in one of these formats and upload it again."
    )
    if b"<svg" in head.lower():
        raise ValidationError(
            _(
                "SVG logos are not accepted: an SVG file can carry scripts. Export the logo as PNG (at least "
                "%(height)s pixels high) and upload that."
            )
            % {"height": LOGO_MIN_HEIGHT},
            code="svg",
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload, formats=LOGO_FORMATS) as image:
                image_format, (width, height) = image.format, image.size
                if width * height <= LOGO_MAX_PIXELS:
                    image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        too_many_pixels = True
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(unreadable, code="not_an_image") from error
    else:
        too_many_pixels = width * height > LOGO_MAX_PIXELS
    finally:
        upload.seek(0)
    if too_many_pixels:
        raise ValidationError(
            _(
                "This image has more than %(limit)s million pixels, far more than a logo needs. Save it smaller (a "
                "few hundred pixels high is plenty) and upload it again."
            )
            % {"limit": f"{LOGO_MAX_PIXELS // 1_000_000}"},
            code="too_many_pixels",
        )
    try:
        with Image.open(upload, formats=LOGO_FORMATS) as opened:
            opened.load()
            # Turned as cameras and editors mark it, then in the colours the copies are made in.
            image = ImageOps.exif_transpose(opened)
            transparent = image.mode in ("RGBA", "LA", "P", "PA") or "transparency" in image.info
            image = image.convert("RGBA" if transparent else "RGB")
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(unreadable, code="not_an_image") from error
    finally:
        upload.seek(0)
    width, height = image.size
    if height < LOGO_MIN_HEIGHT:
        raise ValidationError(
            _(
                "This image is %(height)s pixels high; a logo needs at least %(minimum)s to stay sharp on phones and "
                "projectors. Upload a larger version."
            )
            % {"height": height, "minimum": LOGO_MIN_HEIGHT},
            code="too_small",
        )
    if width > LOGO_MAX_RATIO * height:
        raise ValidationError(
            _("This image is more than %(ratio)s times as wide as it is high: crop it to the logo itself.")
            % {"ratio": LOGO_MAX_RATIO},
            code="too_wide",
        )
    return image, image_format
