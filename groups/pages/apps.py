from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The pages that compose several apps, for the public and for the organisers (no models of its own)."""

    name = "groups.pages"
    label = "pages"
    verbose_name = _("Pages")
