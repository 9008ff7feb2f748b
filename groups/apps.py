from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroupsConfig(AppConfig):
    name = "groups"
    verbose_name = _("Breakout groups")

    def ready(self):
        from conference.cache import watch
        from conference.roles import grant_organisers

        watch(self)
        grant_organisers(self)
