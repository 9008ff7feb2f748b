"""Private links: the key in the address that stands in for an account (a rapporteur's, a facilitator's), whether a
link works now, and the one rule by which every kind of link is opened (find_link). The nominations that carry them
(groups/reports, groups/live) share this."""

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import throttle
from .clients import client_ip

# Unknown private links allowed per client address and window, all kinds of link together: enough for the typos of a
# few hundred phones behind one venue address, far too few to matter for guessing 256-bit keys. Only unknown links are
# counted and refused: a valid key always opens, whatever the misses from its address.
MISS_SCOPE = "private-link-miss"
MISS_LIMIT = 200
MISS_WINDOW_SECONDS = 10 * 60


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


def find_link(request, links, token):
    """The private link of the queryset `links` whose key is `token`, and what keeps it from opening: None (it opens),
    "unknown", "limited" (unknown, and too many unknown links came from the client's address: answer 429 with
    Retry-After MISS_WINDOW_SECONDS), LinkState.REVOKED or LinkState.EXPIRED."""
    link = links.filter(token=token).first()
    if link is None:
        within = throttle.allow(MISS_SCOPE, client_ip(request), limit=MISS_LIMIT, window=MISS_WINDOW_SECONDS)
        return None, "unknown" if within else "limited"
    state = link.link_state()
    return link, None if state == LinkState.ACTIVE else state
