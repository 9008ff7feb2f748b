"""Logos for the tests: images made with Pillow, and logos saved the way organisers save them (conference.logos)."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from conference.logos import LogoForm
from conference.models import LogoKind


def image_bytes(width=600, height=300, file_format="PNG", mode="RGBA"):
    """A drawn image (a coloured frame and a diagonal, so that resizing has edges to keep) in `file_format`."""
    image = Image.new(mode, (width, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, width - 1, height - 1), outline=(0, 78, 124, 255), width=max(1, height // 20))
    draw.line((0, 0, width, height), fill=(200, 30, 30, 255), width=max(1, height // 30))
    buffer = io.BytesIO()
    image.save(buffer, file_format)
    return buffer.getvalue()


def blank_png(width, height):
    """A valid black-and-white PNG of `width` × `height` pixels, written row by row without ever holding the image:
    a few kilobytes that decode to width × height pixels (a decompression bomb, when large)."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = bytes(1 + (width + 7) // 8)  # filter byte, then the pixels, 8 to a byte
    rows = row * max(1, min(height, 1_000_000 // len(row)))
    data = []
    left = height
    while left:
        count = min(left, len(rows) // len(row))
        data.append(compressor.compress(rows[: count * len(row)]))
        left -= count
    data.append(compressor.flush())
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", b"".join(data)) + chunk(b"IEND", b"")


def upload(content, name="logo.png", content_type="image/png"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def logo_form(conference, *, instance=None, files=None, **data):
    fields = {"kind": LogoKind.CO_ORGANISER, "name": "Institution", "link": "", "position": 0} | data
    if instance is None:
        from conference.models import ConferenceLogo

        instance = ConferenceLogo(conference=conference)
    return LogoForm(fields, files or {}, instance=instance)


def add_logo(conference, *, content=None, **data):
    """A logo saved through the organisers' form, with its copies: a 600 × 300 PNG unless `content` says otherwise."""
    form = logo_form(conference, files={"image": upload(content or image_bytes())}, **data)
    assert form.is_valid(), form.errors
    return form.save()
