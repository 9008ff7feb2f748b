"""How often one phone and one address may ask, vote and note, and join as a new phone, counted in the database
(conference.throttle).

Sized for a venue where 300 people share one Wi-Fi address: the per-address limits stop one machine that keeps
dropping its cookie, never a full room; the per-phone limits stop one phone, never a person taking part. The limits
per address are each session's own (LiveSession, edited by the organisers in the admin); the defaults are there.
"""

from dataclasses import dataclass

from django.utils.crypto import salted_hmac

from conference import throttle
from conference.clients import client_ip

from .models import ADDRESS_HASH_LENGTH


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window: int  # seconds

    @property
    def minutes(self):
        return self.window // 60


ADDRESS_WINDOW = 5 * 60
# A person asks a few questions in a 15-minute segment; the room of 300, at most about two a second between them.
ASK_PER_DEVICE = Limit("live-ask-device", 5, 5 * 60)
# Voting through a list of 30 questions takes a person a minute; the room, ten votes a second for five minutes.
VOTE_PER_DEVICE = Limit("live-vote-device", 60, 60)
# A group of 25 noting its points for 45 minutes, four groups at once.
POINT_PER_DEVICE = Limit("live-point-device", 20, 5 * 60)
POINT_PER_ADDRESS = Limit("live-point-address", 600, 5 * 60)


def ask_per_address(live):
    """The session's limit of questions per address (LiveSession.questions_per_address)."""
    return Limit("live-ask-address", live.questions_per_address, ADDRESS_WINDOW)


def vote_per_address(live):
    """The session's limit of votes per address (LiveSession.votes_per_address)."""
    return Limit("live-vote-address", live.votes_per_address, ADDRESS_WINDOW)


def new_device_per_address(live):
    """The session's limit of new phones per address and minute (LiveSession.new_phones_per_minute). Counted per
    address over all sessions: a phone's id is the same on every session's pages."""
    return Limit("live-new-device-address", live.new_phones_per_minute, 60)


def allow(request, device, per_device, per_address):
    """Count one attempt by the phone and its address; returns the Limit that refuses it, or None when allowed."""
    if not throttle.allow(per_device.scope, device, limit=per_device.limit, window=per_device.window):
        return per_device
    if not throttle.allow(per_address.scope, client_ip(request), limit=per_address.limit, window=per_address.window):
        return per_address
    return None


def allow_new_device(request, limit):
    """Count one new phone from the request's address; whether it is within `limit`."""
    return throttle.allow(limit.scope, client_ip(request), limit=limit.limit, window=limit.window)


def new_devices_exhausted(request, limit):
    """`limit` when the request's address has had all the new phones it allows in this window, without counting one;
    else None."""
    used = throttle.attempts(limit.scope, client_ip(request), window=limit.window)
    return limit if used >= limit.limit else None


def address_hash(request):
    """The request's network address as a keyed hash (HMAC with the site's secret key), for the votes.

    Not the address itself: an IP address is personal data, and the votes are kept after the conference (and in
    its backups). Not a plain hash either: there are only 2³² IPv4 addresses, so anyone holding the table could hash
    them all in minutes and read every address back; without the secret key they cannot. Equal addresses still give
    equal values, which is all that counting a question's votes per address needs.
    """
    digest = salted_hmac("groups.live.address", client_ip(request), algorithm="sha256").hexdigest()
    return digest[:ADDRESS_HASH_LENGTH]
