import re
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

pytestmark = pytest.mark.django_db


def login_request():
    return RequestFactory().post("/admin/login/")


@pytest.fixture
def login_file(tmp_path):
    """The demo organiser's password file, away from the project folder's own."""
    return ["--login-file", str(tmp_path / ".demo-login")]


def test_demo_organiser_is_created_with_printed_password(settings, login_file):
    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_organiser", *login_file, stdout=out)
    password = re.search(r"as 'organiser' with password '([^']+)'", out.getvalue())[1]
    user = authenticate(login_request(), username="organiser", password=password)
    assert (user.is_staff, user.is_superuser, [g.name for g in user.groups.all()]) == (True, False, ["Organisers"])


@pytest.mark.parametrize(
    ("address", "login"),
    [
        (None, "http://127.0.0.1:8000/admin/"),
        ("8001", "http://127.0.0.1:8001/admin/"),
        ("0.0.0.0:8080", "http://127.0.0.1:8080/admin/"),
        ("192.168.1.20:8000", "http://192.168.1.20:8000/admin/"),
    ],
)
def test_demo_organiser_login_address_follows_the_servers(settings, login_file, address, login):
    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_organiser", *login_file, *(["--address", address] if address else []), stdout=out)
    assert f"log in at {login} as 'organiser'" in out.getvalue()


def test_demo_organiser_again_keeps_the_password(settings, login_file):
    settings.DEBUG = True
    first, second = StringIO(), StringIO()
    call_command("create_demo_organiser", *login_file, stdout=first)
    call_command("create_demo_organiser", *login_file, stdout=second)
    old = re.search(r"password '([^']+)'", first.getvalue())[1]
    again = re.search(r"password '([^']+)'", second.getvalue())[1]
    assert (again == old, authenticate(login_request(), username="organiser", password=again) is not None) == (
        True,
        True,
    )


def test_demo_organiser_new_password_resets_it(settings, login_file):
    settings.DEBUG = True
    first, second = StringIO(), StringIO()
    call_command("create_demo_organiser", *login_file, stdout=first)
    call_command("create_demo_organiser", *login_file, "--new-password", stdout=second)
    old = re.search(r"password '([^']+)'", first.getvalue())[1]
    new = re.search(r"password '([^']+)'", second.getvalue())[1]
    assert authenticate(login_request(), username="organiser", password=old) is None
    assert authenticate(login_request(), username="organiser", password=new) is not None


def test_demo_organiser_refused_in_production(settings, login_file):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("create_demo_organiser", *login_file)
