from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language, get_language_info, override


def _page_in(language, match, path):
    """The page at `path` (a request's path_info, which the URL resolver matched as `match`) in `language`, as a
    path on this site; what django.urls.translate_url gives, from the request's own match instead of resolving the
    path again for every language.

    A path that is none of the site's pages (on a 404 page) gives the language's home page: translate_url would
    give back such a path as it is, and "//evil.example/" or "/\\evil.example/" in a link is another site's address.
    """
    with override(language):
        if match is None:
            return reverse("pages:home")
        name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
        try:
            url = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            url = path
        if not url.startswith("/") or url[1:2] in ("/", "\\"):
            return reverse("pages:home")
    return url


def languages(request):
    """The current page in each language, for the language switcher (plain links, no JavaScript), with the page's
    query string (Find my group's highlighted country stays highlighted). A cached public page's view sees only the
    parameters it reads (conference.cache), so only those are carried."""
    current = get_language()
    match = getattr(request, "resolver_match", None)
    query = "?" + request.GET.urlencode() if match is not None and request.GET else ""
    return {
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": _page_in(code, match, request.path_info) + query,
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]
    }
