"""The benchmark's ceiling page: routed only when DJANGO_BENCHMARK_CEILING is on, 2 KB, no database, full middleware.

These tests have no database access on purpose: a query from the ceiling page would fail them.
"""

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import conference.urls

ROOT = Path(__file__).resolve().parents[2]
URL = "/benchmark/ceiling/"


def reload_urlconf():
    clear_url_caches()
    importlib.reload(conference.urls)


@pytest.fixture
def ceiling_routed():
    with override_settings(BENCHMARK_CEILING=True):
        reload_urlconf()
        yield
    reload_urlconf()


def test_ceiling_is_not_routed_by_default(client, settings):
    assert settings.BENCHMARK_CEILING is False
    assert client.get(URL).status_code == 404


def test_ceiling_is_a_fixed_2_kb_page_without_queries(client, ceiling_routed):
    first, second = client.get(URL), client.get(URL)
    assert (first.status_code, first["Content-Type"], len(first.content)) == (200, "text/html; charset=utf-8", 2048)
    assert second.content == first.content
    assert first.content.startswith(b"<!doctype html>")


def test_ceiling_goes_through_the_same_middleware_as_every_page(client, ceiling_routed):
    response = client.get(URL)
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Security-Policy"].startswith("default-src 'self'")
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(("variable", "routed"), [(None, False), ("0", False), ("1", True)])
def test_production_routes_the_ceiling_only_when_asked(variable, routed):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": "conference.settings", "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50}
    if variable is not None:
        env["DJANGO_BENCHMARK_CEILING"] = variable
    code = (
        "import django; django.setup(); from django.urls import Resolver404, resolve\n"
        f"try: resolve({URL!r}); print('routed')\nexcept Resolver404: print('absent')"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ("routed" if routed else "absent")
