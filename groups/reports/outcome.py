"""The conference outcome: every published report, by session and group, and the recommended actions gathered by
thematic area; as data for the page, as Markdown and as a Word document for the secretariat to edit. The public
outcome adds the conference's conclusions at its head and the list of participants as its annex (the same data for
its page, its PDF and its Word document)."""

import io
from dataclasses import dataclass, field
from html.parser import HTMLParser

import docx
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from conference.languages import text_and_language
from conference.templatetags.conference_tags import markdown
from conference.text import xml_safe
from groups.live.models import AudienceQuestion, BreakoutPoint
from groups.participants import participant_list

from .markdown_export import inline, plain, report_markdown
from .models import RapporteurReport


@dataclass
class Entry:
    """One group's published report in a session."""

    report: RapporteurReport

    @property
    def breakout(self):
        return self.report.breakout

    @property
    def rapporteur(self):
        return self.report.rapporteur


@dataclass
class SessionOutcome:
    session: object
    entries: list = field(default_factory=list)


@dataclass
class AreaActions:
    """The recommended actions of every published report whose breakout covers one thematic area."""

    area: object
    entries: list = field(default_factory=list)


@dataclass
class NotesOfGroup:
    """One group's breakout notes in a session: (question, [points]) for each question that has any."""

    breakout: object
    questions: list = field(default_factory=list)


@dataclass
class SessionAppendix:
    """What a session adds to the outcome's appendix: the questions answered in the plenary (each with a line saying
    who asked it of whom, and its votes), and the groups' notes."""

    session: object
    questions: list = field(default_factory=list)
    groups: list = field(default_factory=list)


@dataclass
class Outcome:
    conference: object
    sessions: list
    areas: list
    compiled_at: object
    appendix: list = field(default_factory=list)  # [SessionAppendix], when the organisers asked for it
    public: bool = False  # the public outcome: with the conclusions and the list of participants
    conclusions: str = ""  # Markdown, in the page's language or English
    conclusions_language: str = ""
    participants: object = None  # groups.participants.ParticipantList, in the public outcome

    @property
    def report_count(self):
        return sum(len(session.entries) for session in self.sessions)


def compile_appendix(conference):
    """The answered questions from the floor and the groups' breakout notes, by session, in two queries."""
    sessions = conference.sessions.all()
    by_session = {}

    def appendix_of(session):
        return by_session.setdefault(session.number, SessionAppendix(session))

    for question in AudienceQuestion.objects.for_appendix(sessions):
        appendix_of(question.session).questions.append((question, asked_line(question)))
    for point in BreakoutPoint.objects.for_appendix(sessions):
        breakout = point.question.breakout
        groups = appendix_of(breakout.session).groups
        if not groups or groups[-1].breakout.pk != breakout.pk:
            groups.append(NotesOfGroup(breakout))
        questions = groups[-1].questions
        if not questions or questions[-1][0].pk != point.question_id:
            questions.append((point.question, []))
        questions[-1][1].append(point)
    return [by_session[number] for number in sorted(by_session)]


def compile_outcome(conference, *, appendix=False, public=False):
    """Gather the conference's published reports, in a fixed number of queries whatever their number; with
    `appendix`, also the questions answered in the plenary and the groups' breakout notes; with `public`, the
    conference's conclusions and the list of participants (what the public outcome, its PDF and DOCX show)."""
    reports = (
        RapporteurReport.objects.published()
        .filter(breakout__session__conference=conference)
        .with_content()
        .with_rapporteur()
        .prefetch_related("breakout__thematic_areas", "breakout__session__thematic_areas")
        .order_by("breakout__session__number", "breakout__group__number")
    )
    sessions, by_session = [], {}
    areas = {area.pk: AreaActions(area) for area in conference.thematic_areas.all()}
    for report in reports:
        session = report.breakout.session
        if session.pk not in by_session:
            by_session[session.pk] = SessionOutcome(session)
            sessions.append(by_session[session.pk])
        entry = Entry(report)
        by_session[session.pk].entries.append(entry)
        if report.actions.strip():
            for area in report.breakout.covered_areas:
                areas[area.pk].entries.append(entry)
    outcome = Outcome(
        conference=conference,
        sessions=sessions,
        areas=[area for area in areas.values() if area.entries],
        compiled_at=timezone.now(),
        appendix=compile_appendix(conference) if appendix else [],
    )
    if public:
        outcome.public = True
        outcome.conclusions, outcome.conclusions_language = text_and_language(conference, "conclusions")
        outcome.participants = participant_list(conference)
    return outcome


