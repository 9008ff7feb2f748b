"""How often one phone and one address may ask, vote and note, counted in the database (conference.throttle).

Sized for a venue where 300 people share one Wi-Fi address: the per-address limits stop one machine that keeps
dropping its cookie, never a full room; the per-phone limits stop one phone, never a person taking part.
"""

from dataclasses import dataclass

from conference import throttle
from conference.clients import client_ip


@dataclass(frozen=True)
class Limit:
    scope: str
    limit: int
    window: int  # seconds

    @property
    def minutes(self):
        return self.window // 60


# A person asks a few questions in a 15-minute segment; the room of 300, at most about two a second between them.
ASK_PER_DEVICE = Limit("live-ask-device", 5, 5 * 60)
ASK_PER_ADDRESS = Limit("live-ask-address", 600, 5 * 60)
# Voting through a list of 30 questions takes a person a minute; the room, ten votes a second for five minutes.
VOTE_PER_DEVICE = Limit("live-vote-device", 60, 60)
VOTE_PER_ADDRESS = Limit("live-vote-address", 3000, 5 * 60)
# A group of 25 noting its points for 45 minutes, four groups at once.
POINT_PER_DEVICE = Limit("live-point-device", 20, 5 * 60)
POINT_PER_ADDRESS = Limit("live-point-address", 600, 5 * 60)


def allow(request, device, per_device, per_address):
    """Count one attempt by the phone and its address; returns the Limit that refuses it, or None when allowed."""
    if not throttle.allow(per_device.scope, device, limit=per_device.limit, window=per_device.window):
        return per_device
    if not throttle.allow(per_address.scope, client_ip(request), limit=per_address.limit, window=per_address.window):
        return per_address
    return None
