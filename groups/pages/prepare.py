"""The console's preparation checklist: what is still missing before the conference (dates and time zone, rooms,
the sessions' times and plenary rooms, the breakout rooms, rapporteurs, facilitators, contributors, partners to
confirm, links emailed), each line linking to where it is done; the groups' default rooms and the facilitators
are set on the page itself, one form each, and the links emailed to everyone not emailed yet in one press."""

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views import View
from django.views.generic import TemplateView

from conference.models import Participant
from groups import services as group_services
from groups.live import services as live_services
from groups.live.models import FacilitatorNomination
from groups.models import Breakout, BreakoutGroup, GroupCountry, GroupPartner
from groups.reports import services as report_services
from groups.reports.links import base_url
from groups.reports.models import EmailKind, RapporteurNomination
from sessions.models import Segment, SegmentKind

from .console import EmailMixin, OrganiserMixin


@dataclass
class Line:
    """One line of the checklist: what it is about, what is missing (empty when done) and where it is done."""

    key: str
    title: str
    url: str
    missing: list = field(default_factory=list)

    @property
    def done(self):
        return not self.missing


def admin_url(name, conference=None, lookup="conference__id__exact"):
    url = reverse(f"admin:{name}")
    return f"{url}?{lookup}={conference.pk}" if conference is not None else url


def checklist(conference):
    """The checklist's lines for `conference`, in a fixed number of queries whatever the conference's size."""
    here = reverse("pages:prepare", kwargs={"conference": conference.slug})
    sessions = _sessions_counts(conference)
    return [
        _dates_line(conference),
        _rooms_line(conference),
        _sessions_line(conference, sessions),
        *_breakout_lines(conference, here),
        _facilitators_line(here, sessions),
        _contributors_line(conference, here),
        _partners_line(conference),
        _emails_line(conference, here),
    ]


def _some_of(count, total, text):
    """[text] with the count and the total when `count` is not zero, else nothing missing."""
    return [text % {"count": count, "total": total}] if count else []


def _dates_line(conference):
    missing = [
        label
        for label, value in [
            (_("the first day"), conference.start_date),
            (_("the last day"), conference.end_date),
            (_("the time zone"), conference.time_zone),
        ]
        if not value
    ]
    return Line(
        "dates",
        _("Dates and time zone"),
        reverse("admin:conference_conference_change", args=[conference.pk]),
        [_("Not set yet: %(what)s.") % {"what": ", ".join(missing)}] if missing else [],
    )


def _rooms_line(conference):
    rooms = conference.rooms.count()
    return Line(
        "rooms",
        _("Rooms"),
        admin_url("agenda_sessions_room_changelist", conference),
        [] if rooms else [_("No rooms yet.")],
    )


def _sessions_counts(conference):
    active_facilitator = FacilitatorNomination.objects.active().filter(session=OuterRef("pk"))
    return conference.sessions.aggregate(
        total=Count("pk"),
        no_date=Count("pk", filter=Q(date__isnull=True)),
        no_time=Count("pk", filter=Q(start_time__isnull=True)),
        no_room=Count("pk", filter=Q(room__isnull=True)),
        no_facilitator=Count("pk", filter=~Exists(active_facilitator)),
    )


def _sessions_line(conference, sessions):
    total = sessions["total"]
    return Line(
        "sessions",
        _("Sessions’ dates, start times and plenary rooms"),
        admin_url("agenda_sessions_session_changelist", conference),
        [
            *_some_of(sessions["no_date"], total, _("%(count)s of %(total)s sessions have no date.")),
            *_some_of(sessions["no_time"], total, _("%(count)s of %(total)s sessions have no start time.")),
            *_some_of(sessions["no_room"], total, _("%(count)s of %(total)s sessions have no plenary room.")),
        ],
    )


def _breakout_lines(conference, here):
    active_rapporteur = RapporteurNomination.objects.active().filter(breakout=OuterRef("pk"))
    breakouts = Breakout.objects.filter(session__conference=conference).aggregate(
        total=Count("pk"),
        no_room=Count("pk", filter=Q(room__isnull=True, group__default_room__isnull=True)),
        no_rapporteur=Count("pk", filter=~Exists(active_rapporteur)),
    )
    total = breakouts["total"]
    return [
        Line(
            "breakout_rooms",
            _("Breakout rooms"),
            here + "#default-rooms",
            _some_of(breakouts["no_room"], total, _("%(count)s of %(total)s breakouts have no room.")),
        ),
        Line(
            "rapporteurs",
            _("Rapporteurs"),
            here + "#rapporteurs",
            _some_of(breakouts["no_rapporteur"], total, _("%(count)s of %(total)s breakouts have no rapporteur.")),
        ),
    ]


