"""The live pages (namespace "live"): a session's questions and screen, and the private links, site-wide (the key
stands in for an account): the facilitator's under /moderate/<key>/, a group's breakout notes under /notes/<key>/."""

from django.urls import path

from conference.routes import below_conference

from . import moderation, views

app_name = "live"

session = "sessions/<int:number>/questions/"

urlpatterns = [
    path("moderate/<slug:token>/", moderation.moderate_view, name="moderate"),
    path("notes/<slug:token>/", views.notes_view, name="notes"),
    below_conference(
        path(session, views.questions_view, name="questions"),
        path(session + "updates/", views.updates_view, name="updates"),
        path(session + "vote/", views.vote_view, name="vote"),
        path(session + "screen/", views.screen_view, name="screen"),
    ),
]
