"""The conference's logos on its pages: the resized copies made when a logo is saved, what a page shows of them, and
the view that serves the copies.

Each logo is kept as uploaded and as copies at the heights the pages show it, in WebP for the pages (at 1×, 2× and
a size for dense phone screens and projectors: the browser picks the smallest that is sharp, from the `srcset`) and in
PNG for print (the cards, the outcome's cover). All of them go through Django's storage API, so that they live
wherever the site's files live (the file system, or an object store every app server shares).

The copies are served by `logo_file` below the conference's address, from the storage, rather than at the storage's
own URL: the same address whatever the storage (no bucket URL in the pages, so the Content-Security-Policy keeps
`img-src 'self'`), and no MEDIA_URL to configure on the web server. Each copy's name holds a key that is new for every
image saved, so that a copy never changes under its address and browsers may keep it for a year.
"""

import io
import re
import secrets
from urllib.parse import urlsplit

from django import forms
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import override
from django.views.decorators.http import require_safe
from PIL import Image

from .models import ConferenceLogo, LogoKind
from .uploads import check_logo

# The heights (CSS pixels) pages show logos at: the site's header, its footer, the printed cards, the projector
# screens, the outcome's cover. The copies: WebP at 48 and 96 (the header at 1× and 2×, the footer's 40 at both)
# and at 240, the smallest upload allowed (conference.uploads.LOGO_MIN_HEIGHT), for 3× phone screens, the projectors
# and print; and a PNG at 240 for print (the outcome's PDF).
SHOWN_HEIGHTS = {"header": 48, "footer": 40, "card": 40, "screen": 72, "cover": 80}
WEBP_HEIGHTS = (48, 96, 240)
PRINT_HEIGHT = 240
CONTENT_TYPES = {"webp": "image/webp", "png": "image/png"}
# A copy's address never changes its content (a new image gets a new key): browsers and proxies may keep it.
COPY_MAX_AGE = 365 * 24 * 3600


def _encoded(image, height, file_format):
    width = max(1, round(image.width * height / image.height))
    resized = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    if file_format == "webp":
        resized.save(buffer, "WEBP", quality=90, method=6)
    else:
        resized.save(buffer, "PNG", optimize=True)
    return width, buffer.getvalue()


def set_image(*, logo, image, image_format):
    """Give `logo` (not saved yet) a new image, `image` a decoded Pillow image checked, turned upright and in RGB(A) by
    conference.uploads.check_logo: stores the resized copies and sets the logo's key, size and copies. The original
    is stored when the logo is saved (its FileField); the previous image's files are removed once the change
    commits."""
    stored = ConferenceLogo.objects.filter(pk=logo.pk).first() if logo.pk else None
    previous = stored_names(stored) if stored else []
    logo.file_key = secrets.token_hex(8)
    logo.file_format = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}[image_format]
    logo.width, logo.height = image.size
    renditions = []
    for file_format, heights in (("webp", WEBP_HEIGHTS), ("png", (PRINT_HEIGHT,))):
        for height in heights:
            width, content = _encoded(image, height, file_format)
            name = default_storage.save(f"logos/{logo.file_key}-{height}.{file_format}", ContentFile(content))
            renditions.append(
                {"name": name, "format": file_format, "width": width, "height": height, "bytes": len(content)}
            )
    logo.renditions = renditions
    transaction.on_commit(lambda: _remove(previous))


def stored_names(logo):
    """Every file of `logo` in the storage: the original and the copies."""
    names = [rendition["name"] for rendition in logo.renditions]
    if logo.image:
        names.append(logo.image.name)
    return names


def _remove(names):
    for name in names:
        default_storage.delete(name)


@receiver(post_delete, sender=ConferenceLogo, dispatch_uid="remove-logo-files")
def remove_files(sender, instance, **kwargs):
    """A logo removed (from the console, the admin, or with its conference) takes its files along, once the removal
    commits."""
    names = stored_names(instance)
    transaction.on_commit(lambda: _remove(names))


class ShownLogo:
    """What a page shows of one logo at one height: the address of the copy for 1× screens, the `srcset` of every
    WebP copy with their widths (the browser takes the smallest sharp enough), the box's width and height (so that
    nothing moves when the image arrives) and the PNG for print."""

    def __init__(self, logo, conference_slug, height):
        self.logo = logo
        self.name = logo.name
        self.link = logo.link
        self.height = height
        self.width = max(1, round(logo.width * height / logo.height))
        webp = [rendition for rendition in logo.renditions if rendition["format"] == "webp"]
        urls = {rendition["name"]: copy_url(conference_slug, rendition["name"]) for rendition in logo.renditions}
        self.srcset = ", ".join(f"{urls[rendition['name']]} {rendition['width']}w" for rendition in webp)
        fitting = [rendition for rendition in webp if rendition["height"] >= height] or webp
        self.src = urls[fitting[0]["name"]]
        self.print_src = next(urls[r["name"]] for r in logo.renditions if r["format"] == "png")
        self.sizes = f"{self.width}px"


