"""The programme's calendar feed, /<conference>/programme.ics, in each language of the site (/fr/…/programme.ics).
Each group's feed is with the group's pages (groups/urls.py)."""

from django.urls import path

from conference.cache import cache_public_page

from . import export_views

app_name = "calendars"

urlpatterns = [
    path("programme.ics", cache_public_page(export_views.calendar), name="programme"),
]
