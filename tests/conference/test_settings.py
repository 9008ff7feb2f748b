import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from conference.settings import email_from_url, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]
PRINT_SETTINGS = (
    "import json, django; from django.conf import settings; django.setup(); "
    "db = settings.DATABASES['default']; "
    "print(json.dumps({'debug': settings.DEBUG, 'hosts': settings.ALLOWED_HOSTS, 'engine': db['ENGINE'], "
    "'name': str(db['NAME']), 'host': db.get('HOST'), 'port': db.get('PORT'), 'user': db.get('USER'), "
    "'secret': settings.SECRET_KEY, 'static': settings.STORAGES['staticfiles']['BACKEND'], "
    "'connections': [db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS']]}))"
)


def load_settings(**env):
    """Import the settings in a fresh interpreter with exactly these DJANGO_*/DATABASE_URL variables."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and k != "DATABASE_URL"}
    clean["DJANGO_SETTINGS_MODULE"] = "conference.settings"
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRINT_SETTINGS], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True
    )
    return result


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), (" Yes ", True), ("on", True), ("0", False), ("false", False), ("", False)],
)
def test_env_bool_reads_common_words(raw, expected):
    assert env_bool("X", default=None, environ={"X": raw}) is expected


def test_env_bool_default_when_unset():
    assert env_bool("X", default=True, environ={}) is True


def test_env_bool_rejects_unknown_words():
    with pytest.raises(ImproperlyConfigured, match="X must be one of"):
        env_bool("X", default=True, environ={"X": "maybe"})


def test_env_list_splits_and_trims():
    assert env_list("H", ["a"], environ={"H": " example.org, www.example.org ,,"}) == ["example.org", "www.example.org"]
    assert env_list("H", ["a"], environ={}) == ["a"]


def test_no_environment_means_local_development():
    result = load_settings()
    values = json.loads(result.stdout)
    assert values["debug"] is True
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"] == str(ROOT / "db.sqlite3")
    assert values["hosts"] == ["localhost", "127.0.0.1", "[::1]"]
    assert values["static"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert values["connections"] == [0, False]  # the development server starts a thread per request


def test_production_refuses_to_start_without_secret_key():
    result = load_settings(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off." in result.stderr


def test_production_settings_from_environment():
    result = load_settings(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="s" * 50,
        DJANGO_ALLOWED_HOSTS="conf.example.org,www.conf.example.org",
        DATABASE_URL="postgres://app:pw@db.internal:5433/breakout",
    )
    values = json.loads(result.stdout)
    assert values == {
        "debug": False,
        "hosts": ["conf.example.org", "www.conf.example.org"],
        "engine": "django.db.backends.postgresql",
        "name": "breakout",
        "host": "db.internal",
        "port": 5433,
        "user": "app",
        "secret": "s" * 50,
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "connections": [60, True],
    }


def test_production_database_connections_can_be_closed_after_each_request():
    result = load_settings(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="s" * 50, DJANGO_DB_CONN_MAX_AGE="0")
    assert json.loads(result.stdout)["connections"] == [0, False]


def test_sqlite_database_url_elsewhere():
    values = json.loads(load_settings(DATABASE_URL="sqlite:////tmp/other.sqlite3").stdout)
    assert (values["engine"], values["name"]) == ("django.db.backends.sqlite3", "/tmp/other.sqlite3")  # noqa: S108


def test_bad_debug_value_is_a_clear_error():
    result = load_settings(DJANGO_DEBUG="perhaps")
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be one of 1/0, true/false, yes/no, on/off, not 'perhaps'." in result.stderr


def test_bad_numbers_are_a_clear_error():
    result = load_settings(DJANGO_DB_CONN_MAX_AGE="sixty")
    assert result.returncode != 0
    assert "DJANGO_DB_CONN_MAX_AGE must be a whole number (0 or more), not 'sixty'." in result.stderr
    assert env_int("N", 5, environ={"N": " 7 "}) == 7
    for raw in ["-1", "1.5", "٣", ""]:
        with pytest.raises(ImproperlyConfigured, match=f"N must be a whole number \\(0 or more\\), not {raw!r}."):
            env_int("N", 5, environ={"N": raw})


def test_unknown_database_url_is_a_clear_error():
    result = load_settings(DATABASE_URL="mongodb://db/breakout")
    assert result.returncode != 0
    assert "DATABASE_URL must start with postgres:// or sqlite://, not 'mongodb://db/breakout'." in result.stderr


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://user:p%40ss@mail.example.org:587",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "mail.example.org",
                "EMAIL_PORT": 587,
                "EMAIL_HOST_USER": "user",
                "EMAIL_HOST_PASSWORD": "p@ss",
                "EMAIL_USE_TLS": True,
            },
        ),
        (
            "smtp+ssl://relay.example.org:465",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "relay.example.org",
                "EMAIL_PORT": 465,
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
                "EMAIL_USE_SSL": True,
            },
        ),
        (
            "smtp://127.0.0.1:2525",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": 2525,
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
            },
        ),
        (
            "consolemail://",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
                "EMAIL_HOST_USER": "",
                "EMAIL_HOST_PASSWORD": "",
            },
        ),
    ],
)
def test_email_url_parsing(url, expected):
    assert email_from_url(url) == expected


@pytest.mark.parametrize("url", ["mailgun://key@x", "smtp://host:587?tls=yes", "smtp://", "host:25"])
def test_bad_email_url_is_a_clear_error(url):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL must"):
        email_from_url(url)


def test_email_is_printed_in_development_and_off_in_production_until_configured():
    email = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([settings.EMAIL_CONFIGURED, settings.EMAIL_BACKEND, settings.EMAIL_HOST, "
        "settings.EMAIL_PORT, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT]))"
    )

    def read(**env):
        clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "EMAIL_")) and k != "DATABASE_URL"}
        clean["DJANGO_SETTINGS_MODULE"] = "conference.settings"
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-c", email], env={**clean, **env}, cwd=ROOT, capture_output=True, text=True, check=True
        )
        return json.loads(result.stdout)

    production = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "s" * 50}
    assert read() == [True, "django.core.mail.backends.console.EmailBackend", "localhost", 25, False, 20]
    assert read(**production)[0] is False
    assert read(**production, EMAIL_URL="smtp+tls://u:p@mail.example.org:587", DJANGO_EMAIL_TIMEOUT="5") == [
        True,
        "django.core.mail.backends.smtp.EmailBackend",
        "mail.example.org",
        587,
        True,
        5,
    ]
