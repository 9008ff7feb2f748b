"""The pages that compose several apps (namespace "pages"): the front door, and below a conference's address the
programme, the modalities, a session, the contributors, a group, a question sheet, a thematic area (public.py), and
the organisers' console (console.py) with its projector screens (screens.py) and the conference's logos
(identity.py). /organisers/, the console's door from the admin's header, is site-wide."""

from django.urls import path

from conference.cache import cache_public_page
from conference.routes import below_conference

from . import console, documents, identity, prepare, public, screens

app_name = "pages"

session = "organisers/sessions/<int:number>/"
group = session + "groups/<int:group>/"
report = "organisers/reports/<int:pk>/"

urlpatterns = [
    path("", public.home, name="home"),
    path("organisers/", console.ConsoleEntryView.as_view(), name="console_entry"),
    path("offline/", public.offline, name="offline"),
    below_conference(
        path("", cache_public_page(public.ProgrammeView.as_view()), name="programme"),
        path("how-sessions-work/", cache_public_page(public.ModalitiesView.as_view()), name="modalities"),
        path("sessions/<int:number>/", cache_public_page(public.SessionDetailView.as_view()), name="session"),
        path("contributors/", cache_public_page(public.ContributorsView.as_view()), name="contributors"),
        path("groups/themes/<slug:code>/", cache_public_page(public.ThematicAreaView.as_view()), name="theme"),
        path(
            "groups/<int:number>/", cache_public_page(public.GroupDetailView.as_view(), query=["country"]), name="group"
        ),
        path(
            "groups/<int:number>/sessions/<int:session>/",
            cache_public_page(public.BreakoutDetailView.as_view()),
            name="breakout",
        ),
        path("outcome/", cache_public_page(public.OutcomeView.as_view()), name="public_outcome"),
        path("outcome.pdf", cache_public_page(public.OutcomePdfView.as_view()), name="outcome_pdf"),
        path("outcome.docx", cache_public_page(public.OutcomeDocxView.as_view()), name="public_outcome_docx"),
        path("participants/", cache_public_page(public.ParticipantsView.as_view()), name="participants"),
        path("organisers/", console.OrganiserHomeView.as_view(), name="console"),
        path("organisers/prepare/", prepare.PrepareView.as_view(), name="prepare"),
        path("organisers/prepare/email/", prepare.EmailEveryoneView.as_view(), name="email_everyone"),
        path(session, console.DashboardView.as_view(), name="dashboard"),
        path(session + "email/", console.EmailSessionView.as_view(), name="email_session"),
        path(session + "cards/", console.CardsView.as_view(), name="cards"),
        path(session + "screen/", screens.BreakoutScreenView.as_view(), name="breakout_screen"),
        path(session + "report-back/", screens.ReportBackScreenView.as_view(), name="report_back_screen"),
        path(group + "report/", console.EditReportView.as_view(), name="edit_report"),
        path(group + "nominate/", console.NominateView.as_view(), name="nominate"),
        path("organisers/rapporteurs/<int:pk>/", console.RapporteurView.as_view(), name="rapporteur"),
        path("organisers/rapporteurs/<int:pk>/email/", console.EmailRapporteurView.as_view(), name="email_rapporteur"),
        path(report + "publish/", console.PublishView.as_view(), name="publish"),
        path(report + "unpublish/", console.UnpublishView.as_view(), name="unpublish"),
        path(report + "history/", console.HistoryView.as_view(), name="history"),
        path(report + "history/<int:revision_id>/compare/", console.CompareView.as_view(), name="compare"),
        path(report + "history/<int:revision_id>/restore/", console.RestoreView.as_view(), name="restore"),
        path("organisers/partners/", console.PartnersView.as_view(), name="partners"),
        path("organisers/outcome/", console.OutcomeView.as_view(), name="outcome"),
        path("organisers/outcome.docx", console.OutcomeDocxView.as_view(), name="outcome_docx"),
        path("organisers/outcome.md", console.OutcomeMarkdownView.as_view(), name="outcome_markdown"),
        path("organisers/outcome/publish/", console.PublishOutcomeView.as_view(), name="publish_outcome"),
        path("organisers/outcome/unpublish/", console.UnpublishOutcomeView.as_view(), name="unpublish_outcome"),
        path("organisers/outcome/preview/", console.OutcomePreviewView.as_view(), name="outcome_preview"),
        path("organisers/outcome/preview.pdf", console.OutcomePdfPreviewView.as_view(), name="outcome_preview_pdf"),
        path("organisers/outcome/preview.docx", console.OutcomeDocxPreviewView.as_view(), name="outcome_preview_docx"),
        path("organisers/documents/", documents.DocumentsView.as_view(), name="documents"),
        path("organisers/documents/<int:pk>/", documents.DocumentView.as_view(), name="document"),
        path("organisers/documents/<int:pk>/public/", documents.PublicView.as_view(), name="document_public"),
        path("organisers/documents/<int:pk>/withdraw/", documents.WithdrawView.as_view(), name="document_withdraw"),
        path("organisers/logos/", identity.LogosView.as_view(), name="logos"),
    ),
]
