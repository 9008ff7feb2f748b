"""The conference app's own public pages (conference/urls.py is the project's root URLconf)."""

from django.urls import path

from . import views

app_name = "conference"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("<slug:conference>/", views.ProgrammeView.as_view(), name="programme"),
    path("<slug:conference>/how-sessions-work/", views.ModalitiesView.as_view(), name="modalities"),
]
