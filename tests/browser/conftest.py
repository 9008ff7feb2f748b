"""Real-browser tests: Playwright driving Debian's Chromium against a live server of the app.

Playwright's own browser download cannot work here, so the tests launch /usr/bin/chromium (the test command
installs it with apt-get when it is missing). axe-core comes from the npm registry, fetched once into build/.
"""

import contextlib
import datetime
import os
import shutil
import subprocess
import tarfile
import tempfile
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BUILD = ROOT / "build"
SCREENSHOTS = BUILD / "screenshots"
AXE_VERSION = "4.10.3"
AXE = BUILD / f"axe-core-{AXE_VERSION}" / "package" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are safe all the same.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def axe_source():
    """axe-core's browser bundle, from the npm registry (npm pack), kept in build/ between runs."""
    if not AXE.exists():
        # Fetched and unpacked in a folder of its own, then moved into place in one step: the test command's two
        # runs (SQLite and PostgreSQL, side by side) may both fetch it on a fresh clone.
        BUILD.mkdir(exist_ok=True)
        npm = shutil.which("npm")
        assert npm, "npm is needed to fetch axe-core from the npm registry"
        with tempfile.TemporaryDirectory(dir=BUILD) as folder:
            for attempt in range(3):  # the registry may be slow to answer once
                fetched = subprocess.run(  # noqa: S603
                    [npm, "pack", f"axe-core@{AXE_VERSION}", "--silent"],
                    cwd=folder,
                    check=attempt == 2,
                    capture_output=True,
                    text=True,
                )
                if fetched.returncode == 0:
                    break
            name = fetched.stdout.strip()
            with tarfile.open(Path(folder) / name) as archive:
                archive.extractall(Path(folder) / "unpacked", filter="data")
            if AXE.parent.parent.exists() and not AXE.exists():  # left half unpacked by an interrupted run
                shutil.rmtree(AXE.parent.parent, ignore_errors=True)
            with contextlib.suppress(OSError):  # the other run was first: its copy is the same
                (Path(folder) / "unpacked").rename(AXE.parent.parent)
    return AXE.read_text(encoding="utf-8")


def hold_clock(page):
    """Put the page on a clock that stands still until the test moves it (`page.clock.run_for`).

    `clock.install()` alone lets time run on as real time does, so the page's timers (autosave, the console's and
    the questions' refresh, the breakout countdown) fire by themselves whenever a step of the test is slow, and a
    figure read after `run_for` depends on how long the step took.
    """
    now = datetime.datetime.now(datetime.UTC)
    page.clock.install(time=now)
    # Paused a little ahead: pause_at only moves forward, and on a page already open the clock runs on meanwhile.
    page.clock.pause_at(now + datetime.timedelta(seconds=30))


@pytest.fixture(scope="session")
def browser():
    assert Path(CHROMIUM).exists(), f"{CHROMIUM} is missing: apt-get install -y chromium (the test command does)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        yield browser
        browser.close()


class CountingApp:
    """The live server's WSGI application, counting the requests under way, so that a test's end can wait for them."""

    def __init__(self, application):
        self.application = application
        self.active = 0
        self.changed = threading.Condition()

    def __call__(self, environ, start_response):
        with self.changed:
            self.active += 1
        try:
            return self.application(environ, start_response)
        finally:
            with self.changed:
                self.active -= 1
                self.changed.notify_all()

    def wait_until_idle(self, timeout=60):
        with self.changed:
            assert self.changed.wait_for(lambda: self.active == 0, timeout), "the live server is still answering"


@pytest.fixture(autouse=True)
def requests_finished_before_the_database_is_emptied(browser, live_server, transactional_db):
    """After each test: close its pages, then wait for the requests they sent (an autosave, a poll) to be answered
    before the database is emptied for the next test. Otherwise a request still under way holds a lock that
    PostgreSQL's TRUNCATE waits for while the request waits for the TRUNCATE: a deadlock, and the next test starts on
    the leftovers."""
    server = live_server.thread.httpd
    if not isinstance(server.get_app(), CountingApp):
        server.set_app(CountingApp(server.get_app()))
    yield
    for context in browser.contexts:
        context.close()
    server.get_app().wait_until_idle()


@pytest.fixture
def loaded(transactional_db):
    call_command("loaddata", "caribbean_conference", verbosity=0)


@pytest.fixture
def phone(browser, live_server, loaded):
    context = browser.new_context(viewport=PHONE, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def desktop(browser, live_server, loaded):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    return axe_source()


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)


@pytest.fixture
def organiser_login(transactional_db, django_user_model):
    """A staff user in the Organisers group. Transactional tests empty every table between tests, so the group that
    a data migration created is made again here."""
    from django.contrib.auth.models import Group

    from conference.roles import ORGANISERS, sync_organisers_group

    sync_organisers_group()
    user = django_user_model.objects.create_user(username="org", password="a-long-test-password", is_staff=True)
    user.groups.add(Group.objects.get(name=ORGANISERS))
    return {"username": "org", "password": "a-long-test-password"}


def log_in(page, login, next_url="/admin/"):
    page.goto(f"/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(login["username"])
    page.get_by_label("Password").fill(login["password"])
    page.get_by_role("button", name="Log in").click()
