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


def link_key_field(help_text):
    """The field that holds a private link's key; `help_text` says whose link it is."""
    return models.CharField(
        _("link key"), max_length=64, unique=True, default=new_link_token, editable=False, help_text=help_text
    )


class PrivateLinkQuerySet(models.QuerySet):
    def active(self):
        """Nominations whose link has not been revoked (it may have expired)."""
        return self.filter(revoked_at__isnull=True)


class PrivateLink(models.Model):
    """A nomination that carries a private link: when it was given and when it was revoked. A subclass adds the key
    (`token = link_key_field(...)`) and an `expires_at` (None: until revoked)."""

    nominated_at = models.DateTimeField(_("nominated"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PrivateLinkQuerySet.as_manager()

    class Meta:
        abstract = True

    def link_state(self, now=None):
        """Whether the private link works now: active, revoked or expired."""
        if self.revoked_at is not None:
            return LinkState.REVOKED
        expires_at = self.expires_at
        if expires_at is not None and (now or timezone.now()) >= expires_at:
            return LinkState.EXPIRED
        return LinkState.ACTIVE
