"""The conference app's own public pages (conference/urls.py is the project's root URLconf)."""

from django.urls import path

from . import views
from .cache import cache_public_page

app_name = "conference"

urlpatterns = [
    path("", views.home, name="home"),
    path("<slug:conference>/", cache_public_page(views.ProgrammeView.as_view()), name="programme"),
    path("<slug:conference>/how-sessions-work/", cache_public_page(views.ModalitiesView.as_view()), name="modalities"),
]
