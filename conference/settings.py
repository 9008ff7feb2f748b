"""Settings for the breakout app, read from the environment.

With no environment set, the app runs locally in development mode on an SQLite file in the
project folder. Production (DJANGO_DEBUG off) refuses to start without DJANGO_SECRET_KEY.
"""

import contextlib
import datetime
import os
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


@contextlib.contextmanager
def naming(var):
    """Name the variable in django-environ's errors ("Invalid cache schema mongodb": which variable?)."""
    try:
        yield
    except (ValueError, ImproperlyConfigured) as error:
        raise ImproperlyConfigured(f"{var} cannot be read: {error}") from error


class Env(environ.Env):
    """django-environ's reader, with the cache scheme names this app has always documented, and refusing what it
    would read as something the operator did not mean.

    Its own readers do all the reading. This adds only refusals, each naming the variable: where django-environ raises
    without naming it (a number that is none, an unknown cache or email scheme, a port that is no number), and where
    it would start the app in another mode than meant: an unknown yes/no word reads as "no" (DJANGO_DEBUG=maybe would
    mean production), an unknown database scheme leaves the app without a usable database until the first request,
    and an email URL's options after "?" are dropped (TLS is chosen by the scheme: smtp+tls:// or smtp+ssl://).
    """

    CACHE_SCHEMES = {
        **environ.Env.CACHE_SCHEMES,
        "locmem": environ.Env.CACHE_SCHEMES["locmemcache"],
        "dummy": environ.Env.CACHE_SCHEMES["dummycache"],
        "memcached": environ.Env.CACHE_SCHEMES["pymemcache"],
        # django-environ still names Django's MemcachedCache for memcache://, a backend Django 4.1 removed.
        "memcache": environ.Env.CACHE_SCHEMES["pymemcache"],
    }
    YES_NO_WORDS = {*environ.Env.BOOLEAN_TRUE_STRINGS, "false", "off", "no", "n", "0", ""}

    def bool(self, var, default=environ.Env.NOTSET):
        if var in self and self.str(var).strip().lower() not in self.YES_NO_WORDS:
            raise ImproperlyConfigured(f"{var} must be one of 1/0, true/false, yes/no, on/off, not {self.str(var)!r}.")
        return super().bool(var, default)

    def int(self, var, default=environ.Env.NOTSET):
        try:
            value = super().int(var, default)
        except ValueError:
            value = -1
        if value < 0:
            raise ImproperlyConfigured(f"{var} must be a whole number (0 or more), not {self.str(var)!r}.")
        return value

    def db_url(self, var=environ.Env.DEFAULT_DATABASE_ENV, default=environ.Env.NOTSET, engine=None):
        with naming(var):
            config = super().db_url(var, default, engine)
        if config.get("ENGINE") not in self.DB_SCHEMES.values():
            scheme = config.get("ENGINE") or ""
            raise ImproperlyConfigured(
                f"{var} must start with postgres:// or sqlite://; django-environ knows no database scheme {scheme!r}."
            )
        return config

    def cache_url(self, var=environ.Env.DEFAULT_CACHE_ENV, default=environ.Env.NOTSET, backend=None):
        with naming(var):
            return super().cache_url(var, default, backend)

    def email_url(self, var=environ.Env.DEFAULT_EMAIL_ENV, default=environ.Env.NOTSET, backend=None):
        with naming(var):
            config = super().email_url(var, default, backend)
        if "OPTIONS" in config:
            raise ImproperlyConfigured(
                f"{var} takes no options after “?”: TLS is chosen by the scheme, smtp+tls:// or smtp+ssl://."
            )
        if config["EMAIL_BACKEND"].endswith("smtp.EmailBackend") and not config["EMAIL_HOST"]:
            raise ImproperlyConfigured(f"{var} must name the mail server's host, as in smtp://mail.example.org:25.")
        return config

    db, cache, email = db_url, cache_url, email_url