def asked_line(question):
    """Who asked a question from the floor, of whom, and how many voted for it."""
    parts = []
    if question.asked_by or question.affiliation:
        parts.append(
            _("asked by %(who)s")
            % {"who": ", ".join(part for part in (question.asked_by, question.affiliation) if part)}
        )
    if question.addressee_id:
        parts.append(_("to %(person)s") % {"person": question.addressee.full_name})
    parts.append(ngettext("%(count)d vote", "%(count)d votes", question.vote_count) % {"count": question.vote_count})
    return "; ".join(parts)


def point_line(point):
    return f"{point.text} ({point.author})" if point.author else point.text


def appendix_heading():
    return _("Appendix: questions from the floor and the groups’ breakout notes")


def notes_heading(breakout):
    return _("Breakout notes of %(group)s: %(topic)s") % {"group": breakout.group, "topic": breakout.topic}


def group_heading(breakout):
    return _("%(group)s: %(topic)s") % {"group": breakout.group, "topic": breakout.topic}


def session_heading(session):
    return _("Session %(number)s: %(title)s") % {"number": session.number, "title": session.title}


def area_heading(area):
    return _("Thematic area %(code)s: %(title)s") % {"code": area.code, "title": area.title}


def rapporteur_line(entry):
    person = entry.rapporteur
    if person is None:
        return ""
    return _("Rapporteur: %(name)s") % {"name": str(person)}


def dates_text(conference):
    """The conference's days as the cover says them: "9 June 2026 – 11 June 2026", or "to be announced"."""
    start, end = conference.start_date, conference.end_date
    if not start:
        return _("to be announced")
    text = date_format(start, "DATE_FORMAT")
    if end and end != start:
        text += " – " + date_format(end, "DATE_FORMAT")
    return text


def participants_heading():
    return _("Annex: list of participants")


def person_line(person):
    """A name and function in the list of participants (never an email address)."""
    return f"{person.full_name}, {person.function}" if person.function else person.full_name


def title_of(outcome):
    return _("Conference outcome: %(conference)s") % {"conference": outcome.conference.display_name}


def compiled_line(outcome):
    return ngettext(
        "Compiled on %(date)s from %(count)s published rapporteur report.",
        "Compiled on %(date)s from %(count)s published rapporteur reports.",
        outcome.report_count,
    ) % {
        "date": date_format(timezone.localtime(outcome.compiled_at), "DATE_FORMAT"),
        "count": outcome.report_count,
    }


# Markdown ---------------------------------------------------------------------------------------------------------


def quoted(text):
    return "\n".join(f"> {line}" if line else ">" for line in report_markdown(text, depth=4).splitlines())


def _report_markdown(entry):
    """One group's published report: its rapporteur, its answers, conclusions and actions under level-4 headings."""
    lines = [f"### {inline(group_heading(entry.breakout))}", ""]
    if entry.rapporteur:
        lines += [inline(rapporteur_line(entry)), ""]
    for question, answer in entry.report.answered_questions():
        lines += [f"#### {_('Question %(position)s') % {'position': question.position}}", ""]
        lines += [quoted(question.text), "", report_markdown(answer, depth=4) or _("(No answer.)"), ""]
    lines += [f"#### {_('Main conclusions')}", ""]
    lines += [report_markdown(entry.report.conclusions, depth=4) or _("(None.)"), ""]
    lines += [f"#### {_('Recommended actions')}", ""]
    lines += [report_markdown(entry.report.actions, depth=4) or _("(None.)"), ""]
    return lines


def _areas_markdown(outcome):
    """The recommended actions, by thematic area."""
    lines = [f"## {_('Recommended actions by thematic area')}", ""]
    for area_actions in outcome.areas:
        lines += [f"### {inline(area_heading(area_actions.area))}", ""]
        for entry in area_actions.entries:
            where = _("Session %(session)s, %(group)s") % {
                "session": entry.breakout.session.number,
                "group": group_heading(entry.breakout),
            }
            lines += [f"#### {inline(where)}", "", report_markdown(entry.report.actions, depth=4), ""]
    if not outcome.areas:
        lines += [_("No recommended actions have been published yet."), ""]
    return lines


