"""Throughput of the public pages, each as a share of a "ceiling" page served by the same stack (start: benchmarks/run).

Sets up a throwaway database with the Caribbean conference, starts gunicorn in production mode on a free port of
127.0.0.1 with the ceiling page routed (benchmarks.ceiling_settings), then runs wrk against each page and prints
requests/s, median and 99th-percentile latency, the server's CPU time per request, and each page's requests/s divided
by the ceiling's. Afterwards it edits the conference in another process and checks that every answer shows the edit at
once (the page cache must never serve a stale page).

Figures are printed, never judged: the exit status is non-zero only when something fails (the server does not start,
a page answers other than 200, wrk counts non-2xx answers, an edit does not show).
"""

import argparse
import itertools
import json
import os
import platform
import re
import resource
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

from benchmarks import server
from benchmarks.server import PYTHON, Failure, get, gunicorn, manage, production_env

CEILING = ("ceiling (fixed 2 KB, no database)", "/benchmark/ceiling/")
PAGES = [
    ("programme (home page) /caribbean/", "/caribbean/"),
    ("session 1", "/caribbean/sessions/1/"),
    ("group 1", "/caribbean/groups/1/"),
]
TARGET = 0.5
# The first render after an edit (benchmarks/first_render.py), on every public page, beside the cached throughput.
FIRST_RENDER_PAGES = [
    *(path for _name, path in PAGES),
    "/caribbean/groups/1/sessions/1/",
    "/caribbean/groups/themes/1/",
    "/caribbean/how-sessions-work/",
    "/caribbean/groups/find/",
    "/fr/caribbean/",
]
FIRST_RENDER_BUDGET_MS = 8


def parse_args():
    cores = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true", help="Use DATABASE_URL (benchmarks/run starts PostgreSQL).")
    parser.add_argument("--rounds", type=int, default=5, help="Rounds of load on every page (default 5).")
    parser.add_argument("--seconds", type=int, default=2, help="Seconds of load per page and round (default 2).")
    parser.add_argument("--warmup", type=int, default=1, help="Seconds of load per page before measuring (default 1).")
    parser.add_argument("--connections", type=int, default=16, help="wrk's open connections (default 16).")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk's threads (default 1).")
    parser.add_argument(
        "--workers", type=int, default=2 * cores, help=f"gunicorn worker processes (default 2 per core: {2 * cores})."
    )
    parser.add_argument("--worker-class", default="gthread", choices=["sync", "gthread"], help="(default gthread)")
    parser.add_argument("--threads", type=int, default=2, help="Threads per gthread worker (default 2).")
    return parser.parse_args()


def cpu_seconds(master_pid):
    """User + system CPU time so far of a process and its children (gunicorn's workers, PostgreSQL's backends), in
    seconds, from /proc."""
    if master_pid is None:
        return 0.0
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        pid, ppid = int(stat.parent.name), int(fields[1])
        if master_pid in (pid, ppid):
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


def postgres_pid(database_url):
    """The PID of DATABASE_URL's PostgreSQL server when it runs on this machine (as .ci/with-postgres starts it)."""
    url = urllib.parse.urlsplit(database_url)
    if not url.scheme.startswith("postgres") or url.hostname not in ("127.0.0.1", "localhost"):
        return None
    port = str(url.port or 5432)
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = cmdline.read_bytes().decode(errors="replace").split("\0")
        except OSError:
            continue
        if argv[0].endswith("postgres") and any(a == "-p" and b == port for a, b in itertools.pairwise(argv)):
            return int(cmdline.parent.name)
    return None


TO_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def duration_ms(text):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * TO_MS[unit]


def parse_wrk(output):
    """requests/s, p50 and p99 in ms, requests, non-2xx/3xx answers and socket errors from `wrk --latency`."""
    try:
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
        p50 = duration_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1))
        p99 = duration_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1))
        requests = int(re.search(r"(\d+) requests in", output).group(1))
    except AttributeError:
        raise Failure(f"Could not read wrk's output:\n{output}") from None
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    socket_errors = re.search(r"Socket errors: (.*)", output)
    return {
        "rps": rps,
        "p50": p50,
        "p99": p99,
        "requests": requests,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else "",
    }


