"""Who is asking: the client's address, also behind load balancers.

Behind one or more proxies every request comes from a proxy's address, so the address of the client is read from
X-Forwarded-For. That header is a list each proxy appends the address it saw to; only the entries our own proxies
appended can be trusted (a client can send any header it likes), so with `DJANGO_PROXY_COUNT` = N proxies the client
is the N-th entry from the right. With no proxy (N = 0) it is REMOTE_ADDR. django-axes reads the same function
(AXES_CLIENT_IP_CALLABLE), so login lockouts and our own throttles always agree on who the client is.
"""

import ipaddress

from django.conf import settings


def _address(text):
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The client's IP address as text ("" when the server was given none that parses)."""
    remote = _address(request.META.get("REMOTE_ADDR", "")) or ""
    count = settings.PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < count:
        # Fewer entries than proxies: the request did not come through all of them (e.g. straight to the app
        # server's port). Its own address is the only one that can be trusted.
        return remote
    return _address(hops[-count]) or remote
