"""The programme's exports (namespace "sessions"), below a conference's address: the calendar feed in the reader's
language (/fr/<conference>/programme.ics), and the schedule for conference apps (/<conference>/schedule.xml and
.json), which is written in the site's default language whatever the address's prefix (see export_views). Each
group's feed is with the groups (groups/urls.py); the session pages are composed in groups/pages."""

from django.urls import path

from conference.cache import cache_public_page
from conference.routes import below_conference

from . import export_views

app_name = "sessions"

urlpatterns = [
    below_conference(
        path("programme.ics", cache_public_page(export_views.calendar), name="calendar"),
        path("schedule.xml", cache_public_page(export_views.schedule_xml), name="schedule_xml"),
        path("schedule.json", cache_public_page(export_views.schedule_json), name="schedule_json"),
    ),
]
