"""The public page cache: whole pages, keyed by the content version, so that any edit shows on the next request."""

import hashlib
from functools import wraps

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

from .models import ContentVersion

PAGE_TIMEOUT = 3600
WATCHED_APPS = {"conference", "agenda_sessions", "groups", "reports"}
# Cookies that make a response personal: a logged-in user, or messages waiting to be shown.
PERSONAL_COOKIES = ("sessionid", "messages")


def page_key(request):
    raw = f"{ContentVersion.current()}|{get_language()}|{request.get_host()}|{request.get_full_path()}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def cache_public_page(view):
    """Serve a public page from the cache for anonymous GETs; store only plain 200 answers that set no cookie."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        personal = any(request.COOKIES.get(name) for name in (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES))
        if request.method not in ("GET", "HEAD") or personal:
            return view(request, *args, **kwargs)
        key = page_key(request)
        response = cache.get(key)
        if response is None:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response.render()
            if (
                response.status_code == 200
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                cache.set(key, response, PAGE_TIMEOUT)
        return response

    return wrapper


def content_changed(sender, instance=None, created=False, **kwargs):
    # A model whose saves never show on public pages by themselves (a draft report, say) sets
    # `affects_public_pages = False`, or a method `affects_public_pages(self, created)` saying it per record; the
    # service that publishes it raises the version itself.
    shows = getattr(sender, "affects_public_pages", True)
    if callable(shows):
        shows = instance is None or not isinstance(instance, sender) or shows(instance, created)
    if shows and sender is not ContentVersion:
        ContentVersion.bump()


def watch_changes():
    """Raise the content version whenever a record of the conference's apps is saved, deleted or relinked."""
    for model in apps.get_models(include_auto_created=True):
        if model._meta.app_label in WATCHED_APPS:
            for signal in (post_save, post_delete, m2m_changed):
                signal.connect(content_changed, sender=model, dispatch_uid=f"content-changed-{model._meta.label}")
