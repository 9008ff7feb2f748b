"""Headers, production settings and login throttling."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse
from lxml import html

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k7#pV2!qL9zR4@wX8&mN3^bT6*yH1$cJ5%fD0+gS-eA-u8Yt3Wq5Ez7Rx1Cv",
    "DJANGO_ALLOWED_HOSTS": "conference.example.org",
}


def test_check_deploy_is_clean_in_production_mode():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | PRODUCTION
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced).")


@pytest.mark.parametrize("url", ["/caribbean/", "/caribbean/groups/1/", "/admin/login/", "/nowhere/"])
def test_security_headers_on_every_response(client, caribbean, url):
    response = client.get(url)
    assert response["Content-Security-Policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
    )
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_production_cookies_and_hsts(client, settings, caribbean):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    response = client.get("/admin/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    cookie = response.cookies["csrftoken"]
    assert (bool(cookie["secure"]), bool(cookie["httponly"]), cookie["samesite"]) == (True, True, "Lax")


def test_admin_login_locked_after_repeated_failures(client, organiser):
    url = reverse("admin:login")
    statuses = [client.post(url, {"username": "org", "password": "wrong"}).status_code for _attempt in range(5)]
    assert statuses == [200, 200, 200, 200, 429]
    response = client.post(url, {"username": "org", "password": "pw-for-tests-only"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    # Another account from the same address is not locked.
    assert client.post(url, {"username": "someone", "password": "x"}).status_code == 200


def test_admin_login_lockout_behind_a_load_balancer_locks_only_that_client(organiser, settings):
    settings.PROXY_COUNT = 1  # DJANGO_PROXY_COUNT=1: every request comes from the balancer, 10.0.0.1
    url = reverse("admin:login")

    def login(forwarded, typed="wrong"):
        data = {"username": "org", "password": typed}
        return Client().post(url, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).status_code

    # The balancer appends the address it saw; whatever a client puts before it is not trusted.
    assert [login(f"192.0.2.{n}, 203.0.113.5") for n in range(5)] == [200, 200, 200, 200, 429]
    assert login("203.0.113.5", "pw-for-tests-only") == 429
    # The organiser, through the same balancer from another address, is not locked out.
    assert login("198.51.100.7", "pw-for-tests-only") == 302
    assert sorted(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["203.0.113.5"]


def test_production_serves_hashed_compressed_static_files_with_long_cache(tmp_path):
    """collectstatic in production mode, then whitenoise serves the hashed, compressed files, cached for ten years."""
    script = (
        "import django; django.setup();"
        "from django.core.management import call_command; call_command('collectstatic', '--no-input', verbosity=0);"
        "from django.templatetags.static import static; from django.test import Client;"
        "url = static('css/site.css'); response = Client().get(url, HTTP_ACCEPT_ENCODING='gzip, br');"
        "print(url); print(response.status_code); print(response['Cache-Control']); print(response['Content-Encoding'])"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")} | PRODUCTION
    env |= {
        "DJANGO_SETTINGS_MODULE": "conference.settings",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
    }
    result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)  # noqa: S603
    url, status, cache_control, encoding = result.stdout.splitlines()
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", url)
    assert (status, cache_control) == ("200", "max-age=315360000, public, immutable")
    assert encoding in ("br", "gzip")


def test_admin_login_with_an_overlong_username_is_refused_plainly(client, organiser):
    # Recording the failure made PostgreSQL refuse the 300-character name for django-axes' log: a 500.
    response = client.post(reverse("admin:login"), {"username": "x" * 300, "password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "username": ["Ensure this value has at most 150 characters (it has 300)."]
    }
    assert AccessAttempt.objects.count() == 0


def language_links(response):
    return html.fromstring(response.content).xpath("//nav[contains(@class, 'language-switcher')]//a/@href")


def test_language_links_stay_on_this_site(client, caribbean):
    # On the production 404 page for //evil.example/ the French link was //evil.example/fr/, another site.
    answers = {
        path: (response.status_code, language_links(response))
        for path in ("//evil.example/", "/\\evil.example/", "/fr//evil.example/", "/caribbean/nowhere/")
        for response in [client.get("/", PATH_INFO=path)]
    }
    assert answers == {
        "//evil.example/": (404, ["/fr/", "/es/", "/nl/"]),
        "/\\evil.example/": (404, ["/fr/", "/es/", "/nl/"]),
        "/fr//evil.example/": (404, ["/", "/es/", "/nl/"]),
        "/caribbean/nowhere/": (404, ["/fr/", "/es/", "/nl/"]),
    }
    assert language_links(client.get("/fr/caribbean/groups/2/")) == [
        "/caribbean/groups/2/",
        "/es/caribbean/groups/2/",
        "/nl/caribbean/groups/2/",
    ]
    assert language_links(client.get("/caribbean/sessions/1/")) == [  # English again
        "/fr/caribbean/sessions/1/",
        "/es/caribbean/sessions/1/",
        "/nl/caribbean/sessions/1/",
    ]


def test_language_links_keep_the_highlighted_country_and_no_made_up_parameter(client, caribbean):
    # Find my group sends Jamaica's delegates to Group 1's page with Jamaica highlighted; the switcher keeps it.
    assert language_links(client.get("/caribbean/groups/1/", {"country": "JM", "utm_source": "x"})) == [
        "/fr/caribbean/groups/1/?country=JM",
        "/es/caribbean/groups/1/?country=JM",
        "/nl/caribbean/groups/1/?country=JM",
    ]
    assert language_links(client.get("/caribbean/nowhere/", {"country": "JM"})) == ["/fr/", "/es/", "/nl/"]
