"""The settings read from the environment: each documented variable read right, values that cannot be read refused.

Each test runs conference/settings.py afresh under exactly the variables it names (none of the test run's own), and
looks at what the module defines, as Django would take it.
"""

import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "conference" / "settings.py"
SECRET = "k7#pV2!qL9zR4@wX8&mN3^bT6*yH1$cJ5%fD0+gS-eA-u8Yt3Wq5Ez7Rx1Cv"
PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": SECRET}
YES_NO = [
    "DJANGO_DEBUG",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_HSTS_INCLUDE_SUBDOMAINS",
    "DJANGO_HSTS_PRELOAD",
    "DJANGO_BEHIND_PROXY",
]
NUMBERS = [
    "DJANGO_DB_CONN_MAX_AGE",
    "DJANGO_EMAIL_TIMEOUT",
    "DJANGO_HSTS_SECONDS",
    "DJANGO_LOGIN_FAILURE_LIMIT",
    "DJANGO_PROXY_COUNT",
    "DJANGO_MAX_UPLOAD_BYTES",
    "DJANGO_MAX_UNZIPPED_BYTES",
    "DJANGO_MAX_IMPORT_RECORDS",
]
SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.fixture
def load(monkeypatch):
    """Run the settings module under exactly these variables; return what it defines."""

    def load(**variables):
        for name in list(os.environ):
            if (name.startswith("DJANGO_") and name != "DJANGO_SETTINGS_MODULE") or name.endswith("_URL"):
                monkeypatch.delenv(name)
        for name, value in variables.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return load


def picked(settings, *names):
    return {name: settings[name] for name in names if name in settings}


def test_no_environment_means_local_development(load):
    settings = load()
    assert settings["DEBUG"] is True
    assert settings["SECRET_KEY"] == "django-insecure-development-only-key-never-use-in-production"
    assert settings["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]"]
    assert settings["DATABASES"]["default"] == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(ROOT / "db.sqlite3"),
        "USER": "",
        "PASSWORD": "",
        "HOST": "",
        "PORT": "",
        "CONN_MAX_AGE": 0,  # the development server starts a thread per request
        "CONN_HEALTH_CHECKS": False,
        "TEST": {"NAME": str(ROOT / "build" / "test-db.sqlite3")},
    }
    assert settings["CACHES"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "",
            "KEY_PREFIX": "breakout",
        }
    }
    assert picked(
        settings, "EMAIL_CONFIGURED", "EMAIL_BACKEND", "EMAIL_HOST", "EMAIL_TIMEOUT", "DEFAULT_FROM_EMAIL"
    ) == {
        "EMAIL_CONFIGURED": True,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "EMAIL_TIMEOUT": 20,
        "DEFAULT_FROM_EMAIL": "webmaster@localhost",
    }
    assert picked(
        settings,
        "CSRF_TRUSTED_ORIGINS",
        "AXES_FAILURE_LIMIT",
        "PROXY_COUNT",
        "STATIC_ROOT",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_PROXY_SSL_HEADER",
    ) == {
        "CSRF_TRUSTED_ORIGINS": [],
        "AXES_FAILURE_LIMIT": 5,
        "PROXY_COUNT": 0,
        "STATIC_ROOT": ROOT / "staticfiles",
    }
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert settings["LOGGING"]["root"]["level"] == "INFO"


