"""Counting attempts per client in fixed time windows, in the database.

The counts live in their own table, not in the page cache: no amount of page traffic can evict them, and every app
server behind a load balancer sees the same counts. One attempt is one atomic upsert
(`INSERT … ON CONFLICT … DO UPDATE … RETURNING`), so concurrent attempts are all counted.
"""

import hashlib
import random

from django.db import connection
from django.utils import timezone

from .models import AttemptCount

# Rows whose window ended long ago are deleted now and then, from a small share of the attempts.
CLEANUP_SHARE = 0.01
KEEP_SECONDS = 24 * 3600


def _window_start(now, window):
    return int(now.timestamp()) // window * window


def _key(scope, who):
    # Hashed: `who` may be a long or odd value (a device id, an address); the table keeps a fixed-size key.
    return f"{scope}:{hashlib.sha256(str(who).encode()).hexdigest()[:40]}"


def hit(scope, who, *, window):
    """Count one attempt by `who` in `scope`; returns how many there have been in the current window."""
    now = timezone.now()
    quote = connection.ops.quote_name
    table, key, start, count = (quote(name) for name in (AttemptCount._meta.db_table, "key", "window_start", "count"))
    sql = (
        f"INSERT INTO {table} ({key}, {start}, {count}) VALUES (%s, %s, 1) "  # noqa: S608 -- names from the model
        f"ON CONFLICT ({key}, {start}) DO UPDATE SET {count} = {table}.{count} + 1 RETURNING {count}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_key(scope, who), _window_start(now, window)])
        (total,) = cursor.fetchone()
    if random.random() < CLEANUP_SHARE:  # noqa: S311 -- not for security
        AttemptCount.objects.filter(window_start__lt=_window_start(now, 1) - KEEP_SECONDS).delete()
    return total


def allow(scope, who, *, limit, window):
    """Count one attempt and say whether it is within `limit` attempts per `window` seconds."""
    return hit(scope, who, window=window) <= limit


def attempts(scope, who, *, window):
    """How many attempts `who` has made in `scope` in the current window, without counting one."""
    row = AttemptCount.objects.filter(
        key=_key(scope, who), window_start=_window_start(timezone.now(), window)
    ).values_list("count", flat=True)
    return row.first() or 0
