"""The venue load run's clients (benchmarks/venue.py) against a live server, on a small scale: phones behind one
address, a flood of unknown links from the same address, and not one valid link refused."""

import threading
import time
import urllib.parse
from collections import Counter

import pytest

from benchmarks import venue
from conference import links as private_links

pytestmark = pytest.mark.django_db(transaction=True)


def test_phones_behind_one_address_are_never_refused_while_it_floods_unknown_links(
    caribbean, live_server, settings, monkeypatch
):
    settings.PROXY_COUNT = 1
    monkeypatch.setattr(private_links, "MISS_LIMIT", 5)
    tokens = venue.nominate_everyone()
    port = urllib.parse.urlsplit(live_server.url).port
    lock = threading.Lock()
    valid, unknown, latencies = Counter(), Counter(), []
    flood_until = time.monotonic() + 60
    links = venue.unknown_links()
    flooder = venue.Client(port, venue.VENUE)
    for _attempt in range(8):  # past the limit: the address is now throttled for unknown links
        unknown[flooder.get(next(links))] += 1
    phones = [
        threading.Thread(target=venue.phone, args=(port, tokens, 2, time.monotonic() + 2, valid, latencies, lock))
        for _ in range(10)
    ]
    for thread in phones:
        thread.start()
    for thread in phones:
        thread.join(flood_until - time.monotonic())
    flooder.close()
    assert (valid, unknown) == (Counter({200: 20}), Counter({404: 5, 429: 3}))
    assert len(latencies) == 20
