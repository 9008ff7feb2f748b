"""What every live form does when a phone posts (a question, a vote, a breakout point), in one place.

The phone must send back its device cookie (it is how one phone votes once; a phone seen for the first time gets
one, unless its address has had too many new phones in the last minute); the form must be valid; the phone and
its address must be under their limits (limits.py); and the service must accept (asking, voting or the notes may
have closed meanwhile). Each refusal says why, as a message on the page shown again with what was typed, or as
JSON for the page's script; an accepted post goes back to the page (post/redirect/get).
"""

from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View

from . import limits
from .device import device_id, ensure_device_id


def too_many(limit, what):
    """Why a post was refused by `limit`, in words: `what` is the plural of what was sent ("questions")."""
    if limit.scope.endswith("address"):
        return _(
            "Too many %(what)s came from your network in the last %(minutes)d minutes. Wait a few minutes and try "
            "again; what you typed is kept."
        ) % {"what": what, "minutes": limit.minutes}
    return ngettext(
        "You have sent the most %(what)s this phone can send in a minute. Wait a little and try again; what you "
        "typed is kept.",
        "You have sent the most %(what)s this phone can send in %(minutes)d minutes. Wait a little and try again; "
        "what you typed is kept.",
        limit.minutes,
    ) % {"what": what, "minutes": limit.minutes}


def too_many_new_phones():
    """Why a phone seen for the first time was not given its device id, in words."""
    return _(
        "Many phones on your network have joined in the last minute. Reload this page in a minute to take part; what "
        "you typed is kept, and you can read the page meanwhile."
    )


def wants_json(request):
    """The page's script asks for JSON; a plain form post (no script) wants a page."""
    return request.headers.get("Accept", "").startswith("application/json")


class LivePostView(View):
    """A live page that phones post to. A subclass names the service's exception for "not open now" and the
    messages, and supplies `rate_limits()`, `get_form()`, `act()` (the accepted post's answer) and `page(status)`
    (the page, with the posted form if any); a view that answers a script overrides `refuse()` instead of `page()`."""

    what = ""  # the plural of what a phone sends, for the too-many message
    closed = None  # the service's exception when it no longer takes posts
    closed_status, closed_level = 403, messages.ERROR
    no_device_message = closed_message = ""
    gives_device = True  # a page gives a phone without one its device id; an answer to a script does not
    form = None  # the posted form, once there is one
    live = None  # the session's LiveSession (its limits), set by the subclass before `setup()`

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        if self.gives_device:
            self.device = ensure_device_id(request, limits.new_device_per_address(self.live))
        else:
            self.device = device_id(request)

    def get(self, request, *args, **kwargs):
        refused = getattr(request, "device_refused", None)
        if refused:
            messages.warning(request, too_many_new_phones())
        return self.page()

    def post(self, request, *args, **kwargs):
        self.form = self.get_form()
        return self.perform()

    def perform(self):
        """Check the posted form against the protocol; `act()` when all is well, `refuse()` with the reason if not."""
        if device_id(self.request) is None:
            refused = getattr(self.request, "device_refused", None)
            if refused is None and not self.gives_device:
                # A page refused this phone its id: say why, not "allow cookies" (one query, only without a cookie).
                refused = limits.new_devices_exhausted(self.request, limits.new_device_per_address(self.live))
            if refused:
                response = self.refuse(429, "limited", too_many_new_phones())
                response["Retry-After"] = str(refused.window)
                return response
            return self.refuse(403, "no-device", self.no_device_message)
        if not self.form.is_valid():
            return self.page()
        refused = limits.allow(self.request, self.device, *self.rate_limits())
        if refused:
            response = self.refuse(429, "limited", too_many(refused, self.what))
            response["Retry-After"] = str(refused.window)
            return response
        try:
            return self.act()
        except self.closed:
            return self.refuse(self.closed_status, "closed", self.closed_message, self.closed_level)

    def refuse(self, status, kind, message, level=messages.ERROR):
        """The page again with the message, and what the phone typed kept in its form."""
        messages.add_message(self.request, level, message)
        return self.page(status)

    def rate_limits(self):
        """(per phone, per address): the limits.Limit pair for what this page takes (read when asked; the per-address
        limit is the session's own)."""
        raise NotImplementedError

    def get_form(self):
        raise NotImplementedError

    def act(self):
        raise NotImplementedError

    def page(self, status=200):
        raise NotImplementedError