def test_production_defaults(load):
    settings = load(**PRODUCTION)
    assert picked(
        settings,
        "DEBUG",
        "ALLOWED_HOSTS",
        "EMAIL_CONFIGURED",
        "EMAIL_BACKEND",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_PROXY_SSL_HEADER",
    ) == {
        "DEBUG": False,
        "ALLOWED_HOSTS": [],
        "EMAIL_CONFIGURED": False,  # the console sends nothing, and says so, until EMAIL_URL is set
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 3600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    database = settings["DATABASES"]["default"]
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (60, True)
    assert settings["STORAGES"]["staticfiles"]["BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_settings_from_every_variable(load):
    settings = load(
        **PRODUCTION,
        DJANGO_ALLOWED_HOSTS="conference.example.org, www.conference.example.org",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://conference.example.org",
        DATABASE_URL="postgres://breakout:s%40cret@db.internal:5433/breakout?sslmode=require",
        DJANGO_DB_CONN_MAX_AGE="30",
        CACHE_URL="redis://cache.internal:6379/0",
        EMAIL_URL="smtp+tls://breakout:p%40ss@mail.example.org:587",
        DJANGO_DEFAULT_FROM_EMAIL="Conference secretariat <secretariat@example.org>",
        DJANGO_EMAIL_TIMEOUT="7",
        DJANGO_STATIC_ROOT="/srv/breakout/static",
        DJANGO_SECURE_SSL_REDIRECT="off",
        DJANGO_HSTS_SECONDS="600",
        DJANGO_HSTS_INCLUDE_SUBDOMAINS="no",
        DJANGO_HSTS_PRELOAD="false",
        DJANGO_BEHIND_PROXY="yes",
        DJANGO_PROXY_COUNT="2",
        DJANGO_LOGIN_FAILURE_LIMIT="9",
        DJANGO_LOG_LEVEL="WARNING",
    )
    assert settings["DATABASES"]["default"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "breakout",
        "USER": "breakout",
        "PASSWORD": "s@cret",
        "HOST": "db.internal",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "require"},
        "CONN_MAX_AGE": 30,
        "CONN_HEALTH_CHECKS": True,
    }
    assert settings["CACHES"] == {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://cache.internal:6379/0",
            "KEY_PREFIX": "breakout",
        }
    }
    assert picked(
        settings,
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "CSRF_TRUSTED_ORIGINS",
        "EMAIL_CONFIGURED",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "EMAIL_USE_SSL",
        "EMAIL_TIMEOUT",
        "DEFAULT_FROM_EMAIL",
        "STATIC_ROOT",
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "PROXY_COUNT",
        "AXES_FAILURE_LIMIT",
    ) == {
        "DEBUG": False,
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": ["conference.example.org", "www.conference.example.org"],
        "CSRF_TRUSTED_ORIGINS": ["https://conference.example.org"],
        "EMAIL_CONFIGURED": True,
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "breakout",
        "EMAIL_HOST_PASSWORD": "p@ss",
        "EMAIL_USE_TLS": True,
        "EMAIL_USE_SSL": False,
        "EMAIL_TIMEOUT": 7,
        "DEFAULT_FROM_EMAIL": "Conference secretariat <secretariat@example.org>",
        "STATIC_ROOT": Path("/srv/breakout/static"),
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 600,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
        "PROXY_COUNT": 2,
        "AXES_FAILURE_LIMIT": 9,
    }
    assert settings["LOGGING"]["root"]["level"] == "WARNING"


@pytest.mark.parametrize("secret", [None, ""])
def test_production_refuses_to_start_without_secret_key(load, secret):
    variables = {"DJANGO_DEBUG": "0"} if secret is None else {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": secret}
    with pytest.raises(ImproperlyConfigured, match=r"^DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off\.$"):
        load(**variables)


def test_production_without_secret_key_stops_manage_py():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_") and not k.endswith("_URL")}
    env |= {"DJANGO_SETTINGS_MODULE": "conference.settings", "DJANGO_DEBUG": "0"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "django.core.exceptions.ImproperlyConfigured: DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off."
    )


@pytest.mark.parametrize("secret", ["$HOME-and-more", "$NOT_A_VARIABLE", "$"])
def test_secret_key_starting_with_dollar_is_read_as_it_is(load, secret):
    # django-environ would take "$HOME…" for a reference to another variable.
    assert load(DJANGO_DEBUG="0", DJANGO_SECRET_KEY=secret, HOME="/root")["SECRET_KEY"] == secret


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("1", True),
        ("true", True),
        (" Yes ", True),
        ("on", True),
        ("0", False),
        ("false", False),
        ("No", False),
        ("OFF", False),
        ("", False),
    ],
)
def test_yes_no_words(load, word, expected):
    assert load(DJANGO_SECRET_KEY=SECRET, DJANGO_DEBUG=word)["DEBUG"] is expected
    assert load(DJANGO_BEHIND_PROXY=word).get("SECURE_PROXY_SSL_HEADER") == (
        ("HTTP_X_FORWARDED_PROTO", "https") if expected else None
    )


