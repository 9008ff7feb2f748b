"""The project's root URLconf: the admin, and every app's one urls.py (each declares its namespace beside its views;
conference/routes.py adds the conference prefix). The one place where `conference` names the other apps.

Public pages are in English at their plain address and in French, Spanish and Dutch under /fr/, /es/ and /nl/
(i18n_patterns), so that a language switch is a plain link that works without JavaScript, cookies or forms.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("conference.logo_urls")),
    *i18n_patterns(
        # The order matters only where a site-wide address could read as a conference's (/organisers/, /report/…):
        # the site-wide ones come first, in each app's urls.py and here.
        path("", include("sessions.urls")),
        path("", include("sessions.documents.urls")),
        path("", include("groups.reports.urls")),
        path("", include("groups.live.urls")),
        path("", include("groups.urls")),
        path("", include("groups.pages.urls")),
        prefix_default_language=False,
    ),
]
