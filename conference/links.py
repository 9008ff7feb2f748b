"""Private links: the key in the address that stands in for an account (a rapporteur's, a facilitator's), and
whether a link works now. The nominations that carry them (groups/reports, groups/live) share this."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_link_token():
    """An unguessable key for a private link (256 random bits, URL-safe)."""
    return secrets.token_urlsafe(32)


class LinkState(models.TextChoices):
    ACTIVE = "active", _("Active")
    REVOKED = "revoked", _("Revoked")
    EXPIRED = "expired", _("Expired")


class PrivateLink:
    """For a nomination with `revoked_at` and an `expires_at` (None: until revoked)."""

    def link_state(self, now=None):
        """Whether the private link works now: active, revoked or expired."""
        if self.revoked_at is not None:
            return LinkState.REVOKED
        expires_at = self.expires_at
        if expires_at is not None and (now or timezone.now()) >= expires_at:
            return LinkState.EXPIRED
        return LinkState.ACTIVE
