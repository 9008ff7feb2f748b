from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """The rapporteur workflow: nominations and private links, reports with their revisions, the organisers' pages
    and the conference outcome. Nested in groups/ (the design card fixes the top-level folders); its label is
    `reports`."""

    name = "groups.reports"
    label = "reports"
    verbose_name = _("Rapporteur reports")

    def ready(self):
        from conference.cache import watch
        from conference.roles import grant_organisers

        from .models import ReportedBreakout

        watch(self)
        # The report pages' view of a breakout (a proxy): the breakout itself is edited in the groups app.
        grant_organisers(self, exclude=[ReportedBreakout])
