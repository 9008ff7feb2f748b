"""The client's address behind load balancers, and the attempt counts that throttles read."""

import threading

import pytest
from django.db import connection, connections
from django.test import RequestFactory

from conference import throttle
from conference.clients import client_ip
from conference.models import AttemptCount, ContentVersion

pytestmark = pytest.mark.django_db


def request(remote="10.0.0.1", forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        # No proxy: the header is the client's own words and is ignored.
        (0, "203.0.113.7", "198.51.100.1", "203.0.113.7"),
        # One load balancer: it appended the address it saw, the right-most entry; earlier ones are the client's.
        (1, "10.0.0.1", "198.51.100.1", "198.51.100.1"),
        (1, "10.0.0.1", "6.6.6.6, 198.51.100.1", "198.51.100.1"),
        # Two proxies (a CDN, then the load balancer): the second entry from the right.
        (2, "10.0.0.1", "6.6.6.6, 198.51.100.1, 192.0.2.10", "198.51.100.1"),
        # Fewer entries than proxies: the request bypassed one; only REMOTE_ADDR can be trusted.
        (2, "10.0.0.1", "198.51.100.1", "10.0.0.1"),
        (1, "10.0.0.1", None, "10.0.0.1"),
        # Not an address: REMOTE_ADDR.
        (1, "10.0.0.1", "not-an-address", "10.0.0.1"),
        (1, "10.0.0.1", " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_client_ip_reads_only_what_our_proxies_appended(settings, proxies, remote, forwarded, expected):
    settings.PROXY_COUNT = proxies
    assert client_ip(request(remote, forwarded)) == expected


def test_attempts_are_counted_per_scope_and_client():
    assert [throttle.hit("misses", "198.51.100.1", window=600) for _ in range(3)] == [1, 2, 3]
    assert throttle.hit("misses", "198.51.100.2", window=600) == 1
    assert throttle.hit("sign-ups", "198.51.100.1", window=600) == 1
    assert throttle.attempts("misses", "198.51.100.1", window=600) == 3
    assert throttle.attempts("misses", "198.51.100.9", window=600) == 0


def test_allow_refuses_past_the_limit():
    assert [throttle.allow("misses", "a", limit=2, window=600) for _ in range(4)] == [True, True, False, False]


def test_a_new_window_starts_from_zero(monkeypatch):
    moments = iter([1_000_000.0, 1_000_010.0, 1_000_600.0])

    class Clock:
        @staticmethod
        def now():
            import datetime

            return datetime.datetime.fromtimestamp(next(moments), tz=datetime.UTC)

    monkeypatch.setattr(throttle, "timezone", Clock)
    assert [throttle.hit("misses", "a", window=600) for _ in range(3)] == [1, 2, 1]


def test_counting_never_touches_the_public_page_cache(monkeypatch):
    monkeypatch.setattr(throttle, "CLEANUP_SHARE", 1.0)  # clean up on every attempt
    before = ContentVersion.current()
    AttemptCount.objects.create(key="old", window_start=0, count=5)
    throttle.hit("misses", "a", window=600)
    assert not AttemptCount.objects.filter(key="old").exists()
    assert ContentVersion.current() == before


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
def test_concurrent_attempts_are_all_counted():
    barrier = threading.Barrier(8)
    results = []

    def attempt():
        barrier.wait()
        try:
            results.append(throttle.hit("sign-ups", "198.51.100.1", window=600))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == list(range(1, 9))
