"""Operations on the breakout structure that touch several records. Views, admin actions and management commands
call these functions, so that each rule lives in one place."""

import datetime
import hashlib
import smtplib
from dataclasses import dataclass

from django.core import signing
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from conference.models import Conference, ContentVersion, Country, Organisation, Participant, ThematicArea
from sessions.models import Contribution, Segment, Session

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


# A partner's link to confirm their place: signed, for this long. Nothing is stored until it is followed.
PLACE_LINK_SALT = "groups.partner-place"
PLACE_LINK_DAYS = 7


class PlaceLinkError(Exception):
    """A confirmation link that cannot be used: `reason` is "invalid", "expired" or "used"."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


@dataclass
class PlaceRequest:
    """What a partner asked for on the join page, as their confirmation link carries it."""

    conference: Conference
    group: BreakoutGroup
    full_name: str
    organisation_name: str
    email: str
    language: str
    state: str

    def payload(self):
        return {
            "c": self.conference.pk,
            "g": self.group.pk,
            "n": self.full_name,
            "o": self.organisation_name,
            "e": self.email,
            "l": self.language,
            "s": self.state,
        }


def _participant_state(conference, email):
    """A fingerprint of what following a link changes: the address's participant and their place, or "new". A link
    carries the state it was made in and works only while it holds, so it works once: following it changes it."""
    participant = Participant.objects.filter(conference=conference, email__iexact=email).first()
    if participant is None:
        return "new"
    place = GroupPartner.objects.filter(participant=participant).first()
    parts = [participant.pk, participant.organisation_id, participant.country_id]
    if place is not None:
        parts += [place.pk, place.group_id, place.confirmed_at and place.confirmed_at.isoformat()]
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:20]


def place_link_token(*, conference, group, full_name, organisation_name, email, language):
    """The signed key of a partner's confirmation link: everything the place needs, and the state it was asked in."""
    request = PlaceRequest(
        conference=conference,
        group=group,
        full_name=full_name,
        organisation_name=organisation_name,
        email=email,
        language=language,
        state=_participant_state(conference, email),
    )
    return signing.dumps(request.payload(), salt=PLACE_LINK_SALT, compress=True)


def read_place_link(*, conference, token):
    """The PlaceRequest a confirmation link carries, while it can be used; raises PlaceLinkError otherwise."""
    try:
        data = signing.loads(token, salt=PLACE_LINK_SALT, max_age=datetime.timedelta(days=PLACE_LINK_DAYS))
    except signing.SignatureExpired:
        raise PlaceLinkError("expired") from None
    except signing.BadSignature:
        raise PlaceLinkError("invalid") from None
    if data.get("c") != conference.pk:
        raise PlaceLinkError("invalid")
    group = BreakoutGroup.objects.filter(conference=conference, pk=data["g"]).first()
    if group is None:
        raise PlaceLinkError("invalid")
    request = PlaceRequest(
        conference=conference,
        group=group,
        full_name=data["n"],
        organisation_name=data["o"],
        email=data["e"],
        language=data["l"],
        state=data["s"],
    )
    if _participant_state(conference, request.email) != request.state:
        raise PlaceLinkError("used")
    return request


def send_place_link(*, conference, group, full_name, organisation_name, email, language, base_url):
    """Mail a partner the link that confirms their place in `group`, in `language` (the join page's). The mail is
    the same whether the address is known or not; nothing is stored. Returns whether the mail server took it."""
    token = place_link_token(
        conference=conference,
        group=group,
        full_name=full_name,
        organisation_name=organisation_name,
        email=email,
        language=language,
    )
    with translation.override(language):
        path = reverse("groups:confirm_place", kwargs={"conference": conference.slug, "token": token})
        context = {
            "full_name": full_name,
            "group": group,
            "conference": conference,
            "url": base_url.rstrip("/") + path,
            "days": PLACE_LINK_DAYS,
        }
        subject = _("Confirm your place in %(group)s – %(conference)s") % {
            "group": group.display_name,
            "conference": conference.display_name,
        }
        mail = EmailMessage(
            subject=" ".join(subject.split()),
            body=render_to_string("groups/email/confirm_place.txt", context),
            to=[email],
        )
    try:
        return mail.send() == 1
    except (smtplib.SMTPException, OSError):
        return False


def take_place(*, request):
    """Follow a partner's confirmation link: their place in the group is recorded, to be confirmed by the
    organisers. A new address becomes a participant (and a new organisation name an organisation, both marked as
    from the join page); a known partner's place moves to the group, and one already there stays as it is (confirmed
    or not). Returns the place, or None for a delegate (in their country's group). Raises PlaceLinkError when the link
    was used meanwhile."""
    conference = request.conference
    try:
        with transaction.atomic():
            participant = (
                Participant.objects.select_for_update()
                .filter(conference=conference, email__iexact=request.email)
                .first()
            )
            if _participant_state(conference, request.email) != request.state:
                raise PlaceLinkError("used")
            if participant is None:
                organisation = organisation_named(conference=conference, name=request.organisation_name)
                participant = Participant.objects.create(
                    conference=conference,
                    full_name=request.full_name,
                    organisation=organisation,
                    email=request.email,
                    language=request.language,
                    from_signup=True,
                )
            else:
                if participant.country_id is not None:
                    return None
                # An update, not a save: their language is no public page's concern.
                Participant.objects.filter(pk=participant.pk).update(language=request.language)
                place = GroupPartner.objects.filter(participant=participant).first()
                if place is not None and place.group_id == request.group.pk:
                    return place  # already there: a confirmed place stays confirmed
                if place is not None:
                    place.delete()
            return GroupPartner.objects.create(group=request.group, participant=participant)
    except IntegrityError:  # the same link followed twice at the same moment
        raise PlaceLinkError("used") from None


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


def set_contributors(*, contributors):
    """Name the contributors of presentations: `contributors` maps each segment to its participants in order, which
    replace its contributors (none: it names nobody), all in one transaction. Returns how many presentations
    changed."""
    changed = 0
    with transaction.atomic():
        for segment, people in contributors.items():
            wanted = list(dict.fromkeys(people))  # each person once, where first named
            if [person.pk for person in wanted] == [person.pk for person in segment.contributor_list]:
                continue
            segment.contributions.all().delete()
            for position, person in enumerate(wanted, start=1):
                contribution = Contribution(segment=segment, participant=person, position=position)
                contribution.full_clean()
                contribution.save()  # one by one: each save tells the page cache
            changed += 1
    return changed
