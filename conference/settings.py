"""Settings for the breakout app, read from the environment.

With no environment set, the app runs locally in development mode on an SQLite file in the
project folder. Production (DJANGO_DEBUG off) refuses to start without DJANGO_SECRET_KEY.
"""

import datetime
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# Variables are read with django-environ (its URL parsers for the database, the cache and email); the functions below
# add what it leaves out: a word it does not know is a configuration error, not "no" (django-environ reads "flase"
# or "maybe" as false and starts), and numbers and URLs that cannot be read stop the start with the variable's name.
# The secret key is read as it is: django-environ takes a value starting with "$" for the name of another variable.
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def reader(environ_map):
    """A django-environ reader of the given variables (os.environ, or a dict in tests)."""
    env = environ.Env()
    env.ENVIRON = environ_map
    return env


def env_bool(name, default, environ=os.environ):
    """Read a yes/no variable; anything but a known word is a configuration error."""
    if name not in environ:
        return default
    raw = environ[name]
    if raw.strip().lower() not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off, not {raw!r}.")
    return reader(environ).bool(name)


def env_int(name, default, environ=os.environ):
    """Read a whole number of zero or more; anything else is a configuration error."""
    if name not in environ:
        return default
    raw = environ[name]
    try:
        value = reader(environ).int(name) if raw.strip().isascii() else -1
    except ValueError:
        value = -1
    if value < 0:
        raise ImproperlyConfigured(f"{name} must be a whole number (0 or more), not {raw!r}.")
    return value


def env_list(name, default, environ=os.environ):
    """Read a comma-separated list, ignoring blanks and surrounding spaces."""
    if name not in environ:
        return list(default)
    return [item.strip() for item in reader(environ).list(name) if item.strip()]


def database_from_url(url, conn_max_age):
    """DATABASES["default"] from a URL: postgres://user:password@host:5432/name, sqlite:////path/to/file."""
    scheme = url.partition("://")[0]
    if scheme not in environ.Env.DB_SCHEMES:
        raise ImproperlyConfigured(f"DATABASE_URL must start with postgres:// or sqlite://, not {url!r}.")
    config = environ.Env.db_url_config(url)
    config.update(CONN_MAX_AGE=conn_max_age, CONN_HEALTH_CHECKS=conn_max_age != 0)
    return config


# Our short names for the cache backends, as the README documents them, and django-environ's own names for them.
CACHE_SCHEMES = {"locmem": "locmemcache", "dummy": "dummycache", "redis": "redis", "rediss": "rediss"}
CACHE_SCHEMES["memcached"] = "pymemcache"


def cache_from_url(url):
    """CACHES["default"] from a URL: locmem://[name], dummy://, redis[s]://host:port/db, memcached://host:port[,host:port]."""
    scheme, _sep, rest = url.partition("://")
    if scheme not in CACHE_SCHEMES:
        schemes = ", ".join(f"{name}://" for name in sorted(CACHE_SCHEMES))
        raise ImproperlyConfigured(f"CACHE_URL must start with one of {schemes}, not {url!r}.")
    config = environ.Env.cache_url_config(f"{CACHE_SCHEMES[scheme]}://{rest}")
    if scheme == "locmem":
        config["LOCATION"] = rest or "default"
    return {"BACKEND": config["BACKEND"], "LOCATION": config["LOCATION"], "KEY_PREFIX": "breakout"}


EMAIL_SCHEMES = ("smtp", "smtp+tls", "smtp+ssl", "smtps", "consolemail", "memorymail")


def email_from_url(url):
    """Django's email settings from EMAIL_URL: smtp://user:password@host:25, smtp+tls://…:587 (STARTTLS),
    smtp+ssl://…:465 (TLS from the first byte), consolemail:// (printed on standard output, for development)."""
    scheme = url.partition("://")[0]
    if scheme not in EMAIL_SCHEMES or "?" in url:
        schemes = ", ".join(f"{name}://" for name in EMAIL_SCHEMES)
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with one of {schemes} and have no options after “?” "
            f"(TLS is chosen by the scheme: smtp+tls:// or smtp+ssl://), not {url!r}."
        )
    config = environ.Env.email_url_config(url)
    if config["EMAIL_BACKEND"].endswith("smtp.EmailBackend") and not config["EMAIL_HOST"]:
        raise ImproperlyConfigured(f"EMAIL_URL must name the mail server's host, not {url!r}.")
    settings = {key: value for key, value in config.items() if key != "EMAIL_FILE_PATH" and value is not None}
    settings.setdefault("EMAIL_HOST_USER", "")
    settings.setdefault("EMAIL_HOST_PASSWORD", "")
    return settings


