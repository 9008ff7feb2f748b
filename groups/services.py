"""Operations on the breakout structure that touch several records. Views, admin actions and management commands
call these functions, so that each rule lives in one place."""

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone

from conference.models import Conference, ContentVersion, Country, Organisation, Participant, ThematicArea
from sessions.models import Segment, Session

from .models import Breakout, BreakoutGroup, GroupCountry, GroupPartner, Question


def organisation_named(*, conference, name):
    """The conference's organisation of this name (in any case), recorded if it is new, as typed in on the join page
    (not suggested to others until the organisers confirm it). Several sign-ups naming the same new organisation at
    the same moment all get the one row."""
    existing = Organisation.objects.filter(conference=conference, name__iexact=name).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return Organisation.objects.create(conference=conference, name=name, from_signup=True)
    except IntegrityError:  # created by a sign-up running at the same moment
        return Organisation.objects.get(conference=conference, name=name)


def join_group(*, conference, full_name, organisation_name, email, group):
    """A partner participant signs up for a group: records their organisation, them, and their place, to be confirmed
    by the organisers. Returns the new place, or None when the email address is already registered for the
    conference: the caller answers alike in both cases, so that the form tells nobody whether an address is known."""
    if Participant.objects.filter(conference=conference, email__iexact=email).exists():
        return None
    organisation = organisation_named(conference=conference, name=organisation_name)
    try:
        with transaction.atomic():
            participant = Participant.objects.create(
                conference=conference, full_name=full_name, organisation=organisation, email=email
            )
            return GroupPartner.objects.create(group=group, participant=participant)
    except IntegrityError:  # the same address signed up at the same moment
        return None


def confirm_partners(*, places):
    """The organisers confirm partners' places: their names now show on the public pages. Returns how many."""
    with transaction.atomic():
        count = places.filter(confirmed_at__isnull=True).update(confirmed_at=timezone.now())
        if count:
            ContentVersion.bump()
    return count


@transaction.atomic
def copy_conference(*, conference, slug, region="", name=""):
    """A new conference with `conference`'s structure, to be edited for the next one: its thematic areas, countries,
    groups with their countries, sessions with their timed segments, breakouts with their thematic areas and
    report-back slots, and their open questions. Nothing that belongs to one conference is copied: people,
    organisations, dates, venue, time zone, nominations and reports. Returns the new conference."""
    new = Conference(slug=slug, region=region, name=name, aim="", modalities=conference.modalities)
    new.full_clean()
    new.save()
    areas = _copy_thematic_areas(conference, new)
    groups = _copy_groups(conference, new)
    sessions, segments = _copy_sessions(conference, new, areas)
    _copy_breakouts(conference, areas=areas, groups=groups, sessions=sessions, segments=segments)
    ContentVersion.bump()
    return new


def _copy_thematic_areas(conference, new):
    """The conference's thematic areas copied into `new`, parents before their sub-areas: {old pk: copy}."""
    areas = {}
    pending = list(conference.thematic_areas.order_by("position", "code"))
    while pending:
        ready = [area for area in pending if area.parent_id is None or area.parent_id in areas]
        for area in ready:
            areas[area.pk] = ThematicArea.objects.create(
                conference=new,
                code=area.code,
                title=area.title,
                parent=areas.get(area.parent_id),
                position=area.position,
            )
        pending = [area for area in pending if area.pk not in areas]
        if not ready:
            break  # a loop of parents cannot be copied as it is; its areas stay behind
    return areas


def _copy_groups(conference, new):
    """The conference's countries and breakout groups copied into `new`, each group with its countries:
    {old group pk: copy}."""
    countries = {
        country.pk: copy
        for country, copy in _copies(
            conference.countries.all(), lambda c: Country(conference=new, code=c.code, name=c.name)
        )
    }
    groups = {
        group.pk: copy
        for group, copy in _copies(
            conference.breakout_groups.all(),
            lambda g: BreakoutGroup(conference=new, number=g.number, name=g.name),
        )
    }
    GroupCountry.objects.bulk_create(
        GroupCountry(group=groups[place.group_id], country=countries[place.country_id])
        for place in GroupCountry.objects.filter(group__conference=conference)
    )
    return groups


def _copy_sessions(conference, new, areas):
    """The conference's sessions copied into `new` with their thematic areas and timed segments:
    ({old session pk: copy}, {old segment pk: copy})."""
    old_sessions = list(conference.sessions.prefetch_related("thematic_areas", "segments"))
    sessions = dict(
        _copies(
            old_sessions,
            lambda s: Session(
                conference=new,
                number=s.number,
                kind=s.kind,
                title=s.title,
                description=s.description,
                aim=s.aim,
            ),
        )
    )
    segments = {}
    for old, copy in sessions.items():
        copy.thematic_areas.set([areas[area.pk] for area in old.thematic_areas.all() if area.pk in areas])
        for segment, segment_copy in _copies(
            old.segments.all(),
            lambda s, copy=copy: Segment(
                session=copy,
                position=s.position,
                kind=s.kind,
                title=s.title,
                description=s.description,
                min_minutes=s.min_minutes,
                max_minutes=s.max_minutes,
            ),
        ):
            segments[segment.pk] = segment_copy
    return {old.pk: copy for old, copy in sessions.items()}, segments


def _copy_breakouts(conference, *, areas, groups, sessions, segments):
    """The conference's breakouts copied into the copied sessions and groups, with their thematic areas,
    report-back slots and open questions."""
    old_breakouts = Breakout.objects.filter(session__conference=conference).prefetch_related(
        "thematic_areas", Prefetch("questions", queryset=Question.objects.open())
    )
    for old, copy in _copies(
        old_breakouts,
        lambda b: Breakout(
            session=sessions[b.session_id],
            group=groups[b.group_id],
            topic=b.topic,
            thematic_label=b.thematic_label,
            report_back=segments.get(b.report_back_id),
        ),
    ):
        copy.thematic_areas.set([areas[area.pk] for area in old.thematic_areas.all() if area.pk in areas])
        Question.objects.bulk_create(
            Question(breakout=copy, position=question.position, text=question.text) for question in old.questions.all()
        )


def _copies(originals, make):
    """(original, saved copy) for each original; the copies are checked as a form would check them."""
    pairs = []
    for original in originals:
        copy = make(original)
        copy.full_clean()
        copy.save()
        pairs.append((original, copy))
    return pairs


def set_default_rooms(*, rooms):
    """Give each group (a key of `rooms`) its default room (the value, or None: to be announced), in one transaction;
    returns how many groups changed. Every breakout without a room of its own meets in its group's default room."""
    changed = 0
    with transaction.atomic():
        for group, room in rooms.items():
            if group.default_room_id != (room.pk if room else None):
                group.default_room = room
                group.full_clean()
                group.save(update_fields=["default_room"])
                changed += 1
    return changed


def set_presenters(*, presenters):
    """Name the presenter of each presentation: `presenters` holds (segment, participant) pairs, saved in one
    transaction."""
    with transaction.atomic():
        for segment, participant in presenters:
            segment.presenter = participant
            segment.full_clean()
            segment.save(update_fields=["presenter"])
