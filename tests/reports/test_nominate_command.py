"""python manage.py nominate_rapporteur SESSION GROUP "Full name" "Country"."""

import datetime
import re
from io import StringIO

import django
import pytest
from django.core.management import CommandError, call_command, execute_from_command_line

from conference.models import Conference, Participant
from groups.reports.models import RapporteurNomination, RapporteurReport

pytestmark = pytest.mark.django_db


def nominate(*args):
    out, err = StringIO(), StringIO()
    call_command("nominate_rapporteur", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_nominates_creates_the_participant_and_prints_the_link(caribbean):
    out, err = nominate("1", "1", "Ann  Example", "jamaica", "--base-url", "https://conf.example.org/")
    nomination = RapporteurNomination.objects.get()
    assert out.splitlines() == [
        "Ann Example (Jamaica) is the rapporteur of session 1, Group 1: Communication and advocacy.",
        f"Private link: https://conf.example.org/report/{nomination.token}/",
        "The link works until it is revoked (the conference has no last day yet).",
    ]
    assert err == ""
    participant = Participant.objects.get()
    assert (participant.full_name, participant.country.code, nomination.participant) == (
        "Ann Example",
        "JM",
        participant,
    )
    assert RapporteurReport.objects.get().breakout == nomination.breakout


def test_country_by_iso_code_and_existing_participant_reused(caribbean):
    nominate("2", "4", "Kim Doe", "KN")
    nominate("3", "4", "kim doe", "St. Kitts and Nevis")
    assert Participant.objects.count() == 1
    assert [n.breakout.session.number for n in RapporteurNomination.objects.order_by("breakout")] == [2, 3]


def test_prints_the_link_path_and_expiry_without_base_url(caribbean):
    caribbean.end_date = caribbean.start_date = datetime.date(2030, 5, 3)
    caribbean.save()
    out, _err = nominate("1", "2", "Bea", "BS")
    assert re.fullmatch(r"Private link: /report/[-\w]{43}/", out.splitlines()[1])
    assert out.splitlines()[2:] == [
        "Put the site's address in front of it (or run again with --base-url).",
        "The link works until 2030-05-04 00:00 (UTC).",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["1", "1", "Bea", "Bahamas"],
            "Bea is from Bahamas, which is not in Group 1. The rapporteur must be from one of the group’s countries.",
        ),
        (["9", "1", "Bea", "Bahamas"], "Session 9 does not exist in Caribbean regional conference."),
        (["1", "7", "Bea", "Bahamas"], "Group 7 does not exist in Caribbean regional conference."),
        (
            ["5", "1", "Bea", "Jamaica"],
            "Group 1 has no breakout in session 5: groups meet in the breakout sessions only.",
        ),
        (
            ["1", "1", "Bea", "Atlantis"],
            "There is no country or territory “Atlantis” in Caribbean regional conference. Use its name as the "
            "document writes it (e.g. “St. Kitts and Nevis”) or its ISO code (e.g. KN).",
        ),
        (["1", "1", "Bea", "JM", "--conference", "nowhere"], "There is no conference “nowhere”."),
    ],
)
def test_refusals_have_clear_messages_and_create_nothing(caribbean, args, message):
    with pytest.raises(CommandError) as error:
        nominate(*args)
    assert str(error.value) == message
    assert (Participant.objects.count(), RapporteurNomination.objects.count()) == (0, 0)


def test_second_rapporteur_refused_unless_replace(caribbean):
    nominate("1", "1", "Ann", "JM")
    with pytest.raises(CommandError) as error:
        nominate("1", "1", "Gus", "GD")
    assert str(error.value) == "This breakout already has a rapporteur. Revoke that nomination before naming another."
    nominate("1", "1", "Gus", "GD", "--replace")
    assert [(n.participant.full_name, n.revoked_at is None) for n in RapporteurNomination.objects.order_by("pk")] == [
        ("Ann", False),
        ("Gus", True),
    ]


def test_several_conferences_need_the_option(caribbean):
    Conference.objects.create(slug="pacific", region="Pacific")
    with pytest.raises(CommandError) as error:
        nominate("1", "1", "Ann", "JM")
    assert str(error.value) == "There are several conferences (caribbean, pacific): choose one with --conference."
    nominate("1", "1", "Ann", "JM", "--conference", "caribbean")
    assert RapporteurNomination.objects.count() == 1


def test_warns_when_the_country_has_another_role(caribbean):
    from sessions.models import Session

    nominate("1", "1", "Ann", "JM")
    session = Session.objects.get(conference=caribbean, number=2)
    session.facilitator = Participant.objects.get()
    session.save()
    _out, err = nominate("2", "1", "Ann", "JM")
    assert err == (
        "Note: Jamaica already has another role in session 2. The document prefers a rapporteur from a country "
        "with no other role; the nomination is kept.\n"
    )


def test_from_the_command_line_it_exits_non_zero(caribbean, capsys, monkeypatch):
    # The command line sets Django up again, which would point the app's log handler at this test's captured
    # stderr, closed once the test ends: a later test that logs would write to a closed file.
    monkeypatch.setattr(django, "setup", lambda *args, **kwargs: None)
    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "nominate_rapporteur", "1", "1", "Bea", "Atlantis"])
    assert exit_.value.code == 1
    assert capsys.readouterr().err.startswith("CommandError: There is no country or territory “Atlantis”")


def test_prints_a_qr_code_on_request(caribbean):
    out, _err = nominate("1", "1", "Ann", "JM", "--qr")
    assert len(out.splitlines()) > 10
    assert "█" in out
