"""The benchmark's reference page (benchmarks/run): a fixed 2 KB page that touches no database, the fastest this
server stack can answer. A URLconf of its own, the site's URLconf plus /benchmark/ceiling/, used only by the
benchmark's settings (benchmarks/ceiling_settings.py), so that the app never routes it."""

from django.http import HttpResponse
from django.urls import path

from conference.urls import urlpatterns as site_urlpatterns

CEILING_SIZE = 2048
_CEILING_HEAD = '<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>Ceiling</title></head><body>\n'
_CEILING_TAIL = "\n</body></html>\n"
CEILING_PAGE = (
    _CEILING_HEAD + "<p>" + "x" * (CEILING_SIZE - len(_CEILING_HEAD) - len(_CEILING_TAIL) - 7) + "</p>" + _CEILING_TAIL
).encode()


def benchmark_ceiling(request):
    """The ceiling page; it goes through the same middleware as every page."""
    return HttpResponse(CEILING_PAGE)


urlpatterns = [path("benchmark/ceiling/", benchmark_ceiling, name="benchmark-ceiling"), *site_urlpatterns]
