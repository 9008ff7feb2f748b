"""The benchmark's ceiling page (benchmarks/ceiling.py): routed only by the benchmark's own settings, 2 KB, no
database, full middleware.

These tests have no database access on purpose: a query from the ceiling page would fail them.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
URL = "/benchmark/ceiling/"


@pytest.fixture
def ceiling_routed(settings):
    settings.ROOT_URLCONF = "benchmarks.ceiling"


def test_ceiling_is_not_routed_by_the_site(client):
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


@pytest.mark.parametrize(
    ("settings_module", "routed"), [("conference.settings", False), ("benchmarks.ceiling_settings", True)]
)
def test_production_routes_the_ceiling_only_with_the_benchmark_settings(settings_module, routed):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    env |= {"DJANGO_SETTINGS_MODULE": settings_module, "DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "x" * 50}
    code = (
        "import django; django.setup(); from django.urls import Resolver404, resolve\n"
        f"try: resolve({URL!r}); print('routed')\nexcept Resolver404: print('absent')"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ("routed" if routed else "absent")
