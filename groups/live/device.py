"""Which phone is asking: an anonymous device id in a signed cookie, so that one phone votes once per question without
an account. The id says nothing about the person; it cannot be forged (signed with the site's secret key), only
dropped: each phone seen for the first time is counted per address (limits.new_device_per_address), since every
new id is one more vote."""

import re
import secrets

from django.conf import settings

from . import limits

COOKIE = "live_device"
SALT = "groups.live.device"
MAX_AGE = 365 * 24 * 3600
DEVICE_ID = re.compile(r"[0-9a-f]{32}")


def device_id(request):
    """The device id from the request's cookie, or None when it has none (or a tampered one)."""
    value = request.get_signed_cookie(COOKIE, default=None, salt=SALT)
    return value if value and DEVICE_ID.fullmatch(value) else None


def ensure_device_id(request, new_device_limit):
    """The request's device id, or a new one that `remember_device` will put in the answer's cookie; None when its
    address has had more new phones than `new_device_limit` (a limits.Limit) allows (then `request.device_refused`
    is that limit)."""
    existing = device_id(request)
    if existing:
        return existing
    if not limits.allow_new_device(request, new_device_limit):
        request.device_refused = new_device_limit
        return None
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
