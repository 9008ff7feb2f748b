"""Logos for the tests: images made with Pillow, and logos saved the way organisers save them (conference.logos)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw

from conference.logos import LogoForm
from conference.models import LogoKind


def image_bytes(width=600, height=300, file_format="PNG", mode="RGBA"):
    """A drawn image (a coloured frame and a diagonal, so that resizing has edges to keep) in `file_format`."""
    image = Image.new(mode, (width, height), "white" if mode != "1" else 1)
    if mode != "1":
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, 0, width - 1, height - 1), outline=(0, 78, 124, 255), width=max(1, height // 20))
        draw.line((0, 0, width, height), fill=(200, 30, 30, 255), width=max(1, height // 30))
    buffer = io.BytesIO()
    image.save(buffer, file_format)
    return buffer.getvalue()


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
