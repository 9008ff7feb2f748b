"""The public pages that compose several apps: the front door, a conference's programme and its modalities, a
session with every group's breakout, the contributors with their presentations, a group with each session's, one
group's question sheet, a thematic area across sessions, the published outcome (page, PDF, Word) and the list of
participants. Each breakout comes with its rapporteur and its published report (groups/reports/queries.py)."""

from django.conf import settings
from django.core.cache import cache
from django.db.models import F, Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.generic import DetailView, ListView, TemplateView, View

from conference.cache import PAGE_TIMEOUT, cache_public_page, valid_until
from conference.languages import sort_key
from conference.models import Conference, ContentVersion
from conference.views import ConferenceMixin
from groups.models import BreakoutGroup, GroupCountry, GroupPartner
from groups.participants import participant_list
from groups.reports import queries
from groups.reports.outcome import compile_outcome, outcome_docx, title_of
from groups.reports.outcome_pdf import outcome_pdf
from sessions import programme
from sessions.documents.models import Document
from sessions.exports import schedule_missing
from sessions.models import Segment


class HomeView(ListView):
    """The list of the site's conferences (when it holds more than one)."""

    model = Conference
    template_name = "conference/home.html"
    context_object_name = "conferences"


conference_list = cache_public_page(HomeView.as_view())


class OfflineView(TemplateView):
    """What the service worker shows, without a connection, for a page this device never opened (instead of the
    browser's error page): what opens offline, and the way to the programme. The service worker keeps it, in each
    language, when it is installed."""

    template_name = "conference/offline.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(conference=Conference.objects.sole(), **kwargs)


offline = cache_public_page(OfflineView.as_view())


def home(request):
    """The site's front door, in the browser's language at / (a phone set to French goes to the French programme)
    and in the address's language under /fr/, /es/, /nl/: the programme itself when the site holds one conference,
    else the list. The language switcher's links are plain addresses, so a choice made there stays with the page."""
    language = translation.get_language()
    if translation.get_language_from_path(request.path_info) is None:
        language = translation.get_language_from_request(request)
    slugs = list(Conference.objects.values_list("slug", flat=True)[:2])
    with translation.override(language):
        if len(slugs) == 1:
            response = redirect(reverse("pages:programme", kwargs={"conference": slugs[0]}))
        elif language != translation.get_language_from_path(request.path_info) and language != settings.LANGUAGE_CODE:
            response = redirect(reverse("pages:home"))
        else:
            response = None
    if response is None:
        response = conference_list(request)
    patch_vary_headers(response, ["Accept-Language"])
    return response


