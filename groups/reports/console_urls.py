"""/organisers/: the console's front door, linked from the admin's header (see conference/urls.py)."""

from django.urls import path

from . import organiser_views as views

app_name = "console"

urlpatterns = [
    path("", views.ConsoleEntryView.as_view(), name="entry"),
]
