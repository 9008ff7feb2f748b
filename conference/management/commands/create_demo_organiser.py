import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from conference.roles import ORGANISERS

USERNAME = "organiser"


class Command(BaseCommand):
    help = "Development only: create (or reset) the demo organiser account and print its credentials."

    def add_arguments(self, parser):
        parser.add_argument(
            "--address",
            default="127.0.0.1:8000",
            help="Where the development server listens, as runserver takes it (port, or address:port), for the "
            "login address printed.",
        )

    def handle(self, *args, address, **options):
        if not settings.DEBUG:
            raise CommandError("The demo organiser is for development only; DJANGO_DEBUG is off.")
        password = secrets.token_urlsafe(12)
        user, _created = get_user_model().objects.get_or_create(username=USERNAME)
        user.is_staff = True
        user.is_superuser = False
        user.set_password(password)
        user.save()
        user.groups.add(Group.objects.get(name=ORGANISERS))
        self.stdout.write(
            self.style.SUCCESS("Demo organiser (development only): ")
            + f"log in at {login_address(address)} as {USERNAME!r} with password {password!r}"
        )


def login_address(address):
    """The admin's login address on the development server listening at `address` (runserver's "port" or
    "address:port"; a server listening on every interface is reached on 127.0.0.1)."""
    host, _colon, port = address.rpartition(":")
    if host in ("", "0.0.0.0", "0", "[::]"):  # noqa: S104 (a listening address read, not bound)
        host = "127.0.0.1"
    return f"http://{host}:{port}/admin/"
