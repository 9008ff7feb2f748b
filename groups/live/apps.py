from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    """The live moments of a session: questions from phones with votes and moderation, the projector screen, and
    the groups' breakout notes. Nested in `groups`, which it may import; nothing in `groups`, `sessions` or
    `conference` imports it (its questions, votes and points never raise the public page cache's version)."""

    name = "groups.live"
    label = "live"
    verbose_name = _("Live questions and breakout notes")

    def ready(self):
        from conference.cache import watch
        from conference.roles import grant_organisers

        from .services import SAVES_SEEN, count_saved_record

        watch(self)  # every model says it shows on no public page; a new one counts unless it says so
        grant_organisers(self)
        for model in SAVES_SEEN:
            post_save.connect(count_saved_record, sender=model, dispatch_uid=f"live-counters-{model._meta.label}")