def copy_url(conference_slug, name):
    """The address of a copy: below the conference's, without a language prefix (an image is the same in every
    language, so one address per copy keeps one copy in each cache)."""
    with override(None):
        return reverse("logos:file", kwargs={"conference": conference_slug, "name": name.rpartition("/")[2]})


class ConferenceLogos:
    """A conference's logos as its pages show them, from one query: `all` (every logo, in order), `own` (the
    conference's logo, or None) and `co_organisers` (in order), and for each place they show in (`header`, `card`,
    `footer`, `screen`, `cover`) the ShownLogo at its height."""

    def __init__(self, conference):
        logos = list(conference.logos.all()) if conference.pk else []
        self.all = logos
        own = [logo for logo in logos if logo.kind == LogoKind.CONFERENCE and logo.renditions]
        others = [logo for logo in logos if logo.kind == LogoKind.CO_ORGANISER and logo.renditions]
        slug = conference.slug
        self.own = own[0] if own else None
        self.co_organisers = others
        self.header = ShownLogo(own[0], slug, SHOWN_HEIGHTS["header"]) if own else None
        self.card = ShownLogo(own[0], slug, SHOWN_HEIGHTS["card"]) if own else None
        self.footer = [ShownLogo(logo, slug, SHOWN_HEIGHTS["footer"]) for logo in others]
        self.screen = [ShownLogo(logo, slug, SHOWN_HEIGHTS["screen"]) for logo in own + others]
        self.cover = [ShownLogo(logo, slug, SHOWN_HEIGHTS["cover"]) for logo in own + others]

    def __bool__(self):
        return bool(self.own or self.co_organisers)


COPY_ADDRESS = re.compile(r"\A/[-a-zA-Z0-9_]+/logos/(?P<name>[0-9a-f]{16}-[0-9]{1,4}\.(?:webp|png))\Z")


def copy_for_print(url):
    """The copy an address of a logo names, read from the storage, for a document made on the server (the outcome's
    PDF: WeasyPrint's url_fetcher may call this first, so that it never fetches the site over HTTP): WeasyPrint's
    {"string": bytes, "mime_type": type}, or None when `url` is no copy's address or the copy is gone. Logos are
    public: any copy may be read."""
    match = COPY_ADDRESS.search(urlsplit(url).path)
    if match is None:
        return None
    name = match["name"]
    try:
        with default_storage.open(f"logos/{name}", "rb") as file:
            return {"string": file.read(), "mime_type": CONTENT_TYPES[name.rpartition(".")[2]]}
    except FileNotFoundError:
        return None


@require_safe
def logo_file(request, conference, name):
    """One copy of a logo (a few kilobytes), read from the storage: the right type, no sniffing (the site's
    SecurityMiddleware), kept for a year (its address changes with the image)."""
    key = name.partition("-")[0]
    logo = ConferenceLogo.objects.filter(conference__slug=conference, file_key=key).only("renditions").first()
    stored = f"logos/{name}"
    if logo is None or stored not in {rendition["name"] for rendition in logo.renditions}:
        raise Http404
    try:
        with default_storage.open(stored, "rb") as file:
            content = file.read()  # a few kilobytes
    except FileNotFoundError as error:
        raise Http404 from error
    response = HttpResponse(content, content_type=CONTENT_TYPES[name.rpartition(".")[2]])
    patch_cache_control(response, public=True, max_age=COPY_MAX_AGE, immutable=True)
    return response


def https_by_default(field, **kwargs):
    """Form fields of the logo's model fields, an address typed without its scheme read as https://."""
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class LogoForm(forms.ModelForm):
    """A logo as organisers give it, in the admin's inline and on the console's page: the image is checked by its
    content (conference.uploads.check_logo) and, once valid, saved with its resized copies."""

    class Meta:
        model = ConferenceLogo
        fields = ["kind", "name", "link", "image", "position"]
        formfield_callback = https_by_default

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.checked_image = None
        self.fields["image"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        if upload and "image" in self.changed_data:
            self.checked_image = check_logo(upload)
        return upload

    def save(self, commit=True):
        with transaction.atomic():  # the previous image's files are removed once the new one is saved
            logo = super().save(commit=False)
            if self.checked_image is not None:
                image, image_format = self.checked_image
                set_image(logo=logo, image=image, image_format=image_format)
            if commit:
                logo.save()
        return logo
