from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The rapporteur workflow: nominations and private links, reports with their revisions, the conference
    outcome and the rapporteur's own pages (the public and console pages that show reports are in groups/pages).
    Nested in groups/ (the design card fixes the top-level folders); its label is `reports`."""

    name = "groups.reports"
    label = "reports"
    verbose_name = _("Rapporteur reports")

    def ready(self):
        from conference.cache import watch
        from conference.roles import grant_organisers

        watch(self)
        grant_organisers(self)