env = Env()

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# Read as it is: django-environ takes a value starting with "$" for the name of another variable, and has no switch
# to turn that off, so a generated key like "$x9…" would silently become another variable's value or none.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", cast=str.strip, default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", cast=str.strip, default=[])

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
    "groups.pages.apps.PagesConfig",
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
db_conn_max_age = env.int("DJANGO_DB_CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES = {
    "default": {
        **env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        "CONN_MAX_AGE": db_conn_max_age,
        "CONN_HEALTH_CHECKS": db_conn_max_age != 0,
    }
}

# One key prefix for every server sharing the cache (a CACHE_URL's own ?key_prefix= wins).
CACHES = {"default": {"KEY_PREFIX": "breakout", **env.cache("CACHE_URL", default="locmem://")}}

# Email (the rapporteurs' links): EMAIL_URL names the server, e.g. smtp+tls://user:password@mail.example.org:587.
# Development prints mails on standard output; production sends none until EMAIL_URL is set (the organisers' console
# says so instead of pretending to send).
email_url = env.str("EMAIL_URL", default="consolemail://" if DEBUG else "")
EMAIL_CONFIGURED = bool(email_url)
if EMAIL_CONFIGURED:
    mail = env.email("EMAIL_URL", default=email_url)
    EMAIL_BACKEND = mail["EMAIL_BACKEND"]
    if mail["EMAIL_HOST"]:  # a mail server (smtp…://); consolemail:// names none, Django's defaults stay
        EMAIL_HOST = mail["EMAIL_HOST"]
        EMAIL_PORT = mail["EMAIL_PORT"] or 25
        EMAIL_HOST_USER = mail["EMAIL_HOST_USER"] or ""
        EMAIL_HOST_PASSWORD = mail["EMAIL_HOST_PASSWORD"] or ""
        EMAIL_USE_TLS = mail.get("EMAIL_USE_TLS", False)
        EMAIL_USE_SSL = mail.get("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=20)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="webmaster@localhost")

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
AXES_FAILURE_LIMIT = env.int("DJANGO_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "login_locked.html"
AXES_RESET_ON_SUCCESS = True
# How many proxies (load balancers) in front of the app append to X-Forwarded-For: the client's address is read from
# that header (see conference/clients.py). 0 = none, the client's address is REMOTE_ADDR.
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
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
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Files served at the site's root by whitenoise: the service worker (/sw.js, whose scope is the whole site) and
# /favicon.ico for clients that ask for it without reading the page's icon link.
WHITENOISE_ROOT = BASE_DIR / "static" / "root"
# The files organisers upload (the conference's logos), through Django's default storage: on the file system here
# unless STORAGES says otherwise. The app serves them itself (conference.logos), so no MEDIA_URL is needed.
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
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
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
if env.bool("DJANGO_BEHIND_PROXY", default=False):
    # Only behind a load balancer that sets X-Forwarded-Proto itself (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# People in bulk (conference/people.py): CSV and Excel files; importing takes the permission to add participants;
# the file waits between the preview and the confirmation in the shared cache, not on one server's disk.
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.CacheStorage"

# Bounds on the files organisers upload (people, a conference's structure, a translation; conference/uploads.py),
# checked before a file is read. An Excel workbook is a zip file: its parts may inflate to MAX_UNZIPPED_BYTES in all.
# An import of more than MAX_IMPORT_RECORDS rows or records is refused (split it), so that no request runs for minutes.
MAX_UPLOAD_BYTES = env.int("DJANGO_MAX_UPLOAD_BYTES", default=5 * 1024 * 1024)
MAX_UNZIPPED_BYTES = env.int("DJANGO_MAX_UNZIPPED_BYTES", default=20 * 1024 * 1024)
MAX_IMPORT_RECORDS = env.int("DJANGO_MAX_IMPORT_RECORDS", default=500)

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
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "django": {"handlers": [], "propagate": True},
        "django.server": {"handlers": [], "propagate": True},
    },
}
