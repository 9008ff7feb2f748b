"""The public page cache: whole pages, keyed by the content version, so that any edit shows on the next request.

Every public answer also carries an ETag (a digest of the page) and a short Cache-Control, so that a phone or a CDN
may keep it briefly and then ask again with If-None-Match: an unchanged page answers 304 Not Modified, with no body
to send over the venue's Wi-Fi.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import QueryDict
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.inspect import func_supports_parameter
from django.utils.translation import get_language

from . import clock
from .models import ContentVersion

PAGE_TIMEOUT = 3600
# How long a phone or a CDN may show a public page without asking again (then it revalidates with its ETag).
BROWSER_MAX_AGE = 60
# Cookies that make a response personal: a logged-in user, or messages waiting to be shown.
PERSONAL_COOKIES = ("sessionid", "messages")


def page_key(request):
    """The cache key of a page: content version, language, scheme, host, path and the query the view may read."""
    query = request.GET.urlencode()
    raw = f"{ContentVersion.current()}|{get_language()}|{request.scheme}|{request.get_host()}|{request.path}|{query}"
    return "page:" + hashlib.sha256(raw.encode()).hexdigest()


def _keep_query(request, names):
    """Leave only the parameters `names` in the request's query, in that order."""
    query = QueryDict(mutable=True)
    for name in names:
        if name in request.GET:
            query.setlist(name, request.GET.getlist(name))
    query._mutable = False
    request.GET = query
    request.META["QUERY_STRING"] = query.urlencode()


def valid_until(response, moment):
    """Say that `response` shows something that changes at `moment` (what is on now at the venue): the page cache
    and browsers keep it no longer than that. None: nothing on the page depends on the clock before the cache's own
    timeout."""
    response.valid_until = moment
    return response


def _seconds_left(response):
    moment = getattr(response, "valid_until", None)
    if moment is None:
        return None
    return max(int((moment - clock.now()).total_seconds()), 0)


def _etag(response):
    """A strong ETag: the digest of the page, so that it changes exactly when what the page shows changes."""
    if not response.has_header("ETag"):
        response["ETag"] = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    return response["ETag"]


def _answer(request, response, *, shared):
    """The response, or 304 Not Modified when the client's copy is the same; with the Cache-Control that lets a
    phone or a CDN (`shared`: the same page for everyone) keep it briefly, or only the browser (a personal page)."""
    if response.status_code != 200 or getattr(response, "streaming", False):
        return response
    seconds = _seconds_left(response)
    max_age = BROWSER_MAX_AGE if seconds is None else min(BROWSER_MAX_AGE, seconds)
    if shared:
        patch_cache_control(response, public=True, max_age=max_age)
    else:
        patch_cache_control(response, private=True, no_cache=True)
    return get_conditional_response(request, etag=_etag(response), response=response)


def cache_public_page(view, *, query=(), free_text=()):
    """Serve a public page from the cache for anonymous GETs; store only plain 200 answers that set no cookie.

    `query` names the query parameters the view reads (e.g. `query=["country", "name"]`). The view sees only those,
    and only those are in the cache key: made-up query strings (`?utm=…`, `?x=1`, `?x=2`…) get the same page from
    one cache entry instead of filling the cache with copies. `free_text` names those of them that take any text
    (a searched name): a page with one of them is built each time and never stored, since every value typed would
    otherwise be a cache entry of its own.

    A page that shows what is on now (see `valid_until`) is stored no longer than until that changes. Every
    answer carries an ETag and a Cache-Control, and a request whose If-None-Match matches gets 304 Not Modified.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        _keep_query(request, query)
        personal = any(request.COOKIES.get(name) for name in (settings.SESSION_COOKIE_NAME, *PERSONAL_COOKIES))
        if personal or any(request.GET.get(name) for name in free_text):
            return _answer(request, _rendered(view(request, *args, **kwargs)), shared=not personal)
        key = page_key(request)
        response = cache.get(key)
        if response is None:
            response = _rendered(view(request, *args, **kwargs))
            if (
                response.status_code == 200
                and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            ):
                seconds = _seconds_left(response)
                timeout = PAGE_TIMEOUT if seconds is None else min(PAGE_TIMEOUT, seconds)
                if timeout > 0:
                    _etag(response)
                    cache.set(key, response, timeout)
            else:
                return response
        return _answer(request, response, shared=True)

    return wrapper


def _rendered(response):
    if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
        response.render()
    return response


def shows_publicly(model, instance, *, created=False):
    """Whether saving or deleting `instance` changes what public pages show.

    A model says so with `affects_public_pages`: a class attribute (False for records that never show by
    themselves, such as attempt counts), or a method deciding per record, `affects_public_pages(self)` or
    `affects_public_pages(self, created=False)` (`created` is True for the save that created the record; a
    delete is called with the record as it was). Models without it always count.
    """
    rule = getattr(model, "affects_public_pages", True)
    if not callable(rule):
        return bool(rule)
    if func_supports_parameter(rule, "created"):
        return bool(rule(instance, created=created))
    return bool(rule(instance))


def content_changed(sender, instance=None, action=None, created=False, **kwargs):
    if sender is ContentVersion:
        return
    if action is not None:  # m2m_changed: the link table decides if it says so, else the record whose links changed
        if not action.startswith("post_"):
            return
        model = sender if hasattr(sender, "affects_public_pages") else type(instance)
    else:
        model = sender
    if shows_publicly(model, instance, created=created):
        ContentVersion.bump()  # once per transaction


def watch(app_config):
    """Raise the content version whenever a record of the app is saved, deleted or relinked (its models and their
    link tables; each model may say otherwise with `affects_public_pages`). Each app calls it from its
    `AppConfig.ready()`, so that this module names no app."""
    for model in app_config.get_models(include_auto_created=True):
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(content_changed, sender=model, dispatch_uid=f"content-changed-{model._meta.label}")
