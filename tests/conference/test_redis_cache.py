"""The cache settings on a real Redis server (TEST_REDIS_URL, which .ci/test sets: .ci/with-redis starts one): what
CACHE_URL=redis://… makes of them stores and reads values, and the public page cache keeps its pages there."""

import os
import runpy
from pathlib import Path

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from sessions.models import Session

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("TEST_REDIS_URL"),
        reason="needs a Redis server: TEST_REDIS_URL=redis://… (.ci/test starts one with .ci/with-redis)",
    ),
]

SETTINGS = Path(__file__).resolve().parents[2] / "conference" / "settings.py"


@pytest.fixture
def redis_cache(settings, monkeypatch):
    """The test run's cache replaced by what the settings make of CACHE_URL=$TEST_REDIS_URL, on an empty database."""
    url = os.environ["TEST_REDIS_URL"]
    server = redis.Redis.from_url(url)
    server.flushdb()
    monkeypatch.setenv("CACHE_URL", url)
    settings.CACHES = runpy.run_path(str(SETTINGS))["CACHES"]
    yield server
    server.flushdb()


def test_cache_url_redis_stores_and_reads_values_on_the_server(redis_cache):
    assert cache.get("greeting") is None
    cache.set("greeting", {"text": "Bonjour", "votes": [1, 2]}, 60)
    assert cache.get("greeting") == {"text": "Bonjour", "votes": [1, 2]}
    assert cache.add("greeting", "again") is False
    assert redis_cache.keys() == [b"breakout:1:greeting"]
    assert 0 < redis_cache.ttl(b"breakout:1:greeting") <= 60
    cache.delete("greeting")
    assert redis_cache.keys() == []


def test_the_public_page_cache_keeps_its_pages_on_redis(client, caribbean, redis_cache):
    url = reverse("pages:programme", kwargs={"conference": caribbean.slug})
    first = client.get(url)
    assert first.status_code == 200
    (key,) = redis_cache.keys()
    assert key.startswith(b"breakout:1:page:")
    # A change that raises no content version (no signal): a page built again would show it, the stored one does not.
    Session.objects.filter(conference=caribbean, number=1).update(title="Quietly renamed")
    second = client.get(url)
    assert (second.content, second["ETag"]) == (first.content, first["ETag"])
    assert redis_cache.keys() == [key]
