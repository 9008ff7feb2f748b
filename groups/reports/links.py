"""A rapporteur's private link as the organisers hand it over: the absolute address and its QR code."""

import segno
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .services import link_url


def base_url(request):
    """This site's scheme and host, as the request reached it: the links are made for it."""
    return request.build_absolute_uri("/").rstrip("/")


def qr_svg(url):
    """The QR code of `url` as inline SVG that scales to its box (a viewBox, no fixed size)."""
    svg = segno.make(url, error="m").svg_inline(border=2, omitsize=True, title=_("QR code of the link"))
    return mark_safe(svg)  # noqa: S308 -- SVG drawn by segno from a URL made of our host and a URL-safe key


def with_links(request, nominations):
    """Each nomination with `url` (its private link) and `qr` (the link's QR code) set, for the pages and cards."""
    site = base_url(request)
    for nomination in nominations:
        nomination.url = link_url(site, nomination)
        nomination.qr = qr_svg(nomination.url)
    return nominations
