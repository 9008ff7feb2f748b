import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from conference.roles import ORGANISERS

USERNAME = "organiser"
# Where the demo organiser's password is kept between starts (git-ignored; development only).
LOGIN_FILE = settings.BASE_DIR / ".demo-login"


class Command(BaseCommand):
    help = (
        "Development only: create the demo organiser account once, keep its password for later starts (in "
        ".demo-login) and print its credentials."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="Where the development server listens, as runserver takes it (port, or address:port), for the "
            "login address printed.",
        )
        parser.add_argument(
            "--login-file",
            type=Path,
            default=LOGIN_FILE,
            help="The file that keeps the password between starts (default: .demo-login in the project folder).",
        )
        parser.add_argument("--new-password", action="store_true", help="Give the account a new password.")

    def handle(self, *args, address, login_file, new_password, **options):
        password = demo_organiser(login_file=login_file, new_password=new_password)
        self.stdout.write(
            self.style.SUCCESS("Demo organiser (development only): ")
            + f"log in at {login_address(address)} as {USERNAME!r} with password {password!r}"
            + f" (kept in {login_file.name})"
        )


def demo_organiser(*, login_file, new_password=False):
    """Make sure the demo organiser exists, a staff member of the Organisers group, and return its password: the one
    kept in `login_file` while it still logs in, so that restarting the development server keeps the login; a new
    random one (written to the file) for a new database, a missing file, or when asked."""
    if not settings.DEBUG:
        raise CommandError("The demo organiser is for development only; DJANGO_DEBUG is off.")
    user, _created = get_user_model().objects.get_or_create(username=USERNAME)
    kept = read_password(login_file)
    if kept and not new_password and user.check_password(kept):
        password = kept
    else:
        password = secrets.token_urlsafe(12)
        user.set_password(password)
        login_file.write_text(f"user: {USERNAME}\npassword: {password}\n")
        login_file.chmod(0o600)
    user.is_staff = True
    user.is_superuser = False
    user.save()
    user.groups.add(Group.objects.get(name=ORGANISERS))
    return password


def read_password(login_file):
    """The password kept in `login_file` ("user: ..." and "password: ..." lines), or "" when there is none."""
    try:
        lines = login_file.read_text().splitlines()
    except FileNotFoundError:
        return ""
    return next((line.removeprefix("password:").strip() for line in lines if line.startswith("password:")), "")


def login_address(address):
    """The admin's login address on the development server listening at `address`."""
    return f"{server_address(address)}/admin/"


def server_address(address):
    """The address of the development server listening at `address` (runserver's "port" or "address:port"; a server
    listening on every interface is reached on 127.0.0.1)."""
    host, _colon, port = address.rpartition(":")
    if host in ("", "0.0.0.0", "0", "[::]"):  # noqa: S104 (a listening address read, not bound)
        host = "127.0.0.1"
    return f"http://{host}:{port}"
