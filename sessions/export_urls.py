"""The programme's exports, below a conference's address: /<conference>/schedule.xml and so on."""

from django.urls import path

from . import export_views

app_name = "exports"

urlpatterns = [
    path("schedule.xml", export_views.schedule_xml, name="schedule_xml"),
    path("schedule.json", export_views.schedule_json, name="schedule_json"),
    path("programme.ics", export_views.calendar, name="calendar"),
]
