"""Which phone is asking: an anonymous device id in a signed cookie, so that one phone votes once per question without
an account. The id says nothing about the person; it cannot be forged (signed with the site's secret key), only
dropped, which the per-address limits then bound."""

import re
import secrets

from django.conf import settings

COOKIE = "live_device"
SALT = "groups.live.device"
MAX_AGE = 365 * 24 * 3600
DEVICE_ID = re.compile(r"[0-9a-f]{32}")


def device_id(request):
    """The device id from the request's cookie, or None when it has none (or a tampered one)."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT)
    return value if value and DEVICE_ID.fullmatch(value) else None


def ensure_device_id(request):
    """The request's device id, or a new one that `remember_device` will put in the answer's cookie."""
    existing = device_id(request)
    if existing:
        return existing
    request.new_device_id = secrets.token_hex(16)
    return request.new_device_id


def remember_device(request, response):
    """Give the phone its new device id, if it was given one during this request."""
    new = getattr(request, "new_device_id", None)
    if new:
        response.set_signed_cookie(
            COOKIE,
            new,
            salt=SALT,
            max_age=MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response