def _facilitators_line(here, sessions):
    text = _("%(count)s of %(total)s sessions have no facilitator’s link.")
    return Line(
        "facilitators",
        _("Facilitators"),
        here + "#facilitators",
        _some_of(sessions["no_facilitator"], sessions["total"], text),
    )


def _contributors_line(conference, here):
    """Contributors: the app knows who presents each presentation (participants); a presentation naming nobody is
    missing."""
    unpresented = list(
        Segment.objects.filter(
            session__conference=conference, kind=SegmentKind.PRESENTATION, contributions__isnull=True
        )
        .values("session_id", "session__number")
        .annotate(count=Count("pk"))
        .order_by("session__number")
    )
    count = sum(row["count"] for row in unpresented)
    missing = []
    if count:
        missing.append(
            ngettext(
                "%(count)s presentation has no contributor (sessions %(sessions)s).",
                "%(count)s presentations have no contributor (sessions %(sessions)s).",
                count,
            )
            % {"count": count, "sessions": ", ".join(str(row["session__number"]) for row in unpresented)}
        )
    return Line("contributors", _("Contributors"), here + "#contributors", missing)


def _partners_line(conference):
    unconfirmed = GroupPartner.objects.filter(group__conference=conference, confirmed_at__isnull=True).count()
    missing = []
    if unconfirmed:
        missing.append(
            ngettext(
                "%(count)s partner waits for confirmation.",
                "%(count)s partners wait for confirmation.",
                unconfirmed,
            )
            % {"count": unconfirmed}
        )
    return Line(
        "partners",
        _("Partners to confirm"),
        reverse("pages:partners", kwargs={"conference": conference.slug}),
        missing,
    )


def _emails_line(conference, here):
    to_email = not_emailed(conference)
    missing = []
    if to_email["rapporteurs"]:
        missing.append(
            ngettext(
                "%(count)s rapporteur has not been emailed their links.",
                "%(count)s rapporteurs have not been emailed their links.",
                to_email["rapporteurs"],
            )
            % {"count": to_email["rapporteurs"]}
        )
    if to_email["facilitators"]:
        missing.append(
            ngettext(
                "%(count)s facilitator has not been emailed their link.",
                "%(count)s facilitators have not been emailed their links.",
                to_email["facilitators"],
            )
            % {"count": to_email["facilitators"]}
        )
    return Line("emails", _("Links emailed"), here + "#emails", missing)


def rapporteurs_not_emailed(conference):
    """The conference's rapporteurs with an email address whom no mail with a link has reached yet."""
    nominations = RapporteurNomination.objects.active().filter(breakout__session__conference=conference)
    return Participant.objects.filter(pk__in=nominations.not_emailed().values("participant_id")).exclude(email="")


def facilitators_not_emailed(conference):
    """The conference's working facilitators' links, to people with an email address, that no mail has carried."""
    return FacilitatorNomination.objects.active().filter(
        session__conference=conference, emailed_at__isnull=True, participant__email__gt=""
    )


def not_emailed(conference):
    return {
        "rapporteurs": rapporteurs_not_emailed(conference).count(),
        "facilitators": facilitators_not_emailed(conference).count(),
    }