def wrk(args, port, path, seconds):
    command = ["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency"]
    result = subprocess.run(  # noqa: S603
        [*command, f"http://127.0.0.1:{port}{path}"], capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise Failure(f"wrk failed on {path}:\n{result.stdout}{result.stderr}")
    return parse_wrk(result.stdout)


def machine(env):
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = found.group(1).strip() if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        kib = int(re.search(r"MemTotal:\s+(\d+)", meminfo.read_text()).group(1))
        memory = f", {kib / 1024 / 1024:.0f} GB memory"
    if env["DATABASE_URL"].startswith("postgres"):
        version = manage(
            env, "shell", "-v", "0", "-c", "from django.db import connection; print(connection.pg_version)"
        )
        major, minor = divmod(int(version), 10000)
        database = f"PostgreSQL {major}.{minor} on 127.0.0.1"
    else:
        version = subprocess.run(  # noqa: S603
            [PYTHON, "-c", "import sqlite3; print(sqlite3.sqlite_version)"], capture_output=True, text=True, check=True
        ).stdout.strip()
        database = f"SQLite {version} (a file)"
    wrk_output = subprocess.run(["wrk", "-v"], capture_output=True, text=True, check=False)  # noqa: S607
    found = re.search(r"(\d+\.\d+\.\d+)", wrk_output.stdout + wrk_output.stderr)
    return (
        f"{os.cpu_count()} cores ({cpu}){memory}; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; {database}; wrk {found.group(1) if found else '(version unknown)'}"
    )


def machine_busy_seconds():
    """CPU time all processes of the machine have used so far (from /proc/stat), in seconds."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]  # idle, iowait
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    """CPU time of this script's finished child processes (wrk, manage.py), in seconds."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check_edit_shows(env, port, workers):
    """An organiser's edit, made in another process, must show on the very next request to every worker."""
    venue = f"Benchmark venue {secrets.token_hex(4)}"
    manage(
        env,
        "shell",
        "-v",
        "0",
        "-c",
        f"from conference.models import Conference; c = Conference.objects.get(slug='caribbean'); "
        f"c.venue = {venue!r}; c.save()",
    )
    for _ in range(4 * workers):
        status, body = get(port, PAGES[0][1])
        if status != 200 or venue.encode() not in body:
            raise Failure(f"After an edit, {PAGES[0][1]} answered {status} without the new venue: a stale page.")


def measure(args, server, port, log, database_pid):
    """Warm every page up, then load each in turn, round after round: {path: [wrk result + cpu_ms, ...]}."""
    for _name, path in [CEILING, *PAGES]:
        status, body = get(port, path)
        if status != 200:
            raise Failure(f"{path} answered {status}, not 200.")
        if path == CEILING[1] and len(body) != 2048:
            raise Failure(f"The ceiling page has {len(body)} bytes, not 2048.")
    for _name, path in [CEILING, *PAGES]:
        wrk(args, port, path, args.warmup)  # fills every worker's page cache
    # Other work on the machine comes and goes: short rounds, with the ceiling and the pages one after the other in
    # each, give every page the same conditions as the ceiling it is compared with.
    rounds = {path: [] for _name, path in [CEILING, *PAGES]}

    def ours():
        return cpu_seconds(server.pid) + cpu_seconds(database_pid) + children_cpu_seconds()

    started, busy, ours_before = time.monotonic(), machine_busy_seconds(), ours()
    for _round in range(args.rounds):
        for _name, path in [CEILING, *PAGES]:
            cpu_before, db_before = cpu_seconds(server.pid), cpu_seconds(database_pid)
            result = wrk(args, port, path, args.seconds)
            result["cpu_ms"] = (cpu_seconds(server.pid) - cpu_before) * 1000
            result["db_cpu_ms"] = (cpu_seconds(database_pid) - db_before) * 1000
            if result["non_2xx"] or not result["requests"]:
                raise Failure(f"{path}: {result['non_2xx']} of {result['requests']} answers were not 2xx or 3xx.")
            if server.poll() is not None:
                raise Failure(f"gunicorn stopped during the run:\n{log.read_text()}")
            rounds[path].append(result)
    others = machine_busy_seconds() - busy - (ours() - ours_before)
    share = max(others, 0) / (time.monotonic() - started) / (os.cpu_count() or 1)
    print(
        f"Processes other than gunicorn, wrk and the database used {share:.0%} of the CPU time during the measurement."
    )
    return rounds


def first_render(env):
    """{path: {"cpu_ms", "wall_ms", "queries"}} of each public page's first render after an edit, in-process."""
    result = subprocess.run(  # noqa: S603
        [PYTHON, "-m", "benchmarks.first_render", *FIRST_RENDER_PAGES],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise Failure(f"benchmarks/first_render.py failed:\n{result.stdout}{result.stderr}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def report_first_render(first):
    print(f"\nFirst render after an edit (in-process, median of {first_render_repeats()} edits each):")
    print(f"{'URL':<34} {'CPU ms':>7} {'wall ms':>8} {'queries':>8}")
    for path, figures in first.items():
        print(f"{path:<34} {figures['cpu_ms']:>7.2f} {figures['wall_ms']:>8.2f} {figures['queries']:>8}")
    highest = max(figures["cpu_ms"] for figures in first.values())
    verdict = "met" if highest <= FIRST_RENDER_BUDGET_MS else "NOT met"
    print(
        f"Budget: every public page's first render at most {FIRST_RENDER_BUDGET_MS} ms CPU: {verdict} "
        f"(highest {highest:.2f} ms)."
    )


def first_render_repeats():
    from benchmarks.first_render import REPEATS

    return REPEATS


def report(args, rounds, database_pid, first=None):
    first = first or {}
    ceiling = [result["rps"] for result in rounds[CEILING[1]]]
    db_column = database_pid is not None
    print()
    print(
        f"{'page':<34} {'URL':<23} {'req/s':>6} {'p50 ms':>7} {'p99 ms':>7} {'CPU ms':>7}"
        + (f" {'DB CPU':>7}" if db_column else "")
        + f" {'÷ ceiling':>9} {'(rounds)':>11} {'1st ms':>7}"
    )
    ratios = {}
    for name, path in [CEILING, *PAGES]:
        results = rounds[path]
        rps = statistics.mean(result["rps"] for result in results)
        ratios[path] = rps / statistics.mean(ceiling)
        in_rounds = [result["rps"] / ceiling_rps for result, ceiling_rps in zip(results, ceiling, strict=True)]
        requests = sum(result["requests"] for result in results)
        cpu_ms = sum(result["cpu_ms"] for result in results) / requests
        db_cpu_ms = sum(result["db_cpu_ms"] for result in results) / requests
        print(
            f"{name:<34} {path:<23} {rps:>6.0f} {statistics.median(r['p50'] for r in results):>7.2f} "
            f"{max(r['p99'] for r in results):>7.2f} {cpu_ms:>7.2f}"
            + (f" {db_cpu_ms:>7.2f}" if db_column else "")
            + f" {ratios[path]:>9.2f} {f'{min(in_rounds):.2f}–{max(in_rounds):.2f}':>11}"
            + (f" {first[path]['cpu_ms']:>7.2f}" if path in first else f" {'':>7}")
        )
        errors = [result["socket_errors"] for result in results if result["socket_errors"]]
        if errors:
            print(f"  socket errors on {path}: {'; '.join(errors)}")
    print(
        f"\nreq/s: mean of {args.rounds} rounds of {args.seconds} s; p50: median of the rounds; p99: highest of the "
        "rounds;\nCPU ms: gunicorn's CPU time (all processes) per request"
        + ("; DB CPU: PostgreSQL's (all processes) per request" if db_column else "")
        + ";\n÷ ceiling: the page's req/s over the ceiling's, and in brackets the lowest and highest of the rounds;"
        "\n1st ms: the CPU time of the page's first render after an edit (the page cache emptied), in-process."
    )
    lowest = min(ratios[path] for _name, path in PAGES)
    verdict = "met" if lowest >= TARGET else "NOT met"
    print(f"\nTarget: every public page at least {TARGET} of the ceiling: {verdict} (lowest {lowest:.2f}).")


def run(args, tmp):
    env = production_env(tmp, DJANGO_SETTINGS_MODULE="benchmarks.ceiling_settings")
    if args.postgres:
        if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
            raise Failure("--postgres needs DATABASE_URL=postgres://...; run it as: bash benchmarks/run --postgres")
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp / 'db.sqlite3'}"
    started = time.monotonic()
    manage(env, "migrate", "--no-input")
    manage(env, "loaddata", "caribbean_conference")
    manage(env, "collectstatic", "--no-input")
    print(f"Machine: {machine(env)}")
    described = f"{args.workers} {args.worker_class} workers"
    if args.worker_class == "gthread":
        described += f" × {args.threads} threads"
    print(
        f"Server: gunicorn, {described}, production settings (DJANGO_DEBUG=0, whitenoise, persistent database "
        "connections, page cache in each worker's memory)"
    )
    print(
        f"Load: wrk on the same machine, {args.wrk_threads} thread(s), {args.connections} connections; {args.warmup} s "
        f"warm-up, then {args.rounds} rounds of {args.seconds} s on every page"
    )
    database_pid = postgres_pid(env["DATABASE_URL"])
    log = tmp / "gunicorn.log"
    threads = args.threads if args.worker_class == "gthread" else 1
    with gunicorn(
        env, log, workers=args.workers, worker_class=args.worker_class, threads=threads, probe=CEILING[1]
    ) as (server, port):
        rounds = measure(args, server, port, log, database_pid)
        check_edit_shows(env, port, args.workers)
    first = first_render(env)
    report(args, rounds, database_pid, first)
    report_first_render(first)
    print("An edit made in another process showed on the next request to every worker: no stale page was served.")
    print(f"Total time {time.monotonic() - started:.0f} s.")


if __name__ == "__main__":
    sys.exit(server.main(run, parse_args(), name="bench"))
