import json
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from conference.models import Conference

from .create_demo_organiser import LOGIN_FILE, USERNAME, demo_organiser, login_address, server_address

FIXTURE = "caribbean_conference"


class Command(BaseCommand):
    help = (
        "Development only, the data steps of `bash .ci/serve`: load the breakout document into a database that does "
        "not hold its conference yet (never over an organiser's edits) and keep the demo organiser's login."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--address", default="127.0.0.1:8000", help="Where the development server listens (port, or address:port)."
        )
        parser.add_argument(
            "--login-file", type=Path, default=LOGIN_FILE, help="The file that keeps the demo organiser's password."
        )

    def handle(self, *args, address, login_file, **options):
        password = demo_organiser(login_file=login_file)
        loaded = load_conference_once(FIXTURE)
        server = server_address(address)
        self.stdout.write(
            self.style.SUCCESS("Demo organiser (development only): ")
            + f"log in at {login_address(address)} as {USERNAME!r} with password {password!r}"
        )
        self.stdout.write(
            f"  (the password is kept in {login_file.name}; the organisers' console: {server}/organisers/)"
        )
        if loaded:
            self.stdout.write("The conference was loaded from the breakout document.")
        else:
            self.stdout.write(
                "The conference was already in the database and is kept as it is (to start over, delete db.sqlite3)."
            )


def load_conference_once(fixture):
    """Load `fixture` (a file in FIXTURE_DIRS) unless the database already holds one of its conferences, found by
    slug, so that a restart never writes the document's text over what organisers have edited since. Returns
    whether it loaded."""
    slugs = [
        record["fields"]["slug"]
        for record in json.loads((Path(settings.FIXTURE_DIRS[0]) / f"{fixture}.json").read_text())
        if record["model"] == "conference.conference"
    ]
    if Conference.objects.filter(slug__in=slugs).exists():
        return False
    call_command("loaddata", fixture, verbosity=0)
    return True