@pytest.mark.parametrize("name", YES_NO)
@pytest.mark.parametrize("word", ["maybe", "flase", "2", "-1"])
def test_unknown_yes_no_word_is_refused_with_the_variable_named(load, name, word):
    with pytest.raises(ImproperlyConfigured) as refused:
        load(**PRODUCTION | {name: word})
    assert str(refused.value) == f"{name} must be one of 1/0, true/false, yes/no, on/off, not {word!r}."


@pytest.mark.parametrize(
    ("name", "setting"),
    [
        ("DJANGO_DB_CONN_MAX_AGE", lambda settings: settings["DATABASES"]["default"]["CONN_MAX_AGE"]),
        ("DJANGO_EMAIL_TIMEOUT", lambda settings: settings["EMAIL_TIMEOUT"]),
        ("DJANGO_HSTS_SECONDS", lambda settings: settings["SECURE_HSTS_SECONDS"]),
        ("DJANGO_LOGIN_FAILURE_LIMIT", lambda settings: settings["AXES_FAILURE_LIMIT"]),
        ("DJANGO_PROXY_COUNT", lambda settings: settings["PROXY_COUNT"]),
        ("DJANGO_MAX_UPLOAD_BYTES", lambda settings: settings["MAX_UPLOAD_BYTES"]),
        ("DJANGO_MAX_UNZIPPED_BYTES", lambda settings: settings["MAX_UNZIPPED_BYTES"]),
        ("DJANGO_MAX_IMPORT_RECORDS", lambda settings: settings["MAX_IMPORT_RECORDS"]),
    ],
)
def test_numbers_are_read_with_spaces_around(load, name, setting):
    assert setting(load(**PRODUCTION, **{name: " 7 "})) == 7


@pytest.mark.parametrize("name", NUMBERS)
@pytest.mark.parametrize("value", ["sixty", "-1", "1.5", "", "1e3"])
def test_number_that_cannot_be_read_is_refused_with_the_variable_named(load, name, value):
    with pytest.raises(ImproperlyConfigured) as refused:
        load(**PRODUCTION | {name: value})
    assert str(refused.value) == f"{name} must be a whole number (0 or more), not {value!r}."


