from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("<int:number>/", views.GroupDetailView.as_view(), name="detail"),
]
