"""/<conference>/sessions/<n>/ (namespace "sessions"): a session with every group's breakout, rapporteur and
report, composed in this app."""

from django.urls import path

from conference.cache import cache_public_page

from . import public_views as views

app_name = "sessions"

urlpatterns = [
    path("<int:number>/", cache_public_page(views.SessionDetailView.as_view()), name="detail"),
]
