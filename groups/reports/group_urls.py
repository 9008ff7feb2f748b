"""Everything under /<conference>/groups/ (namespace "groups"): the groups' own forms (find my group, partners
joining) and the pages showing the groups' breakouts with their rapporteurs and reports, composed in this app."""

from django.urls import path

from conference.cache import cache_public_page
from groups import urls as groups_urls

from . import public_views as views

app_name = "groups"

urlpatterns = [
    *groups_urls.urlpatterns,
    path("themes/<slug:code>/", cache_public_page(views.ThematicAreaView.as_view()), name="theme"),
    path("<int:number>/", cache_public_page(views.GroupDetailView.as_view(), query=["country"]), name="detail"),
    path(
        "<int:number>/sessions/<int:session>/", cache_public_page(views.BreakoutDetailView.as_view()), name="breakout"
    ),
]
