"""The groups' own forms and calendar feeds. The group pages themselves are routed with them in
groups/reports/group_urls.py."""

from django.urls import path

from conference.cache import cache_public_page

from . import views

urlpatterns = [
    path(
        "find/",
        cache_public_page(views.FindGroupView.as_view(), query=["country", "name", "find"], free_text=["name"]),
        name="find",
    ),
    path("join/", views.PartnerSignupView.as_view(), name="join"),
    path("<int:number>/calendar.ics", cache_public_page(views.group_calendar), name="calendar"),
]
