"""The programme as a delegate plans a day with it: sessions by day with the breaks between them, and what is on
now and next at the venue.

Pure functions of a conference and its sessions (loaded with `Session.objects.with_programme()`), so that the pages
compute them without a query of their own.
"""

import datetime
from dataclasses import dataclass, field

from django.utils.formats import time_format

from conference import clock
from conference.models import plausible_day

from .models import SegmentKind


@dataclass
class Break:
    """The time between two sessions of a day: from the end of one (a range while segment lengths are ranges) to
    the start of the next."""

    after: object
    before: object

    @property
    def until(self):
        return time_format(self.before.starts_at, "TIME_FORMAT")


@dataclass
class Day:
    """One day of the programme (`date` None for the sessions whose date is not set yet), its sessions in order with
    the breaks between them."""

    date: datetime.date | None
    entries: list = field(default_factory=list)

    @property
    def sessions(self):
        return [entry for entry in self.entries if not isinstance(entry, Break)]

    @property
    def slots(self):
        """(the Break before it or None, session) for each session of the day: what a page shows, in order."""
        slots, pause = [], None
        for entry in self.entries:
            if isinstance(entry, Break):
                pause = entry
            else:
                slots.append((pause, entry))
                pause = None
        return slots


def days(sessions):
    """The sessions by day, in time order, with a Break between consecutive sessions of a day whose end is known
    before the next one starts; the sessions without a date come last, by number."""
    dated = sorted(
        (s for s in sessions if plausible_day(s.date)),
        key=lambda s: (s.date, s.start_time is None, s.start_time, s.number),
    )
    undated = [s for s in sessions if not plausible_day(s.date)]
    result = []
    for session in dated:
        if not result or result[-1].date != session.date:
            result.append(Day(session.date))
        day = result[-1]
        previous = day.sessions[-1] if day.sessions else None
        if previous is not None and _break_between(previous, session):
            day.entries.append(Break(previous, session))
        day.entries.append(session)
    if undated:
        result.append(Day(None, sorted(undated, key=lambda s: s.number)))
    return result


def _break_between(previous, session):
    ends = previous.ends
    return ends is not None and session.starts_at is not None and ends.latest < session.starts_at


@dataclass
class NowAndNext:
    """What is on at the venue at one moment: the session under way (if any), the next one (if any), and until when
    this holds (the next start or end, or midnight): a page showing it may be kept no longer than that."""

    now: object = None
    next: object = None
    valid_until: datetime.datetime | None = None

    @property
    def shown(self):
        return self.now is not None or self.next is not None


def now_and_next(conference, sessions, at=None):
    """What is on now and next, in the conference's time zone, during the conference's days (from its first day,
    or its first session's, to its last); an empty NowAndNext before and after them, and while the conference has
    no time zone. `valid_until` is when the answer may change (None: not in the next hour)."""
    zone = clock.zone_of(conference)
    timed = sorted(
        (s for s in sessions if plausible_day(s.date) and s.starts_at), key=lambda s: (s.starts_at, s.number)
    )
    if zone is None or not timed:
        return NowAndNext()
    local = (at or clock.now()).astimezone(zone).replace(tzinfo=None)
    first_day = conference.start_date if plausible_day(conference.start_date) else timed[0].date
    last_day = conference.end_date if plausible_day(conference.end_date) else timed[-1].date
    if local.date() < first_day:
        return NowAndNext(valid_until=_aware(datetime.datetime.combine(first_day, datetime.time()), zone))
    if local.date() > last_day:
        return NowAndNext()
    current, coming, changes = _under_way_and_coming(timed, local)
    midnight = datetime.datetime.combine(local.date() + datetime.timedelta(days=1), datetime.time())
    return NowAndNext(now=current, next=coming, valid_until=_aware(min([midnight, *changes]), zone))


def _under_way_and_coming(timed, local):
    """(the session under way at the local time, the next one to start, the times at which either changes) among
    the timed sessions, in start order."""
    current = coming = None
    changes = []
    for index, session in enumerate(timed):
        ends = _end_of(session, timed[index + 1] if index + 1 < len(timed) else None)
        if session.starts_at <= local < ends:
            current = session
            changes.append(ends)
        elif session.starts_at > local and coming is None:
            coming = session
            changes.append(session.starts_at)
    return current, coming, changes


def _end_of(session, following):
    """Until when a session counts as under way: its latest planned end; while its length is not known, until the
    next session starts or the day ends."""
    ends = session.ends
    if ends is not None:
        return ends.latest
    midnight = datetime.datetime.combine(session.date + datetime.timedelta(days=1), datetime.time())
    if following is not None and following.starts_at < midnight:
        return following.starts_at
    return midnight


def _aware(local, zone):
    return local.replace(tzinfo=zone)


@dataclass
class Contributor:
    """A participant named as a contributor, with the presentations they give (segments with their clock times,
    each with its `session`)."""

    person: object
    presentations: list = field(default_factory=list)


def contributors(sessions):
    """The contributors of `sessions`' presentations in the programme's order (each once, where first named), each
    with their presentations. The sessions' segments must be prefetched `with_contributors()`."""
    found = {}
    for session in sessions:
        for segment in session.timeline():
            if segment.kind != SegmentKind.PRESENTATION:  # a presentation made a discussion keeps its rows, unshown
                continue
            for person in segment.contributor_list:
                found.setdefault(person.pk, Contributor(person)).presentations.append(segment)
    return list(found.values())
