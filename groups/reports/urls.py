"""The rapporteur's private pages (namespace "reports"), under /report/<key>/: the key stands in for an account, so
these addresses are site-wide, not below a conference's."""

from django.urls import path

from . import rapporteur_views

app_name = "reports"

urlpatterns = [
    path("report/<slug:token>/", rapporteur_views.report_view, name="report"),
    path("report/<slug:token>/autosave/", rapporteur_views.autosave_view, name="autosave"),
    path("report/<slug:token>/points/hide/", rapporteur_views.hide_point_view, name="hide_point"),
]
