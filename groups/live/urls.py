"""The live pages (namespace "live"): a session's questions and screen, a group's breakout notes, and the
facilitator's private link under /moderate/<key>/ (site-wide: the key stands in for an account)."""

from django.urls import path

from conference.routes import below_conference

from . import moderation, views

app_name = "live"

session = "sessions/<int:number>/questions/"

urlpatterns = [
    path("moderate/<slug:token>/", moderation.moderate_view, name="moderate"),
    below_conference(
        path(session, views.questions_view, name="questions"),
        path(session + "updates/", views.updates_view, name="updates"),
        path(session + "vote/", views.vote_view, name="vote"),
        path(session + "screen/", views.screen_view, name="screen"),
        path("groups/<int:number>/sessions/<int:session>/notes/", views.notes_view, name="notes"),
    ),
]
