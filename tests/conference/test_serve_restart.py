"""`bash .ci/serve` started twice: its data steps (`manage.py setup_demo`, called as the script calls it) keep what
organisers edited in between, and the demo organiser's printed password still logs in."""

import datetime
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from conference.models import Conference
from groups.models import Breakout
from sessions.models import Room, Session

pytestmark = pytest.mark.django_db


def serve_data_steps(login_file):
    """What `.ci/serve` runs between `migrate` and `runserver`; returns the output's first line and the password."""
    out = StringIO()
    call_command("setup_demo", "--address", "127.0.0.1:8057", "--login-file", str(login_file), stdout=out)
    first_line = out.getvalue().splitlines()[0]
    return first_line, re.search(r"as 'organiser' with password '([^']+)'", first_line)[1]


def logs_in(client, password):
    """Whether the admin's login form takes the demo organiser with `password` (as a person would log in)."""
    response = client.post("/admin/login/?next=/admin/", {"username": "organiser", "password": password})
    return response.status_code == 302 and response["Location"] == "/admin/"


def organisers_edits():
    conference = Conference.objects.get(slug="caribbean")
    conference.name = "Regional Conference on Official Statistics"
    conference.venue = "Conference centre, Port of Spain"
    conference.start_date = datetime.date(2026, 11, 24)
    conference.end_date = datetime.date(2026, 11, 25)
    conference.time_zone = "America/Port_of_Spain"
    conference.save()
    plenary = Room.objects.create(conference=conference, code="plenary", name="Plenary hall")
    salon = Room.objects.create(conference=conference, code="salon-a", name="Salon A")
    session = Session.objects.get(conference=conference, number=1)
    session.date = datetime.date(2026, 11, 24)
    session.start_time = datetime.time(9, 30)
    session.room = plenary
    session.title_fr = "Session 1, en français"
    session.save()
    breakout = Breakout.objects.get(session=session, group__number=2)
    breakout.room = salon
    breakout.save()


def edited_values():
    conference = Conference.objects.get(slug="caribbean")
    session = Session.objects.get(conference=conference, number=1)
    breakout = Breakout.objects.get(session=session, group__number=2)
    return {
        "conference": (
            conference.name,
            conference.venue,
            conference.start_date,
            conference.end_date,
            conference.time_zone,
        ),
        "session": (session.date, session.start_time, session.room.name, session.title_fr),
        "breakout room": breakout.room.name,
        "rooms": sorted(Room.objects.values_list("code", flat=True)),
    }


def test_restart_keeps_the_organisers_edits_and_the_password(settings, tmp_path, client):
    settings.DEBUG = True
    login_file = tmp_path / ".demo-login"
    first_line, password = serve_data_steps(login_file)
    assert Session.objects.filter(conference__slug="caribbean").count() == 5
    organisers_edits()

    second_line, password_again = serve_data_steps(login_file)

    assert edited_values() == {
        "conference": (
            "Regional Conference on Official Statistics",
            "Conference centre, Port of Spain",
            datetime.date(2026, 11, 24),
            datetime.date(2026, 11, 25),
            "America/Port_of_Spain",
        ),
        "session": (datetime.date(2026, 11, 24), datetime.time(9, 30), "Plenary hall", "Session 1, en français"),
        "breakout room": "Salon A",
        "rooms": ["plenary", "salon-a"],
    }
    assert (password_again, second_line) == (password, first_line)
    assert second_line == (
        "Demo organiser (development only): log in at http://127.0.0.1:8057/admin/ as 'organiser' with password "
        f"'{password}'"
    )
    assert login_file.read_text() == f"user: organiser\npassword: {password}\n"
    assert logs_in(client, password_again) is True
    assert client.get("/caribbean/organisers/").status_code == 200


def test_restart_says_the_conference_was_kept(settings, tmp_path):
    settings.DEBUG = True
    outputs = []
    for _start in range(2):
        out = StringIO()
        call_command("setup_demo", "--login-file", str(tmp_path / "login"), stdout=out)
        outputs.append(out.getvalue().splitlines()[1:])
    assert outputs == [
        [
            "  (the password is kept in login; the organisers' console: http://127.0.0.1:8000/organisers/)",
            "The conference was loaded from the breakout document.",
        ],
        [
            "  (the password is kept in login; the organisers' console: http://127.0.0.1:8000/organisers/)",
            "The conference was already in the database and is kept as it is (to start over, delete db.sqlite3).",
        ],
    ]


def test_a_lost_login_file_gives_a_new_password(settings, tmp_path, client):
    settings.DEBUG = True
    login_file = tmp_path / ".demo-login"
    _line, old = serve_data_steps(login_file)
    login_file.unlink()
    _line, new = serve_data_steps(login_file)
    assert (new != old, logs_in(client, old), logs_in(client, new)) == (True, False, True)


def test_setup_demo_refused_in_production(settings, tmp_path):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="development only"):
        call_command("setup_demo", "--login-file", str(tmp_path / "login"))
    assert (Conference.objects.exists(), (tmp_path / "login").exists()) == (False, False)
