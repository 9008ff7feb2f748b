"""The rapporteur's private pages, under /report/<key>/ (see conference/urls.py)."""

from django.urls import path

from . import rapporteur_views

app_name = "rapporteur"

urlpatterns = [
    path("<slug:token>/", rapporteur_views.report_view, name="report"),
    path("<slug:token>/autosave/", rapporteur_views.autosave_view, name="autosave"),
]
