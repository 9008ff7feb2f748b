from django.urls import path

from conference.cache import cache_public_page

from . import views

app_name = "groups"

urlpatterns = [
    path("find/", cache_public_page(views.FindGroupView.as_view(), query=["country", "name", "find"]), name="find"),
    path("join/", views.PartnerSignupView.as_view(), name="join"),
    path("themes/<str:code>/", cache_public_page(views.ThematicAreaView.as_view()), name="theme"),
    path("<int:number>/", cache_public_page(views.GroupDetailView.as_view()), name="detail"),
    path(
        "<int:number>/sessions/<int:session>/", cache_public_page(views.BreakoutDetailView.as_view()), name="breakout"
    ),
]
