"""What the benchmarks share: production settings for a throwaway run, and gunicorn started and stopped by its PID."""

import contextlib
import http.client
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


class Failure(Exception):
    """Something did not work: the figures cannot be trusted."""


def production_env(tmp, **extra):
    """The environment of a production server on 127.0.0.1 (plain HTTP), with nothing inherited from DJANGO_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "CACHE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="conference.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(Path(tmp) / "static"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    env.update(extra)  # may replace the above, e.g. DJANGO_SETTINGS_MODULE=benchmarks.ceiling_settings
    return env


def manage(env, *args):
    result = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode:
        raise Failure(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(port, path):
    """One GET on a new connection: (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@contextlib.contextmanager
def gunicorn(env, log, *, workers, worker_class="gthread", threads=1, probe="/", options=()):
    """Run gunicorn on a free port of 127.0.0.1 for the block, then stop it by its PID; yields (process, port).

    It runs with the production configuration (conference/gunicorn_config.py: private links masked in its logs);
    `options` are more command-line options, e.g. "--access-logfile=-".
    """
    port = free_port()
    command = [
        str(Path(PYTHON).parent / "gunicorn"),
        "--config=python:conference.gunicorn_config",
        "conference.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--worker-class={worker_class}",
        f"--threads={threads}",
        "--error-logfile=-",
        *options,
    ]
    with Path(log).open("ab") as output:  # gunicorn's messages and the app's logs (errors, refused requests)
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)  # noqa: S603
    try:
        deadline = time.monotonic() + 30
        while True:
            if server.poll() is not None:
                raise Failure(f"gunicorn stopped (exit {server.returncode}):\n{Path(log).read_text()}")
            try:
                get(port, probe)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise Failure(f"gunicorn did not answer within 30 s:\n{Path(log).read_text()}") from None
                time.sleep(0.2)
        yield server, port
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def stop_on_sigterm():
    """A plain `kill` of the script raises SystemExit, so that the `finally` blocks stop gunicorn too."""
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def add_server_arguments(parser, *, threads):
    """The gunicorn options every benchmark takes: worker processes (two per core) and threads per worker."""
    cores = os.cpu_count() or 1
    parser.add_argument("--workers", type=int, default=2 * cores, help=f"gunicorn workers (default {2 * cores}).")
    parser.add_argument(
        "--threads", type=int, default=threads, help=f"Threads per gunicorn worker (default {threads})."
    )


def main(run, args, *, name):
    """A benchmark's entry point: `run(args, tmp)` in a temporary folder removed afterwards, gunicorn stopped on a
    plain kill too; its return value is the exit status (None: 0), and a Failure is printed and exits 1."""
    stop_on_sigterm()
    tmp = Path(tempfile.mkdtemp(prefix=f"breakout-{name}."))
    try:
        return run(args, tmp) or 0
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
