from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SessionsConfig(AppConfig):
    """The programme. Its label is not "sessions": django.contrib.sessions holds that one."""

    name = "sessions"
    label = "agenda_sessions"
    verbose_name = _("Sessions")

    def ready(self):
        from conference.cache import watch
        from conference.roles import grant_organisers

        watch(self)
        grant_organisers(self)
