"""The people import's language column (optional; the mails to each person go in it), and the characters it refuses
in any cell: control characters and bidirectional overrides, with the cell named."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conference.models import Participant
from tests.conference.test_people import PROCESS, row_errors, upload

pytestmark = pytest.mark.django_db


def csv_file(header, rows):
    text = io.StringIO()
    csv.writer(text).writerows([header, *rows])
    return SimpleUploadedFile("people.csv", text.getvalue().encode())


def imported(client, response):
    confirm = response.context["confirm_form"]
    client.post(PROCESS, {name: confirm[name].value() for name in confirm.fields})


def test_the_language_column_takes_codes_and_names(organiser_client, caribbean):
    header = ["name", "email", "country", "organisation", "language"]
    rows = [
        ["Ann", "ann@example.org", "Haiti", "", "fr"],
        ["Bea", "bea@example.org", "Suriname", "", "Dutch"],
        ["Cid", "cid@example.org", "Jamaica", "", " Español "],
        ["Dee", "dee@example.org", "Jamaica", "", ""],
    ]
    response = upload(organiser_client, caribbean, csv_file(header, rows), "csv")
    assert row_errors(response) == {}
    imported(organiser_client, response)
    assert list(Participant.objects.order_by("full_name").values_list("full_name", "language")) == [
        ("Ann", "fr"),
        ("Bea", "nl"),
        ("Cid", "es"),
        ("Dee", ""),
    ]


def test_an_unknown_language_is_refused_in_its_cell(organiser_client, caribbean):
    header = ["name", "email", "country", "organisation", "language"]
    response = upload(
        organiser_client, caribbean, csv_file(header, [["Ann", "ann@example.org", "Haiti", "", "Klingon"]]), "csv"
    )
    assert row_errors(response) == {
        1: ["language: “Klingon” is not a language of this site: give one of en, fr, es, nl, or leave it blank."]
    }


def test_a_file_without_the_column_keeps_everyones_language(organiser_client, caribbean):
    Participant.objects.create(
        conference=caribbean,
        full_name="Ann",
        email="ann@example.org",
        country=caribbean.countries.get(code="HT"),
        language="fr",
    )
    header = ["name", "email", "country", "organisation"]
    response = upload(organiser_client, caribbean, csv_file(header, [["Ann B", "ann@example.org", "Haiti", ""]]), "csv")
    imported(organiser_client, response)
    assert list(Participant.objects.values_list("full_name", "language")) == [("Ann B", "fr")]


def test_control_and_direction_characters_are_refused_with_the_cell_named(organiser_client, caribbean):
    """Issue 19, point 6: names with control characters and bidi overrides were imported."""
    header = ["name", "email", "country", "organisation"]
    rows = [
        ["Ann\u202eevil", "ann@example.org", "Haiti", ""],
        ["Bea\x07", "bea@example.org", "Haiti", ""],
        ["Cid", "cid@example.org", "", "Org\u2066x"],
        ["Dee", "dee@example.org", "Haiti", ""],
    ]
    response = upload(organiser_client, caribbean, csv_file(header, rows), "csv")
    assert row_errors(response) == {
        1: ["name: This cell holds an invisible control or direction character (U+202E): remove it."],
        2: ["name: This cell holds an invisible control or direction character (U+0007): remove it."],
        3: ["organisation: This cell holds an invisible control or direction character (U+2066): remove it."],
    }
    assert Participant.objects.count() == 0


def test_the_function_and_listed_columns_are_read(organiser_client, caribbean):
    header = ["name", "email", "country", "organisation", "function", "listed"]
    rows = [
        ["Ann", "ann@example.org", "Haiti", "", "  Director   general ", "yes"],
        ["Bea", "bea@example.org", "Suriname", "", "", "no"],
        ["Cid", "cid@example.org", "Jamaica", "", "Statistician", ""],
        ["Dee", "dee@example.org", "Jamaica", "", "", "0"],
    ]
    response = upload(organiser_client, caribbean, csv_file(header, rows), "csv")
    assert row_errors(response) == {}
    imported(organiser_client, response)
    assert list(Participant.objects.order_by("full_name").values_list("full_name", "function", "listed")) == [
        ("Ann", "Director general", True),
        ("Bea", "", False),
        ("Cid", "Statistician", True),
        ("Dee", "", False),
    ]


def test_a_listed_cell_that_is_neither_yes_nor_no_is_refused(organiser_client, caribbean):
    header = ["name", "email", "country", "organisation", "listed"]
    response = upload(
        organiser_client, caribbean, csv_file(header, [["Ann", "ann@example.org", "Haiti", "", "maybe"]]), "csv"
    )
    assert row_errors(response) == {1: ["listed: “maybe”: write yes or no, or leave it blank for yes."]}
    assert Participant.objects.count() == 0


def test_a_file_without_the_function_and_listed_columns_keeps_them(organiser_client, caribbean):
    Participant.objects.create(
        conference=caribbean,
        full_name="Ann",
        email="ann@example.org",
        country=caribbean.countries.get(code="HT"),
        function="Director",
        listed=False,
    )
    header = ["name", "email", "country", "organisation"]
    response = upload(organiser_client, caribbean, csv_file(header, [["Ann B", "ann@example.org", "Haiti", ""]]), "csv")
    assert row_errors(response) == {}
    imported(organiser_client, response)
    assert list(Participant.objects.values_list("full_name", "function", "listed")) == [("Ann B", "Director", False)]
