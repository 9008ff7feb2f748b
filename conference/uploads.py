"""Bounds on the files organisers upload, checked before a file is read: its size, and for an Excel workbook (a zip
file) the sizes its parts inflate to. The limits are settings: DJANGO_MAX_UPLOAD_BYTES, DJANGO_MAX_UNZIPPED_BYTES and
DJANGO_MAX_IMPORT_RECORDS (conference/settings.py). The documents organisers publish are checked by `check_document`:
their kind decided from their bytes, their size within DJANGO_MAX_DOCUMENT_BYTES.

Django keeps an upload over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) in a temporary file, not in memory, so that the
size is known before anything is read; a proxy in front should refuse far larger requests itself.
"""

import warnings
import zipfile

import filetype
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


# The documents organisers publish (sessions/documents): the kinds accepted, decided from the file's bytes, never from
# its name. Each content type with the extension the stored file and its download take.
DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/msword": "doc",
    "application/vnd.ms-excel": "xls",
    "application/vnd.ms-powerpoint": "ppt",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/webp": "webp",
    "image/gif": "gif",
}
# An Office Open XML file names its main part's type in [Content_Types].xml; macro-enabled files name another one.
OOXML_MAIN_PARTS = {
    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    ),
    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    ),
    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    ),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
}
SNIFFED_BYTES = 8192
# The parts read to tell what a zip file is: small by nature (a type list, a one-line mimetype).
MAX_TYPE_PART_BYTES = 256 * 1024
EXECUTABLE_STARTS = (
    b"MZ",  # Windows (PE)
    b"\x7fELF",  # Linux (ELF)
    b"\xfe\xed\xfa\xce",  # macOS (Mach-O, 32 and 64 bits, both byte orders, and universal binaries)
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
    b"#!",  # a script
)


def max_unzipped_document_bytes():
    """What a document's zip parts may inflate to in all: DJANGO_MAX_UNZIPPED_BYTES, or five times the document limit
    when that is more (slides hold pictures that zip does not compress)."""
    return max(settings.MAX_UNZIPPED_BYTES, 5 * settings.MAX_DOCUMENT_BYTES)


def check_document(upload):
    """The content type of an uploaded document (Django's UploadedFile) decided from its bytes, or a ValidationError
    saying why it is refused: over DJANGO_MAX_DOCUMENT_BYTES; a web page, a drawing (HTML, SVG) or a program whatever
    its name; a zip file that is not an Office or OpenDocument file, or would inflate too far; any other kind than
    PDF, Office (OOXML and 97–2003), OpenDocument, or a PNG, JPEG, WebP or GIF image."""
    limit = settings.MAX_DOCUMENT_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file has %(size)s; documents of at most %(limit)s are accepted.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(SNIFFED_BYTES)
    upload.seek(0)
    if head.startswith(b"PK\x03\x04"):
        return _zipped_document_type(upload)
    if head.startswith(EXECUTABLE_STARTS):
        raise ValidationError(_("This file is a program, not a document: it is not accepted."), code="program")
    if _looks_like_markup(head):
        raise ValidationError(
            _(
                "This file is a web page or a drawing (HTML, SVG, XML): a browser could run what it holds, so it is "
                "not accepted. Save it as a PDF and send that."
            ),
            code="markup",
        )
    kind = filetype.guess(head)
    if kind is not None and kind.mime in DOCUMENT_TYPES:
        return kind.mime
    raise ValidationError(not_a_document_message(), code="not_a_document")


def not_a_document_message():
    return _(
        "This file is none of the kinds accepted, whatever its name says: PDF; Word, Excel or PowerPoint; "
        "OpenDocument text, spreadsheet or presentation; PNG, JPEG, WebP or GIF images."
    )


def _looks_like_markup(head):
    """Whether the bytes start like HTML, SVG or any XML (after a byte order mark and blank space)."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip().lower()
    if text.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16
        text = text[2:].replace(b"\x00", b"").lstrip()
    return text.startswith(b"<")


def _zipped_document_type(upload):
    """The type of an Office Open XML or OpenDocument file (a zip file), from its parts: the zip's directory is read
    and its bounds checked before any part is inflated; then only the small part that names the type is read."""
    try:
        with zipfile.ZipFile(upload) as archive:
            parts = archive.infolist()
            _check_document_parts(parts)
            names = {part.filename: part for part in parts}
            mimetype = names.get("mimetype")
            if mimetype is not None and mimetype.file_size <= MAX_TYPE_PART_BYTES:
                declared = archive.read(mimetype).decode("ascii", "replace").strip()
                if declared in ODF_TYPES:
                    return declared
            types = names.get("[Content_Types].xml")
            if types is not None and types.file_size <= MAX_TYPE_PART_BYTES:
                listed = archive.read(types)
                for main_part, content_type in OOXML_MAIN_PARTS.items():
                    if b'ContentType="' + main_part + b'"' in listed:
                        return content_type
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError) as error:
        raise ValidationError(
            _("This zip file cannot be read: %(error)s") % {"error": error}, code="not_a_document"
        ) from error
    finally:
        upload.seek(0)
    raise ValidationError(
        _(
            "This zip file is neither a Word, Excel or PowerPoint file nor an OpenDocument file (or it holds macros): "
            "it is not accepted."
        ),
        code="not_a_document",
    )


def _check_document_parts(parts):
    """The zip-bomb bounds of check_workbook, for a document: its parts' inflated sizes in all, and each one's ratio."""
    inflated = sum(part.file_size for part in parts)
    limit = max_unzipped_document_bytes()
    if inflated > limit:
        raise ValidationError(
            _("This file would take %(size)s once opened; at most %(limit)s are accepted.")
            % {"size": filesizeformat(inflated), "limit": filesizeformat(limit)},
            code="too_large",
        )
    for part in parts:
        if part.file_size > RATIO_CHECKED_ABOVE and part.file_size > MAX_ZIP_RATIO * max(part.compress_size, 1):
            raise ValidationError(
                _("This file’s part %(name)s inflates %(ratio)d times: it is not accepted.")
                % {"name": part.filename, "ratio": part.file_size // max(part.compress_size, 1)},
                code="zip_bomb",
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
