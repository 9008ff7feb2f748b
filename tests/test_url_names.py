"""One guess from URL name to code: each namespace is declared by one app's urls.py, and every view it routes lives in
that app (the same package as the urls.py). Checked for every route, and for every URL name that the templates and
the code use."""

import re
from pathlib import Path

from django.urls import URLResolver, get_resolver

ROOT = Path(__file__).resolve().parent.parent
APPS = ["conference", "sessions", "groups", "benchmarks"]
TEMPLATE_NAME = re.compile(r"""{%\s*url\s+["']([a-z_]+:[a-z_]+)["']""")
CODE_NAME = re.compile(r"""\b(?:reverse|reverse_lazy|redirect|resolve_url)\(\s*["']([a-z_]+:[a-z_]+)["']""")


def view_module(callback):
    """The module of the view a route calls, through the page cache's and other decorators."""
    while not hasattr(callback, "view_class") and hasattr(callback, "__wrapped__"):
        callback = callback.__wrapped__
    return getattr(callback, "view_class", callback).__module__


def routes(patterns=None, namespace=None, urlconf=None):
    """(namespace:name, the module of the urls.py that declares the namespace, the view's module) of every route."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            module = getattr(pattern.urlconf_module, "__name__", None)
            yield from routes(
                pattern.url_patterns,
                pattern.namespace or namespace,
                module if pattern.namespace else urlconf,
            )
        elif namespace != "admin":
            yield f"{namespace}:{pattern.name}", urlconf, view_module(pattern.callback)


def package(module):
    return module.rpartition(".")[0]


def used_names():
    names = set()
    for path in (ROOT / "templates").rglob("*.html"):
        names |= set(TEMPLATE_NAME.findall(path.read_text()))
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            names |= set(CODE_NAME.findall(path.read_text()))
    return {name for name in names if not name.startswith("admin:")}


def test_every_route_is_declared_beside_its_view():
    misplaced = [(name, urlconf, module) for name, urlconf, module in routes() if package(urlconf) != package(module)]
    assert misplaced == []


def test_each_namespace_has_one_url_module():
    modules = {}
    for name, urlconf, _module in routes():
        modules.setdefault(name.partition(":")[0], set()).add(urlconf)
    assert modules == {
        "documents": {"sessions.documents.urls"},
        "groups": {"groups.urls"},
        "live": {"groups.live.urls"},
        "logos": {"conference.logo_urls"},
        "pages": {"groups.pages.urls"},
        "reports": {"groups.reports.urls"},
        "sessions": {"sessions.urls"},
    }


def test_every_url_name_used_lives_in_the_app_that_declares_it():
    declared = {name: (urlconf, module) for name, urlconf, module in routes()}
    used = used_names()
    assert sorted(name for name in used if name not in declared) == []
    assert {name.partition(":")[0] for name in used} == {
        "documents",
        "groups",
        "live",
        "logos",
        "pages",
        "reports",
        "sessions",
    }
    assert [name for name in sorted(used) if package(declared[name][0]) != package(declared[name][1])] == []
