from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The documents of the conference, its sessions and their presentations, with their files (a nested app of
    sessions)."""

    name = "sessions.documents"
    label = "documents"
    verbose_name = _("Documents")

    def ready(self):
        from conference.cache import watch
        from conference.roles import grant_organisers

        watch(self)
        grant_organisers(self)
