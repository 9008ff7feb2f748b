"""The live pages (see conference/urls.py): a session's questions and screen, a group's breakout notes, and the
facilitator's private link under /moderate/<key>/."""

from django.urls import path

from . import moderation, views

app_name = "live"

session = "<slug:conference>/sessions/<int:number>/questions/"

urlpatterns = [
    path(session, views.questions_view, name="questions"),
    path(session + "updates/", views.updates_view, name="updates"),
    path(session + "vote/", views.vote_view, name="vote"),
    path(session + "screen/", views.screen_view, name="screen"),
    path("<slug:conference>/groups/<int:number>/sessions/<int:session>/notes/", views.notes_view, name="notes"),
    path("moderate/<slug:token>/", moderation.moderate_view, name="moderate"),
]