def _appendix_markdown(outcome):
    """The questions answered in the plenary and the groups' breakout notes, by session, when asked for."""
    lines = [f"## {appendix_heading()}", ""] if outcome.appendix else []
    for part in outcome.appendix:
        lines += [f"### {inline(session_heading(part.session))}", ""]
        if part.questions:
            lines += [f"#### {_('Questions answered in the plenary')}", ""]
            lines += [f"- {plain(question.text)} ({plain(line)})" for question, line in part.questions]
            lines += [""]
        for notes in part.groups:
            lines += [f"#### {inline(notes_heading(notes.breakout))}", ""]
            for question, points in notes.questions:
                lines += [quoted(question.text), ""]
                lines += [f"- {plain(point_line(point))}" for point in points]
                lines += [""]
    return lines


def outcome_markdown(outcome):
    """The outcome as one Markdown document. Every text from organisers or rapporteurs is made inert for it (see
    markdown_export): the document's own headings stay its outline, the reports' own nested under them."""
    lines = [f"# {inline(title_of(outcome))}", "", f"_{inline(compiled_line(outcome))}_", ""]
    for session_outcome in outcome.sessions:
        lines += [f"## {inline(session_heading(session_outcome.session))}", ""]
        for entry in session_outcome.entries:
            lines += _report_markdown(entry)
    lines += _areas_markdown(outcome)
    lines += _appendix_markdown(outcome)
    return "\n".join(lines).rstrip() + "\n"


# Word -------------------------------------------------------------------------------------------------------------


HEADINGS = ("h2", "h3", "h4", "h5", "h6")
# The level of the outcome's headings a report's text sits under ("Question 1", "Main conclusions").
REPORT_UNDER = 3


# The inline tags that style a run, and the style each one counts for.
RUN_STYLES = {"strong": "bold", "em": "italic", "code": "code"}


class DocxWriter(HTMLParser):
    """Writes the sanitised HTML of a report's Markdown (see the `markdown` filter, its headings already nested
    under the outcome's) into a Word document: paragraphs, bulleted and numbered lists, quotes, headings as Word
    headings of their level (so that the document's outline stays in order), and bold, italic, code and links as
    runs."""

    def __init__(self, document):
        super().__init__(convert_charrefs=True)
        self.document = document
        self.paragraph = None
        self.lists = []
        self.styles = dict.fromkeys(RUN_STYLES.values(), 0)  # how many open tags give each style
        self.quote = 0
        self.href = None

    def _paragraph(self, style=None):
        if style is None and self.quote:
            style = "Quote"
        self.paragraph = self.document.add_paragraph(style=style)
        return self.paragraph

    def _start_block(self, tag):
        # A list item's paragraphs go into the item's own Word paragraph.
        if not (tag == "p" and self.paragraph is not None and self.lists):
            self._paragraph()
        if tag == "pre":
            self.styles["code"] += 1

    def handle_starttag(self, tag, attrs):
        if tag in HEADINGS:
            self.paragraph = self.document.add_heading(level=int(tag[1]))
        elif tag in RUN_STYLES:
            self.styles[RUN_STYLES[tag]] += 1
        elif tag in ("p", "pre"):
            self._start_block(tag)
        elif tag in ("ul", "ol"):
            self.lists.append(tag)
        elif tag == "li":
            self._paragraph("List Number" if self.lists and self.lists[-1] == "ol" else "List Bullet")
        elif tag == "blockquote":
            self.quote += 1
        elif tag == "br" and self.paragraph is not None:
            self.paragraph.add_run().add_break()
        elif tag == "a":
            self.href = dict(attrs).get("href")

    def handle_endtag(self, tag):
        if tag in HEADINGS:
            self.paragraph = None
        elif tag in RUN_STYLES:
            self.styles[RUN_STYLES[tag]] -= 1
        elif tag in ("p", "li", "pre"):
            if tag == "pre":
                self.styles["code"] -= 1
            if not (tag == "p" and self.lists):
                self.paragraph = None
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self.paragraph = None
        elif tag == "blockquote":
            self.quote -= 1
        elif tag == "a":
            if self.href and self.paragraph is not None:
                self.paragraph.add_run(f" ({xml_safe(self.href)})")
            self.href = None

    def handle_data(self, data):
        if self.paragraph is None:
            if not data.strip():
                return
            self._paragraph()
        run = self.paragraph.add_run(xml_safe(data))
        run.bold = bool(self.styles["bold"]) or None
        run.italic = bool(self.styles["italic"]) or None
        if self.styles["code"]:
            run.font.name = "Courier New"


