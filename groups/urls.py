from django.urls import path

from . import views

app_name = "groups"

urlpatterns = [
    path("find/", views.FindGroupView.as_view(), name="find"),
    path("join/", views.PartnerSignupView.as_view(), name="join"),
    path("themes/<str:code>/", views.ThematicAreaView.as_view(), name="theme"),
    path("<int:number>/", views.GroupDetailView.as_view(), name="detail"),
    path("<int:number>/sessions/<int:session>/", views.BreakoutDetailView.as_view(), name="breakout"),
]
