"""The first render of each public page after an edit, in-process: what an organiser's change costs the next visitor.

Run by benchmarks/bench.py in a process of its own with the production settings and the benchmark's database:
for each page, it raises the content version (as every edit does, which empties the page cache), then times one
request through Django's whole stack (middleware, view, template, page cache store) with the test client, many
times over, and prints one JSON line: {path: {"cpu_ms": …, "wall_ms": …, "queries": …}}, the medians of the
process's CPU time (which other work on the machine disturbs much less) and of the elapsed time.
"""

import json
import os
import statistics
import sys
import time

REPEATS = 60


def measure(paths, repeats=REPEATS):
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from conference.models import ContentVersion

    client = Client(HTTP_HOST="127.0.0.1")
    results = {}
    for path in paths:
        for _ in range(3):  # warm up: templates compiled, connections open, imports done
            ContentVersion.bump()
            client.get(path)
        ContentVersion.bump()
        queries = []

        def count(execute, sql, *args, queries=queries):
            queries.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            status = client.get(path).status_code
        if status != 200:
            raise SystemExit(f"{path} answered {status}")
        wall, cpu = [], []
        for _ in range(repeats):
            ContentVersion.bump()
            started, started_cpu = time.perf_counter(), time.process_time()
            client.get(path)
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        results[path] = {
            "cpu_ms": round(statistics.median(cpu), 2),
            "wall_ms": round(statistics.median(wall), 2),
            "queries": len(queries),
        }
    return results


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    print(json.dumps(measure(sys.argv[1:])))
