"""The documents' files (namespace "documents"), below a conference's address: /<conference>/documents/<document>/
<language>/<name>, the name being the one the file downloads as."""

from django.urls import path

from conference.routes import below_conference

from . import views

app_name = "documents"

urlpatterns = [
    below_conference(
        path("documents/<int:pk>/<str:language>/<str:name>", views.serve_file, name="file"),
    ),
]
