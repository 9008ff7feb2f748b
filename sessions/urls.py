from django.urls import path

from . import views

app_name = "sessions"

urlpatterns = [
    path("<int:number>/", views.SessionDetailView.as_view(), name="detail"),
]
