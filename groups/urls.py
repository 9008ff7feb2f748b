"""The groups' own pages (namespace "groups"): find my group, partners joining, and each group's calendar feed. The
pages that show the groups' breakouts with their rapporteurs and reports are composed in groups/pages."""

from django.urls import path

from conference.cache import cache_public_page
from conference.routes import below_conference

from . import views

app_name = "groups"

urlpatterns = [
    below_conference(
        path(
            "groups/find/",
            cache_public_page(views.FindGroupView.as_view(), query=["country", "name", "find"], free_text=["name"]),
            name="find",
        ),
        path("groups/join/", views.PartnerSignupView.as_view(), name="join"),
        path("groups/join/confirm/<str:token>/", views.ConfirmPlaceView.as_view(), name="confirm_place"),
        path("groups/<int:number>/calendar.ics", cache_public_page(views.group_calendar), name="calendar"),
    ),
]