def add_markdown(document, text, empty, under=REPORT_UNDER):
    if not text.strip():
        document.add_paragraph(empty)
        return
    writer = DocxWriter(document)
    writer.feed(str(markdown(text, under)))
    writer.close()


def _participants_docx(document, participants):
    """The annex: the list of participants by country and by organisation, names and functions."""
    document.add_heading(participants_heading(), level=1)
    for heading, affiliations in (
        (_("Delegations by country"), participants.countries),
        (_("Participants by organisation"), participants.organisations),
    ):
        if not affiliations:
            continue
        document.add_heading(heading, level=2)
        for affiliation in affiliations:
            document.add_heading(xml_safe(affiliation.name), level=3)
            for person in affiliation.people:
                document.add_paragraph(xml_safe(person_line(person)), style="List Bullet")
    if not participants.count:
        document.add_paragraph(_("No participant is listed yet."))


def outcome_docx(outcome):
    """The outcome as a Word document (bytes), styled with Word's built-in headings so it is easy to edit."""
    document = docx.Document()
    document.core_properties.title = xml_safe(title_of(outcome))
    document.add_heading(xml_safe(title_of(outcome)), level=0)
    if outcome.public:  # what the PDF's cover says
        for label, value in (
            (_("Dates"), dates_text(outcome.conference)),
            (_("Venue"), outcome.conference.venue or _("to be announced")),
        ):
            paragraph = document.add_paragraph()
            paragraph.add_run(label).bold = True
            paragraph.add_run("\n" + xml_safe(value))
    document.add_paragraph(compiled_line(outcome)).runs[0].italic = True
    if outcome.public:
        document.add_heading(_("Conclusions"), level=1)
        add_markdown(document, outcome.conclusions, _("(None.)"), under=1)
    for session_outcome in outcome.sessions:
        document.add_heading(xml_safe(session_heading(session_outcome.session)), level=1)
        for entry in session_outcome.entries:
            document.add_heading(xml_safe(group_heading(entry.breakout)), level=2)
            if entry.rapporteur:
                document.add_paragraph(xml_safe(rapporteur_line(entry)))
            for question, answer in entry.report.answered_questions():
                document.add_heading(_("Question %(position)s") % {"position": question.position}, level=3)
                document.add_paragraph(xml_safe(question.text), style="Quote")
                add_markdown(document, answer, _("(No answer.)"))
            document.add_heading(_("Main conclusions"), level=3)
            add_markdown(document, entry.report.conclusions, _("(None.)"))
            document.add_heading(_("Recommended actions"), level=3)
            add_markdown(document, entry.report.actions, _("(None.)"))
    document.add_heading(_("Recommended actions by thematic area"), level=1)
    for area_actions in outcome.areas:
        document.add_heading(xml_safe(area_heading(area_actions.area)), level=2)
        for entry in area_actions.entries:
            where = _("Session %(session)s, %(group)s") % {
                "session": entry.breakout.session.number,
                "group": group_heading(entry.breakout),
            }
            document.add_heading(xml_safe(where), level=3)
            add_markdown(document, entry.report.actions, "")
    if not outcome.areas:
        document.add_paragraph(_("No recommended actions have been published yet."))
    if outcome.appendix:
        document.add_heading(appendix_heading(), level=1)
    for part in outcome.appendix:
        document.add_heading(xml_safe(session_heading(part.session)), level=2)
        if part.questions:
            document.add_heading(_("Questions answered in the plenary"), level=3)
            for question, line in part.questions:
                item = document.add_paragraph(xml_safe(question.text), style="List Bullet")
                item.add_run(xml_safe(f" ({line})")).italic = True
        for notes in part.groups:
            document.add_heading(xml_safe(notes_heading(notes.breakout)), level=3)
            for question, points in notes.questions:
                document.add_paragraph(xml_safe(question.text), style="Quote")
                for point in points:
                    document.add_paragraph(xml_safe(point_line(point)), style="List Bullet")
    if outcome.participants is not None:
        _participants_docx(document, outcome.participants)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
