from django.conf import settings
from django.urls import Resolver404, resolve, reverse, translate_url
from django.utils.translation import get_language, get_language_info, override


def _page_in(language, path):
    """The page at `path` (a request's path_info) in `language`, as a path on this site.

    A path that is none of the site's pages (on a 404 page) gives the language's home page: translate_url would
    give back such a path as it is, and "//evil.example/" or "/\\evil.example/" in a link is another site's address.
    """
    try:
        resolve(path)
    except Resolver404:
        with override(language):
            return reverse("conference:home")
    url = translate_url(path, language)
    if not url.startswith("/") or url[1:2] in ("/", "\\"):
        with override(language):
            return reverse("conference:home")
    return url


def languages(request):
    """The current page in each language, for the language switcher (plain links, no JavaScript)."""
    current = get_language()
    return {
        "language_links": [
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": _page_in(code, request.path_info),
                "current": code == current,
            }
            for code, _name in settings.LANGUAGES
        ]
    }
