"""The organisers' console under /<conference>/organisers/ (see conference/urls.py). Staff only."""

from django.urls import path

from . import organiser_views as views

app_name = "organisers"

session = "sessions/<int:number>/"
group = session + "groups/<int:group>/"
report = "reports/<int:pk>/"

urlpatterns = [
    path("", views.OrganiserHomeView.as_view(), name="home"),
    path(session, views.DashboardView.as_view(), name="dashboard"),
    path(session + "email/", views.EmailSessionView.as_view(), name="email_session"),
    path(session + "cards/", views.CardsView.as_view(), name="cards"),
    path(session + "screen/", views.BreakoutScreenView.as_view(), name="breakout_screen"),
    path(session + "report-back/", views.ReportBackScreenView.as_view(), name="report_back_screen"),
    path(group + "report/", views.EditReportView.as_view(), name="edit_report"),
    path(group + "nominate/", views.NominateView.as_view(), name="nominate"),
    path("rapporteurs/<int:pk>/", views.RapporteurView.as_view(), name="rapporteur"),
    path("rapporteurs/<int:pk>/email/", views.EmailRapporteurView.as_view(), name="email_rapporteur"),
    path(report + "publish/", views.PublishView.as_view(), name="publish"),
    path(report + "unpublish/", views.UnpublishView.as_view(), name="unpublish"),
    path(report + "history/", views.HistoryView.as_view(), name="history"),
    path(report + "history/<int:revision_id>/compare/", views.CompareView.as_view(), name="compare"),
    path(report + "history/<int:revision_id>/restore/", views.RestoreView.as_view(), name="restore"),
    path("outcome/", views.OutcomeView.as_view(), name="outcome"),
    path("outcome.docx", views.OutcomeDocxView.as_view(), name="outcome_docx"),
    path("outcome.md", views.OutcomeMarkdownView.as_view(), name="outcome_markdown"),
]
