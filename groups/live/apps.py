from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """The live moments of a session: questions from phones with votes and moderation, the projector screen, and
    the groups' breakout notes. Nested in `groups`, which it may import; nothing in `groups`, `sessions` or
    `conference` imports it (its questions, votes and points never raise the public page cache's version)."""

    name = "groups.live"
    label = "live"
    verbose_name = _("Live questions and breakout notes")
