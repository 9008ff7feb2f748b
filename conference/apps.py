from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ConferenceConfig(AppConfig):
    name = "conference"
    verbose_name = _("Conference")

    def ready(self):
        from .cache import watch
        from .models import AttemptCount, ContentVersion
        from .roles import grant_organisers, sync_organisers_after_migrate

        watch(self)
        # The cache's key and the throttles' counts: bookkeeping, not edited by hand.
        grant_organisers(self, exclude=[ContentVersion, AttemptCount])
        post_migrate.connect(sync_organisers_after_migrate, sender=self, dispatch_uid="sync-organisers-group")