class ProgrammeView(ConferenceMixin, DetailView):
    """The programme (the conference's home page): when and where, what is on now and next, the sessions day by day
    with the breaks between them, themes, groups, find my group, and the calendars."""

    template_name = "conference/programme.html"

    def get_object(self, queryset=None):
        return self.conference

    def get_context_data(self, **kwargs):
        conference = self.conference
        sessions = list(conference.sessions.with_timeline())
        # Each country with the group it is in (a country is in one group at most), in the order of their names.
        countries = list(conference.countries.annotate(group_pk=F("group_places__group")))
        self.now_and_next = programme.now_and_next(conference, sessions)
        return super().get_context_data(
            thematic_areas=self.thematic_areas(),
            days=programme.days(sessions),
            now_and_next=self.now_and_next,
            calendar_ready=any(session.starts_at for session in sessions),
            schedule_ready=schedule_missing(conference) is None,
            schedule_language=settings.LANGUAGE_CODE,  # the schedule's one language (see sessions/export_views.py)
            groups=groups_with_countries(conference, countries),
            countries=countries_by_name(countries),
            documents=list(conference.documents.public().of_conference_only().with_files()),
            has_contributors=bool(programme.contributors(sessions)),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        return valid_until(response, self.now_and_next.valid_until)


def groups_with_countries(conference, countries):
    """The conference's groups, each with its countries as `country_list`, from `countries` (annotated with their
    `group_pk`, in the order of their names) rather than a query of their own."""
    groups = list(conference.breakout_groups.all())
    members = {group.pk: [] for group in groups}
    for country in countries:
        if country.group_pk in members:
            members[country.group_pk].append(country)
    for group in groups:
        group.country_list = members[group.pk]
    return groups


def countries_by_name(countries):
    """The countries in the order of their names in the page's language."""
    return sorted(countries, key=lambda country: sort_key(country.display_name))


class ModalitiesView(ConferenceMixin, TemplateView):
    """How the sessions work: the modalities text that organisers edit."""

    template_name = "conference/modalities.html"


class BreakoutPageMixin(ConferenceMixin):
    def breakouts(self):
        """What every public page shows of a breakout, in a fixed number of queries."""
        return queries.for_public_pages()


class SessionDetailView(BreakoutPageMixin, DetailView):
    """A session: when and where, its thematic areas, timeline, and every group's topic, room, questions,
    rapporteur and report."""

    template_name = "sessions/session_detail.html"
    context_object_name = "session"

    def get_object(self, queryset=None):
        # Each breakout's session is this one, with its segments: the breakouts' times come from them.
        sessions = (
            self.conference.sessions.with_timeline()
            .with_panellists()
            .prefetch_related(
                Prefetch("breakouts", queryset=self.breakouts().order_by("group__number"), to_attr="breakout_list"),
                Prefetch("documents", queryset=Document.objects.public().with_files(), to_attr="public_documents"),
            )
        )
        session = get_object_or_404(sessions, number=self.kwargs["number"])
        queries.add_reports(session.breakout_list)
        add_documents(session)
        return session

    def get_context_data(self, **kwargs):
        return super().get_context_data(contributors=programme.contributors([self.object]), **kwargs)


class ContributorsView(ConferenceMixin, TemplateView):
    """Who presents what: a section per contributor (in the order of their names), with their presentations, each
    with its session and time, a link to the session's page and its public documents (the slides)."""

    template_name = "sessions/contributors.html"

    def get_context_data(self, **kwargs):
        public_documents = Prefetch(
            "documents", queryset=Document.objects.public().with_files(), to_attr="document_list"
        )
        sessions = self.conference.sessions.prefetch_related(
            Prefetch("segments", queryset=Segment.objects.with_contributors().prefetch_related(public_documents))
        )
        found = sorted(programme.contributors(sessions), key=lambda entry: sort_key(entry.person.full_name))
        return super().get_context_data(contributors=found, **kwargs)


def add_documents(session):
    """Share the session's public documents (prefetched as `public_documents`) out: the session's own as
    `session.document_list`, each presentation's as its segment's `document_list` (shown under it in the timeline)."""
    by_segment = {}
    for document in session.public_documents:
        by_segment.setdefault(document.segment_id, []).append(document)
    session.document_list = by_segment.pop(None, [])
    for segment in session.segments.all():
        segment.document_list = by_segment.get(segment.pk, [])


class GroupDetailView(BreakoutPageMixin, DetailView):
    """A group: what is on now for it, its countries (the one Find my group came for highlighted) and partners,
    and for each session when and where it meets, its topic, questions, rapporteur and report; and its calendar."""

    template_name = "groups/group_detail.html"
    context_object_name = "group"

    def get_object(self, queryset=None):
        groups = BreakoutGroup.objects.prefetch_related(
            Prefetch("country_places", queryset=GroupCountry.objects.select_related("country")),
            Prefetch(
                "partner_places",
                queryset=GroupPartner.objects.confirmed()
                .select_related("participant__organisation")
                .order_by("participant__full_name"),
            ),
            Prefetch("breakouts", queryset=self.breakouts().order_by("session__number"), to_attr="breakout_list"),
        )
        group = get_object_or_404(groups, conference=self.conference, number=self.kwargs["number"])
        queries.add_reports(group.breakout_list)
        return group

    def get(self, request, *args, **kwargs):
        self.object = group = self.get_object()
        countries = countries_by_name(place.country for place in group.country_places.all())
        found = request.GET.get("country", "")
        if found and found not in {country.code.code for country in countries}:
            # Not one of this group's countries: the plain page (a redirect is never stored in the page cache, so
            # made-up values cannot fill it).
            return redirect(request.path)
        sessions = list(self.conference.sessions.select_related("room").prefetch_related("segments", "thematic_areas"))
        by_session = {session.pk: session for session in sessions}
        for breakout in group.breakout_list:
            breakout.session = by_session[breakout.session_id]
        breakouts = {breakout.session_id: breakout for breakout in group.breakout_list}
        now_and_next = programme.now_and_next(self.conference, sessions)
        context = self.get_context_data(
            object=group,
            countries=countries,
            found=next((country for country in countries if country.code.code == found), None),
            entries=[(session, breakouts.get(session.pk)) for session in sessions],
            now_and_next=now_and_next,
            group_breakouts=breakouts,
            calendar_ready=any(session.starts_at for session in sessions),
        )
        return valid_until(self.render_to_response(context), now_and_next.valid_until)


class BreakoutDetailView(BreakoutPageMixin, DetailView):
    """One group's question sheet for one session: when and where, the questions, room for notes; printable on one
    A4 page."""

    template_name = "groups/breakout_detail.html"
    context_object_name = "breakout"

    def get_object(self, queryset=None):
        breakout = get_object_or_404(
            self.breakouts().with_session().prefetch_related("group__countries", "session__segments"),
            session__conference=self.conference,
            group__number=self.kwargs["number"],
            session__number=self.kwargs["session"],
        )
        queries.add_reports([breakout])
        return breakout

    def get_context_data(self, **kwargs):
        countries = countries_by_name(self.object.group.countries.all())
        return super().get_context_data(countries=countries, **kwargs)


class ThematicAreaView(BreakoutPageMixin, DetailView):
    """Every breakout topic and question under a thematic area (and its sub-areas), across sessions."""

    template_name = "groups/thematic_area.html"
    context_object_name = "area"

    def get_object(self, queryset=None):
        """The area, with its parent and its sub-areas (`sub_areas_list`, in order) from the one query of the
        conference's areas, and its sessions."""
        code = self.kwargs["code"]  # a slug (see urls)
        area = next((area for area in self.linked_thematic_areas() if area.code == code), None)
        if area is None:
            raise Http404("No such thematic area.")
        prefetch_related_objects([area], "sessions")
        return area

    def get_context_data(self, **kwargs):
        area = self.object
        breakouts = (
            self.breakouts()
            .with_session()
            .prefetch_related("session__segments")
            .filter(session__conference=self.conference)
            .covering([area, *area.sub_areas_list])
            .order_by("session__number", "group__number")
        )
        return super().get_context_data(breakouts=queries.add_reports(breakouts), **kwargs)


DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class PublicOutcomeMixin(ConferenceMixin):
    """The public outcome (the conclusions, every published report, the actions by thematic area, the list of
    participants): a 404 until the organisers publish it. The console's preview (console.py) sets `preview`."""

    preview = False
    url_names = {"page": "pages:public_outcome", "pdf": "pages:outcome_pdf", "docx": "pages:public_outcome_docx"}

    def check_published(self):
        if not self.preview and self.conference.outcome_published_at is None:
            raise Http404("The outcome is not published yet.")

    def get_outcome(self):
        self.check_published()
        return compile_outcome(self.conference, public=True)

    def filename(self, extension):
        return f"{self.conference.slug}-outcome-{translation.get_language()}.{extension}"

    def download(self, content, content_type, extension):
        response = HttpResponse(content, content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{self.filename(extension)}"'
        return response


class OutcomeView(PublicOutcomeMixin, TemplateView):
    """The outcome's page, with its PDF and Word downloads."""

    template_name = "reports/outcome/page.html"

    def get_context_data(self, **kwargs):
        outcome = self.get_outcome()
        slug = self.conference.slug
        return super().get_context_data(
            outcome=outcome,
            title=title_of(outcome),
            preview=self.preview,
            pdf_url=reverse(self.url_names["pdf"], kwargs={"conference": slug}),
            docx_url=reverse(self.url_names["docx"], kwargs={"conference": slug}),
            **kwargs,
        )


class OutcomePdfView(PublicOutcomeMixin, View):
    """The outcome as a PDF, in the address's language. Made once per language and content version (seconds of CPU
    for a long outcome), whoever asks: the page cache serves only requests without a session cookie, which anyone can
    add, and the organisers' preview is the same document."""

    def get(self, request, *args, **kwargs):
        self.check_published()
        key = f"outcome-pdf:{self.conference.pk}:{ContentVersion.current()}:{translation.get_language()}"
        content = cache.get(key)
        if content is None:
            content = outcome_pdf(self.get_outcome(), request=request)
            cache.set(key, content, PAGE_TIMEOUT)
        return self.download(content, "application/pdf", "pdf")


class OutcomeDocxView(PublicOutcomeMixin, View):
    """The outcome as a Word document: the same content as the PDF."""

    def get(self, request, *args, **kwargs):
        return self.download(outcome_docx(self.get_outcome()), DOCX_TYPE, "docx")


class ParticipantsView(ConferenceMixin, TemplateView):
    """The list of participants, by country and by organisation (names and functions): a 404 unless the organisers
    made it public."""

    template_name = "groups/participants.html"

    def get_context_data(self, **kwargs):
        if not self.conference.participants_public:
            raise Http404("The list of participants is not public.")
        return super().get_context_data(participants=participant_list(self.conference), **kwargs)
