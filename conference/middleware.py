import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again while the database cannot be reached.
OUTAGE_RETRY_AFTER = 30


class SecurityHeadersMiddleware:
    """Adds the headers Django's SecurityMiddleware does not: Content-Security-Policy and Permissions-Policy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        return response


def outage_response(request):
    """503 Service Unavailable with Retry-After: the site's own page, or JSON for the live pages' scripts. Rendered
    without the request, as Django renders its 500 page: the context processors may need the database."""
    if request.get_preferred_type(["text/html", "application/json"]) == "application/json":
        message = _("The site cannot reach its database just now. Please try again in a minute.")
        response = JsonResponse({"status": "unavailable", "message": message}, status=503)
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    add_never_cache_headers(response)
    return response


class DatabaseOutageMiddleware:
    """While the database cannot be reached (stopped, restarting, out of connections), every page and endpoint answers
    503 with Retry-After instead of a server error; the site recovers by itself when the database is back.

    Catches the errors of views and of their templates (Django's process_exception); the middleware before it reach
    the database only lazily, from the view (the session, the user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.warning("Database unavailable, answered 503: %s %s: %s", request.method, request.path, exception)
        return outage_response(request)
