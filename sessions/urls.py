from django.urls import path

from conference.cache import cache_public_page

from . import views

app_name = "sessions"

urlpatterns = [
    path("<int:number>/", cache_public_page(views.SessionDetailView.as_view()), name="detail"),
]