def test_production_database_connections_can_be_closed_after_each_request(load):
    database = load(**PRODUCTION, DJANGO_DB_CONN_MAX_AGE="0")["DATABASES"]["default"]
    assert (database["CONN_MAX_AGE"], database["CONN_HEALTH_CHECKS"]) == (0, False)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////tmp/other.sqlite3", ("django.db.backends.sqlite3", "/tmp/other.sqlite3", "", "")),  # noqa: S108
        (
            "postgres://app:pw@db.internal:5433/breakout",
            ("django.db.backends.postgresql", "breakout", "db.internal", 5433),
        ),
        ("postgresql://app@10.0.0.5/breakout", ("django.db.backends.postgresql", "breakout", "10.0.0.5", "")),
    ],
)
def test_database_urls(load, url, expected):
    database = load(DATABASE_URL=url)["DATABASES"]["default"]
    assert (database["ENGINE"], database["NAME"], database["HOST"], database["PORT"]) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "mongodb://db/breakout",
            "DATABASE_URL must start with postgres:// or sqlite://; django-environ knows no database scheme 'mongodb'.",
        ),
        (
            "postgres://db:five/breakout",
            "DATABASE_URL cannot be read: Port could not be cast to integer value as 'five'",
        ),
    ],
)
def test_database_url_that_cannot_be_read_is_refused(load, url, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        load(DATABASE_URL=url)
    assert str(refused.value) == message


def test_empty_database_url_is_refused(load):
    with (
        pytest.warns(UserWarning, match="Engine not recognized"),
        pytest.raises(ImproperlyConfigured) as refused,
    ):
        load(DATABASE_URL="")
    assert str(refused.value) == (
        "DATABASE_URL must start with postgres:// or sqlite://; django-environ knows no database scheme ''."
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("locmem://", {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": ""}),
        ("locmem://pages", {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"}),
        ("dummy://", {"BACKEND": "django.core.cache.backends.dummy.DummyCache", "LOCATION": ""}),
        (
            "redis://cache.internal:6379/2",
            {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://cache.internal:6379/2"},
        ),
        (
            "rediss://:pw@cache.internal:6380/0",
            {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "rediss://:pw@cache.internal:6380/0",
            },
        ),
        (
            "memcached://m1:11211,m2:11211",
            {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": ["m1:11211", "m2:11211"]},
        ),
        (
            "memcache://m1:11211",
            {"BACKEND": "django.core.cache.backends.memcached.PyMemcacheCache", "LOCATION": "m1:11211"},
        ),
    ],
)
def test_cache_urls(load, url, expected):
    assert load(CACHE_URL=url)["CACHES"] == {"default": {**expected, "KEY_PREFIX": "breakout"}}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mongodb://x", "CACHE_URL cannot be read: Invalid cache schema mongodb"),
        ("", "CACHE_URL cannot be read: Invalid cache schema "),
    ],
)
def test_cache_url_that_cannot_be_read_is_refused(load, url, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        load(CACHE_URL=url)
    assert str(refused.value) == message


EMAIL_SETTINGS = [
    "EMAIL_BACKEND",
    "EMAIL_HOST",
    "EMAIL_PORT",
    "EMAIL_HOST_USER",
    "EMAIL_HOST_PASSWORD",
    "EMAIL_USE_TLS",
    "EMAIL_USE_SSL",
]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "smtp+tls://user:p%40ss@mail.example.org:587",
            [SMTP, "mail.example.org", 587, "user", "p@ss", True, False],
        ),
        ("smtp+ssl://relay.example.org:465", [SMTP, "relay.example.org", 465, "", "", False, True]),
        ("smtp://127.0.0.1:2525", [SMTP, "127.0.0.1", 2525, "", "", False, False]),
        ("smtp://mail.example.org", [SMTP, "mail.example.org", 25, "", "", False, False]),
    ],
)
def test_email_urls(load, url, expected):
    settings = load(**PRODUCTION, EMAIL_URL=url)
    assert settings["EMAIL_CONFIGURED"] is True
    assert [settings[name] for name in EMAIL_SETTINGS] == expected


def test_console_email_leaves_the_server_settings_to_django(load):
    settings = load(**PRODUCTION, EMAIL_URL="consolemail://")
    assert picked(settings, "EMAIL_CONFIGURED", *EMAIL_SETTINGS) == {
        "EMAIL_CONFIGURED": True,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }


def test_empty_email_url_means_no_email_even_in_development(load):
    assert picked(load(EMAIL_URL=""), "EMAIL_CONFIGURED", "EMAIL_BACKEND") == {"EMAIL_CONFIGURED": False}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mailgun://key@x", "EMAIL_URL cannot be read: Invalid email schema mailgun"),
        ("host:25", "EMAIL_URL cannot be read: Invalid email schema host"),
        ("smtp://mail.example.org:tls", "EMAIL_URL cannot be read: Port could not be cast to integer value as 'tls'"),
        (
            "smtp://mail.example.org:587?tls=yes",
            "EMAIL_URL takes no options after “?”: TLS is chosen by the scheme, smtp+tls:// or smtp+ssl://.",
        ),
        ("smtp://", "EMAIL_URL must name the mail server's host, as in smtp://mail.example.org:25."),
    ],
)
def test_email_url_that_cannot_be_read_is_refused(load, url, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        load(**PRODUCTION, EMAIL_URL=url)
    assert str(refused.value) == message
