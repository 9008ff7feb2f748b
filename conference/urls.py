"""Wires every app's pages; the one place where `conference` imports the other apps."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("report/", include("groups.rapporteur_urls")),
    path("", include("conference.site_urls")),
    path("<slug:conference>/sessions/", include("sessions.urls")),
    path("<slug:conference>/groups/", include("groups.urls")),
    path("<slug:conference>/organisers/", include("groups.organiser_urls")),
]