DEBUG = env_bool("DJANGO_DEBUG", True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Routes /benchmark/ceiling/, a fixed page that touches no database, for benchmarks/run only (see the README).
BENCHMARK_CEILING = env_bool("DJANGO_BENCHMARK_CEILING", False)

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, whose forms it extends
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_countries",
    "axes",
    "import_export",
    "conference.apps.ConferenceConfig",
    "sessions.apps.SessionsConfig",
    "groups.apps.GroupsConfig",
    "groups.live.apps.LiveConfig",
    "groups.reports.apps.ReportsConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "conference.middleware.SecurityHeadersMiddleware",
    "conference.middleware.DatabaseOutageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "conference.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "conference.context_processors.languages",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "conference.wsgi.application"

# Production keeps each server thread's database connection open between requests: opening one costs more than
# serving a cached page (see the README's performance section); it is checked before reuse, so a database restart
# costs no failed request. The development server starts a thread per request, so it gains nothing from them.
db_conn_max_age = env_int("DJANGO_DB_CONN_MAX_AGE", 0 if DEBUG else 60)
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=db_conn_max_age
    )
}

CACHES = {"default": cache_from_url(os.environ.get("CACHE_URL", "locmem://"))}

# Email (the rapporteurs' links): EMAIL_URL names the server, e.g. smtp+tls://user:password@mail.example.org:587.
# Development prints mails on standard output; production sends none until EMAIL_URL is set (the organisers' console
# says so instead of pretending to send).
EMAIL_URL = os.environ.get("EMAIL_URL", "" if not DEBUG else "consolemail://")
EMAIL_CONFIGURED = bool(EMAIL_URL)
if EMAIL_URL:
    globals().update(email_from_url(EMAIL_URL))
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 20)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "webmaster@localhost")

# App servers keep nothing of their own: sessions live in the database, so any server can answer any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests on SQLite use a file, not the in-memory default: the live server of the browser tests answers requests
    # in several threads, and an in-memory database refuses concurrent access instead of waiting its turn.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "build" / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins after repeated failures (django-axes)
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("DJANGO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "login_locked.html"
AXES_RESET_ON_SUCCESS = True
# How many proxies (load balancers) in front of the app append to X-Forwarded-For: the client's address is read from
# that header (see conference/clients.py). 0 = none, the client's address is REMOTE_ADDR.
PROXY_COUNT = env_int("DJANGO_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "conference.clients.client_ip"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The delegates' languages: the interface in each, and every text a participant reads entered by the organisers in
# each of them (django-modeltranslation: one column per language, see the translation.py of each app).
LANGUAGES = [("en", _("English")), ("fr", _("French")), ("es", _("Spanish")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# One date and time style in every language (conference/formats/): "Tuesday 9 June 2026", "13:30".
FORMAT_MODULE_PATH = ["conference.formats"]
# The organisers write in English first; a text not translated yet shows in English (marked lang="en" in the page).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site's root by whitenoise: the service worker (/sw.js, whose scope is the whole site) and
# /favicon.ico for clients that ask for it without reading the page's icon link.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Security headers. The Content-Security-Policy allows no inline script and nothing from other sites.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if env_bool("DJANGO_BEHIND_PROXY", False):
    # Only behind a load balancer that sets X-Forwarded-Proto itself (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# People in bulk (conference/people.py): CSV and Excel files; importing takes the permission to add participants;
# the file waits between the preview and the confirmation in the shared cache, not on one server's disk.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Every logger writes through the one handler, whose filter masks the keys of rapporteurs' links (conference/logs.py):
# Django's own loggers lose their default handlers (the request warnings, the development server's request lines).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_private_links": {"()": "conference.logs.MaskPrivateLinks"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "plain",
            "filters": ["mask_private_links"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
    },
}