class DefaultRoomsForm(forms.Form):
    """One select per group: the room it meets in unless a breakout says otherwise."""

    def __init__(self, *args, groups, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", gettext_lazy("to be announced")), *((str(room.pk), room.name) for room in rooms)]
        self.groups = groups
        for group in groups:
            self.fields[f"group_{group.number}"] = forms.ChoiceField(
                label=group.display_name,
                choices=choices,
                required=False,
                initial=group.default_room_id or "",
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        self.rooms = {str(room.pk): room for room in rooms}

    def chosen(self):
        return {group: self.rooms.get(self.cleaned_data[f"group_{group.number}"]) for group in self.groups}


class RapporteursForm(forms.Form):
    """One select per group with breakouts that have no rapporteur: one of the group's delegates, named its
    rapporteur in each of those sessions."""

    def __init__(self, *args, open_sessions, groups, delegates, **kwargs):
        super().__init__(*args, **kwargs)
        self.open_sessions = open_sessions
        self.groups = {}
        self.people = {}
        for group in groups:
            sessions = open_sessions.get(group.pk)
            if not sessions:
                continue
            people = delegates.get(group.pk, [])
            self.people.update((str(person.pk), person) for person in people)
            self.groups[f"group_{group.number}"] = group
            self.fields[f"group_{group.number}"] = forms.ChoiceField(
                label=ngettext("%(group)s, session %(sessions)s", "%(group)s, sessions %(sessions)s", len(sessions))
                % {"group": group.display_name, "sessions": ", ".join(str(number) for number in sessions)},
                choices=[("", "---------"), *((str(person.pk), str(person)) for person in people)],
                required=False,
                widget=forms.Select(attrs={"class": "form-select"}),
            )

    def chosen(self):
        return [
            (group, self.open_sessions[group.pk], self.people[self.cleaned_data[name]])
            for name, group in self.groups.items()
            if self.cleaned_data.get(name)
        ]


class FacilitatorsForm(forms.Form):
    """One select per session without a working facilitator's link: who facilitates it (the programme's facilitator
    is offered first)."""

    def __init__(self, *args, sessions, people, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------"), *((str(person.pk), str(person)) for person in people)]
        self.sessions = sessions
        for session in sessions:
            self.fields[f"session_{session.number}"] = forms.ChoiceField(
                label=_("Session %(number)s") % {"number": session.number},
                choices=choices,
                required=False,
                initial=session.facilitator_id or "",
                widget=forms.Select(attrs={"class": "form-select"}),
            )
        self.people = {str(person.pk): person for person in people}

    def chosen(self):
        return [
            (session, self.people[self.cleaned_data[f"session_{session.number}"]])
            for session in self.sessions
            if self.cleaned_data.get(f"session_{session.number}")
        ]


class ContributorsForm(forms.Form):
    """Every presentation with its contributors in order, one select each, and one more (two while it names nobody)
    to add someone: emptying a select takes that person off, the order of the selects is the programme's. Each select
    carries what it showed (a hidden initial value), so that saving changes only the presentations changed on this
    page: one named elsewhere since the page was opened keeps its contributors."""

    def __init__(self, *args, segments, people, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "---------"), *((str(person.pk), str(person)) for person in people)]
        self.slots = {}
        for segment in segments:
            named = segment.contributor_list
            names = [f"segment_{segment.pk}_{index}" for index in range(1, max(2, len(named) + 1) + 1)]
            for index, name in enumerate(names):
                self.fields[name] = forms.ChoiceField(
                    label=_("Contributor %(number)s") % {"number": index + 1},
                    choices=choices,
                    required=False,
                    initial=str(named[index].pk) if index < len(named) else "",
                    widget=forms.Select(attrs={"class": "form-select"}),
                    show_hidden_initial=True,
                )
            self.slots[segment] = names
        self.people = {str(person.pk): person for person in people}

    def presentations(self):
        """Each presentation with its selects, for the template."""
        return [(segment, [self[name] for name in names]) for segment, names in self.slots.items()]

    def clean(self):
        cleaned = super().clean()
        for names in self.slots.values():
            seen = set()
            for name in names:
                value = cleaned.get(name)
                if value and value in seen:
                    self.add_error(name, _("This person is already named above for this presentation."))
                seen.add(value)
        return cleaned

    def chosen(self):
        """{presentation: its contributors in the selects' order}, for each presentation whose selects were changed."""
        changed = set(self.changed_data)
        return {
            segment: [self.people[self.cleaned_data[name]] for name in names if self.cleaned_data.get(name)]
            for segment, names in self.slots.items()
            if changed.intersection(names)
        }


class PrepareView(OrganiserMixin, TemplateView):
    """The preparation checklist, with the groups' default rooms and the facilitators set here in one form each."""

    template_name = "reports/organisers/prepare.html"

    @cached_property
    def groups(self):
        return list(BreakoutGroup.objects.filter(conference=self.conference).order_by("number"))

    def rooms_form(self, data=None):
        return DefaultRoomsForm(data, groups=self.groups, rooms=list(self.conference.rooms.all()), prefix="rooms")

    @cached_property
    def people(self):
        people = Participant.objects.filter(conference=self.conference).select_related("country", "organisation")
        return list(people.order_by("full_name", "pk"))

    def rapporteurs_form(self, data=None):
        active = RapporteurNomination.objects.active().filter(breakout=OuterRef("pk"))
        open_sessions = {}
        for group_id, number in (
            Breakout.objects.filter(session__conference=self.conference)
            .filter(~Exists(active))
            .order_by("session__number")
            .values_list("group_id", "session__number")
        ):
            open_sessions.setdefault(group_id, []).append(number)
        group_of_country = dict(
            GroupCountry.objects.filter(group__conference=self.conference).values_list("country_id", "group_id")
        )
        delegates = {}
        for person in self.people:
            if person.country_id in group_of_country:
                delegates.setdefault(group_of_country[person.country_id], []).append(person)
        return RapporteursForm(
            data, open_sessions=open_sessions, groups=self.groups, delegates=delegates, prefix="rapporteurs"
        )

    def facilitators_form(self, data=None):
        active = FacilitatorNomination.objects.active().filter(session=OuterRef("pk"))
        sessions = list(self.conference.sessions.filter(~Exists(active)).order_by("number"))
        return FacilitatorsForm(data, sessions=sessions, people=self.people, prefix="fac")

    def contributors_form(self, data=None):
        segments = (
            Segment.objects.filter(session__conference=self.conference, kind=SegmentKind.PRESENTATION)
            .select_related("session")
            .with_contributors()
        )
        segments = list(segments.order_by("session__number", "position"))
        return ContributorsForm(data, segments=segments, people=self.people, prefix="contributors")

    def get_context_data(self, **kwargs):
        lines = checklist(self.conference)
        kwargs.setdefault("rooms_form", self.rooms_form())
        kwargs.setdefault("rapporteurs_form", self.rapporteurs_form())
        kwargs.setdefault("facilitators_form", self.facilitators_form())
        kwargs.setdefault("contributors_form", self.contributors_form())
        return super().get_context_data(
            pending=[line for line in lines if not line.done],
            done=[line for line in lines if line.done],
            to_email=not_emailed(self.conference),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        here = reverse("pages:prepare", kwargs={"conference": self.conference.slug})
        if "rooms-submit" in request.POST:
            if not request.user.has_perm("groups.change_breakoutgroup"):
                return self.handle_no_permission()
            form = self.rooms_form(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(rooms_form=form))
            changed = group_services.set_default_rooms(rooms=form.chosen())
            messages.success(
                request,
                ngettext("%(count)s group’s room saved.", "%(count)s groups’ rooms saved.", changed)
                % {"count": changed},
            )
            return redirect(here + "#default-rooms")
        if "rapporteurs-submit" in request.POST:
            if not request.user.has_perm("reports.add_rapporteurnomination"):
                return self.handle_no_permission()
            form = self.rapporteurs_form(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(rapporteurs_form=form))
            chosen = form.chosen()
            for group, numbers, person in chosen:
                report_services.nominate_for_sessions(
                    group=group, sessions=self.conference.sessions.filter(number__in=numbers), participant=person
                )
            messages.success(
                request,
                ngettext(
                    "%(count)s group’s rapporteur nominated.", "%(count)s groups’ rapporteurs nominated.", len(chosen)
                )
                % {"count": len(chosen)},
            )
            return redirect(here + "#rapporteurs")
        if "facilitators-submit" in request.POST:
            if not request.user.has_perm("live.add_facilitatornomination"):
                return self.handle_no_permission()
            form = self.facilitators_form(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(facilitators_form=form))
            chosen = form.chosen()
            for session, person in chosen:
                live_services.nominate_facilitator(session=session, participant=person)
            messages.success(
                request,
                ngettext("%(count)s facilitator nominated.", "%(count)s facilitators nominated.", len(chosen))
                % {"count": len(chosen)},
            )
            return redirect(here + "#facilitators")
        if "contributors-submit" in request.POST:
            if not request.user.has_perms(["agenda_sessions.add_contribution", "agenda_sessions.delete_contribution"]):
                return self.handle_no_permission()
            form = self.contributors_form(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(contributors_form=form))
            changed = group_services.set_contributors(contributors=form.chosen())
            messages.success(
                request,
                ngettext(
                    "Contributors saved for %(count)s presentation.",
                    "Contributors saved for %(count)s presentations.",
                    changed,
                )
                % {"count": changed},
            )
            return redirect(here + "#contributors")
        return redirect(here)


class EmailEveryoneView(EmailMixin, View):
    """Email, in one press, every rapporteur no link mail has reached yet, and every facilitator likewise."""

    def post(self, request, *args, **kwargs):
        back = reverse("pages:prepare", kwargs={"conference": self.conference.slug}) + "#emails"
        if request.POST.get("who") == "facilitators":
            return self.send_facilitators(back)
        participants = list(rapporteurs_not_emailed(self.conference).order_by("full_name", "pk"))
        return self.send(participants, EmailKind.LINKS, back)

    def send_facilitators(self, back):
        try:
            sent, failed, skipped = live_services.send_facilitator_links(
                nominations=facilitators_not_emailed(self.conference).order_by("session__number"),
                base_url=base_url(self.request),
            )
        except live_services.EmailNotConfigured:
            messages.error(self.request, _("Email is not set up on this server (EMAIL_URL), so nothing was sent."))
            return HttpResponseRedirect(back)
        if sent:
            names = ", ".join(dict.fromkeys(nomination.participant.full_name for nomination in sent))
            messages.success(
                self.request,
                ngettext("Email sent to %(names)s.", "Emails sent to %(names)s.", len(sent)) % {"names": names},
            )
        for nomination, reason in failed:
            messages.error(
                self.request,
                _("Not sent to %(name)s (%(address)s): %(reason)s. Nothing was marked as sent; try again later.")
                % {"name": nomination.participant.full_name, "address": nomination.participant.email, "reason": reason},
            )
        if not (sent or failed or skipped):
            messages.info(self.request, _("There was nobody to email."))
        return HttpResponseRedirect(back)
