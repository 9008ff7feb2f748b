"""docs/operators.md: its Production block, pasted into a shell, gives the settings it promises; its table of
variables lists exactly those the settings read.

The block runs as written, in bash, in a folder that stands for the clone: `python3`, `.venv/bin/pip`,
`.venv/bin/python` and `.venv/bin/gunicorn` there are stand-ins that write down how they were called. The stand-in
python runs `manage.py check` for real; the stand-in gunicorn loads `conference.wsgi`, as gunicorn would, in the
environment the block gave it, and prints the settings the server would run with. Installing, migrating and
collecting static files are only written down: the test's own environment has done them.
"""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GUIDE = ROOT / "docs" / "operators.md"
PRINT_SETTINGS = """
import json
from conference.wsgi import application
from django.conf import settings
database, cache = settings.DATABASES["default"], settings.CACHES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "SECURE_PROXY_SSL_HEADER": settings.SECURE_PROXY_SSL_HEADER,
    "PROXY_COUNT": settings.PROXY_COUNT,
    "database": [database[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT", "CONN_MAX_AGE")],
    "cache": [cache["BACKEND"], cache["LOCATION"]],
    "email": [settings.EMAIL_CONFIGURED, settings.EMAIL_BACKEND, settings.EMAIL_HOST, settings.EMAIL_PORT,
              settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD, settings.EMAIL_USE_TLS],
    "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
}))
"""


def section(title):
    """The text of one `## title` section of the guide."""
    text = GUIDE.read_text()
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def shell_blocks(text):
    return re.findall(r"^```sh\n(.*?)^```$", text, flags=re.MULTILINE | re.DOTALL)


def stand_in(path, body):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)


def run_production_block(tmp_path, secret_key):
    """Run the guide's Production block in bash; return what each stand-in was called with, and the output."""
    block = shell_blocks(section("Production"))[-1]
    clone, calls = tmp_path / "clone", tmp_path / "calls"
    (clone / "bin").mkdir(parents=True)
    (clone / "manage.py").symlink_to(ROOT / "manage.py")
    log = f'echo "$(basename "$0") $*" >> {calls}'
    stand_in(clone / "bin" / "python3", log)
    stand_in(clone / ".venv" / "bin" / "pip", log)
    stand_in(clone / ".venv" / "bin" / "python", f'{log}\n[ "$2" = check ] && exec {sys.executable} "$@"\nexit 0')
    script = tmp_path / "print_settings.py"
    script.write_text(PRINT_SETTINGS)
    stand_in(clone / ".venv" / "bin" / "gunicorn", f"{log}\nPYTHONPATH={ROOT} exec {sys.executable} {script}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and not k.endswith("_URL")}
    env["PATH"] = f"{clone / 'bin'}:{env['PATH']}"
    if secret_key is not None:
        env["DJANGO_SECRET_KEY"] = secret_key  # as the secret manager gives it
    result = subprocess.run(  # noqa: S603
        [shutil.which("bash"), "-e", "-c", block],
        cwd=clone,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    return result, calls.read_text().splitlines() if calls.exists() else []


def test_production_block_gives_the_settings_it_promises(tmp_path):
    secret_key = "$" + secrets.token_urlsafe(50)  # as the guide's generator may give it, "$" included
    result, calls = run_production_block(tmp_path, secret_key)
    assert result.returncode == 0, result.stderr
    check, settings = result.stdout.splitlines()
    assert check == "System check identified no issues (0 silenced)."
    assert json.loads(settings) == {
        "DEBUG": False,
        "SECRET_KEY": secret_key,
        "ALLOWED_HOSTS": ["conference.example.org"],
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "PROXY_COUNT": 1,
        "database": ["django.db.backends.postgresql", "breakout", "breakout", "secret", "db", 5432, 60],
        "cache": ["django.core.cache.backends.redis.RedisCache", "redis://cache:6379/0"],
        "email": [
            True,
            "django.core.mail.backends.smtp.EmailBackend",
            "mail.example.org",
            587,
            "breakout",
            "secret",
            True,
        ],
        "DEFAULT_FROM_EMAIL": "secretariat@example.org",
    }
    assert calls == [
        "python3 -m venv .venv",
        "pip install -q pip>=25.1",
        "pip install -q --group app",
        "python manage.py migrate --no-input",
        "python manage.py collectstatic --no-input",
        "python manage.py check --deploy --fail-level WARNING",
        "gunicorn -c python:conference.gunicorn_config conference.wsgi --bind 0.0.0.0:8000 --workers 4 "
        "--access-logfile - --error-logfile -",
    ]


def test_production_block_stops_without_the_secret_key(tmp_path):
    result, calls = run_production_block(tmp_path, None)
    assert result.returncode != 0
    assert result.stderr.strip().endswith("DJANGO_SECRET_KEY: set it from your secret manager")
    assert calls == []


def test_the_variables_table_lists_what_the_settings_read():
    table = set(re.findall(r"^\| `([A-Z_]+)` \|", section("The variables"), flags=re.MULTILINE))
    read = set(re.findall(r'"((?:DJANGO_[A-Z_]+)|(?:[A-Z]+_URL))"', (ROOT / "conference" / "settings.py").read_text()))
    # The benchmarks' switch for their ceiling page is not an operator's concern.
    assert table == read - {"DJANGO_BENCHMARK_CEILING"}
