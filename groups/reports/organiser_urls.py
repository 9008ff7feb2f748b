"""Organisers' pages under /<conference>/organisers/ (see conference/urls.py). Staff only."""

from django.urls import path

from . import organiser_views as views

app_name = "organisers"

urlpatterns = [
    path("", views.OrganiserHomeView.as_view(), name="home"),
    path("sessions/<int:number>/", views.DashboardView.as_view(), name="dashboard"),
    path("sessions/<int:number>/groups/<int:group>/report/", views.EditReportView.as_view(), name="edit_report"),
    path("sessions/<int:number>/screen/", views.BreakoutScreenView.as_view(), name="breakout_screen"),
    path("sessions/<int:number>/report-back/", views.ReportBackScreenView.as_view(), name="report_back_screen"),
    path("reports/<int:pk>/publish/", views.PublishView.as_view(), name="publish"),
    path("reports/<int:pk>/unpublish/", views.UnpublishView.as_view(), name="unpublish"),
    path("outcome/", views.OutcomeView.as_view(), name="outcome"),
    path("outcome.docx", views.OutcomeDocxView.as_view(), name="outcome_docx"),
    path("outcome.md", views.OutcomeMarkdownView.as_view(), name="outcome_markdown"),
]
