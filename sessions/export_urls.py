"""The schedule for conference apps, below a conference's address: /<conference>/schedule.xml and .json, in one
language (outside the language prefixes)."""

from django.urls import path

from conference.cache import cache_public_page

from . import export_views

app_name = "exports"

urlpatterns = [
    path("schedule.xml", cache_public_page(export_views.schedule_xml), name="schedule_xml"),
    path("schedule.json", cache_public_page(export_views.schedule_json), name="schedule_json"),
]
