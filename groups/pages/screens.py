"""The console's projector screens (staff only): the whole window, without the site's menu and footer, with the
venue's clock."""

from django.views.generic import TemplateView

from groups.live.views import with_notes_links
from groups.models import Breakout
from groups.reports import queries
from sessions.models import SegmentKind

from .console import SessionMixin

# The document: "groups will have 45 minutes to discuss"; used when the session's breakout segment has no duration.
BREAKOUT_MINUTES = 45


class ScreenMixin(SessionMixin):
    """Projector screens: the whole window, without the site's menu and footer, with the venue's clock."""

    def breakouts(self, session):
        return Breakout.objects.filter(session=session).select_related("group").prefetch_related("questions")


class BreakoutScreenView(ScreenMixin, TemplateView):
    """For the projector during the breakout: a countdown and all the groups' topics and questions at once, each group
    with the QR code of its breakout notes' private link."""

    template_name = "reports/organisers/breakout_screen.html"

    def get_context_data(self, **kwargs):
        session = self.get_session()
        segment = session.segments.filter(kind=SegmentKind.BREAKOUT).first()
        minutes = segment.min_minutes if segment and segment.min_minutes else BREAKOUT_MINUTES
        breakouts = with_notes_links(self.request, self.breakouts(session))
        return super().get_context_data(session=session, breakouts=breakouts, minutes=minutes, **kwargs)


class ReportBackScreenView(ScreenMixin, TemplateView):
    """For the projector during the report-back: one group's published summary at a time, each question with its
    answer (the arrow keys step)."""

    template_name = "reports/organisers/report_back_screen.html"

    def get_context_data(self, **kwargs):
        session = self.get_session()
        breakouts = queries.add_reports(queries.with_published_report(queries.with_rapporteur(self.breakouts(session))))
        return super().get_context_data(session=session, breakouts=breakouts, **kwargs)
