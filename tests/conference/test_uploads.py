"""Uploads with bounds: a people file too large, a workbook that inflates (a zip bomb), too many rows or a cell longer
than any column holds are refused with a message before the preview; a translator's PO file is read in the encoding
its header gives, and its entries holding control characters or text-direction overrides are refused by name."""

import codecs

import polib
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from benchmarks.uploads import measure, write_large_json, write_zip_bomb
from conference.models import Conference, Participant, ThematicArea
from conference.services import import_translation, translation_file
from groups.models import Question
from tests.conference.test_people import csv_file, people, row_errors, upload, xlsx

pytestmark = pytest.mark.django_db


def words(messages):
    """Messages with the non-breaking spaces of file sizes ("5.0\xa0MB") as plain ones."""
    return [message.replace("\xa0", " ") for message in messages]


def file_errors(response):
    return words(response.context["form"].errors.get("import_file", []))


def test_a_people_file_over_the_size_limit_is_refused_before_it_is_read(organiser_client, caribbean):
    with override_settings(MAX_UPLOAD_BYTES=1000):
        response = upload(organiser_client, caribbean, csv_file(people(30)), "csv")
    assert file_errors(response) == ["The file has 1.3 KB; files of at most 1000 bytes are accepted."]
    assert response.context.get("result") is None


def test_a_workbook_that_inflates_is_refused_before_it_is_opened(organiser_client, caribbean, tmp_path):
    # One name of 25 million letters: some 25 KB on disk. Before the check, openpyxl read it all and the preview
    # showed it in full (a 300 million letter cell took a worker to 2.9 GB).
    bomb = write_zip_bomb(tmp_path / "people.xlsx", 25_000_000)
    response = upload(organiser_client, caribbean, SimpleUploadedFile("people.xlsx", bomb.read_bytes()), "xlsx")
    assert response.status_code == 200
    assert file_errors(response) == ["This workbook would take 23.8 MB once opened; at most 20.0 MB are accepted."]
    assert len(response.content) < 100_000


def test_a_workbook_part_that_inflates_too_many_times_is_refused(organiser_client, caribbean, tmp_path):
    bomb = write_zip_bomb(tmp_path / "people.xlsx", 5_000_000)
    response = upload(organiser_client, caribbean, SimpleUploadedFile("people.xlsx", bomb.read_bytes()), "xlsx")
    [message] = file_errors(response)
    assert message.startswith("This workbook’s part xl/worksheets/sheet1.xml inflates ")
    assert message.endswith(" times: it is not a spreadsheet of people.")


def test_a_file_that_is_not_a_workbook_is_refused_as_one(organiser_client, caribbean):
    response = upload(organiser_client, caribbean, csv_file(people(2)), "xlsx")
    assert file_errors(response) == ["This is not an Excel workbook (.xlsx): File is not a zip file"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_a_cell_longer_than_any_column_holds_is_refused_with_its_row_and_column(
    organiser_client, caribbean, file_format
):
    rows = people(3)
    rows[1][3] = "World Bank " * 500
    make = xlsx if file_format == "xlsx" else csv_file
    response = upload(organiser_client, caribbean, make(rows), file_format)
    assert file_errors(response) == ["Row 2, column “organisation”: 5,500 characters; a cell holds at most 1,000."]
    assert response.context.get("result") is None
    assert len(response.content) < 100_000


def test_a_name_longer_than_its_field_refuses_the_row_naming_the_cell(organiser_client, caribbean):
    rows = people(3)
    rows[2][0] = "N" * 201
    response = upload(organiser_client, caribbean, xlsx(rows), "xlsx")
    assert row_errors(response) == {3: ["name: Ensure this value has at most 200 characters (it has 201)."]}


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_more_rows_than_one_import_takes_are_refused_with_how_to_split_them(organiser_client, caribbean, file_format):
    make = xlsx if file_format == "xlsx" else csv_file
    with override_settings(MAX_IMPORT_RECORDS=10):
        response = upload(organiser_client, caribbean, make(people(11)), file_format)
        assert file_errors(response) == [
            "The file has 11 rows; one import takes at most 10. Split it into files of at most 10 rows and import them "
            "one after the other."
        ]
        response = upload(organiser_client, caribbean, make(people(10)), file_format)
        assert response.context["result"].totals["new"] == 10
    assert Participant.objects.count() == 0


def test_the_zip_bomb_and_a_file_over_the_limit_are_refused_quickly_in_little_memory(tmp_path):
    """The issue's files at full size: 300 million characters in a workbook of some 300 KB, and a 300 MB conference
    file, each refused by the admin's checks in a fresh process in under 5 s and under 600 MB (benchmarks/uploads)."""
    bomb = write_zip_bomb(tmp_path / "people.xlsx", 300_000_000)
    assert bomb.stat().st_size < 400_000
    outcome, seconds, peak = measure("xlsx", bomb)
    outcome = outcome.replace("\xa0", " ")
    assert outcome == "refused: This workbook would take 286.1 MB once opened; at most 20.0 MB are accepted."
    assert (seconds < 5, peak < 600) == (True, True), (seconds, peak)
    large = write_large_json(tmp_path / "conference.json", 300 * 1024 * 1024)
    outcome, seconds, peak = measure("json", large)
    outcome = outcome.replace("\xa0", " ")
    assert outcome == "refused: The file has 301.0 MB; files of at most 5.0 MB are accepted."
    assert (seconds < 5, peak < 600) == (True, True), (seconds, peak)


# A translator's PO file ----------------------------------------------------------------------------------------------


def translated(conference, charset="UTF-8"):
    """The conference's French file with the region translated, its header giving `charset`."""
    po = polib.pofile(translation_file(conference=conference, language="fr").decode())
    po.metadata["Content-Type"] = f"text/plain; charset={charset}"
    [entry] = [entry for entry in po if entry.msgctxt == f"conference.conference:{conference.pk}:region"]
    entry.msgstr = "Caraïbes – été"
    return po


def region_fr(conference):
    return Conference.objects.get(pk=conference.pk).region_fr


@pytest.mark.parametrize(
    ("charset", "encode"),
    [
        ("ISO-8859-15", lambda text: text.replace("–", "-").encode("iso-8859-15", errors="replace")),
        ("UTF-16", lambda text: text.encode("utf-16")),
        ("UTF-16", lambda text: text.encode("utf-16-le")),
        ("UTF-8", lambda text: codecs.BOM_UTF8 + text.encode()),
        ("CHARSET", lambda text: text.encode()),
    ],
)
def test_a_po_file_is_read_in_the_encoding_its_header_gives(caribbean, charset, encode):
    content = encode(str(translated(caribbean, charset)))
    result = import_translation(conference=caribbean, language="fr", content=content)
    assert (result.updated, result.refused) == (1, [])
    assert region_fr(caribbean) == ("Caraïbes - été" if charset.startswith("ISO") else "Caraïbes – été")


def test_a_po_file_not_in_the_encoding_its_header_gives_is_refused(caribbean):
    content = str(translated(caribbean)).encode("latin-1", errors="replace")
    with pytest.raises(ValidationError) as refused:
        import_translation(conference=caribbean, language="fr", content=content)
    [message] = refused.value.messages
    assert message.startswith("This file is not in the encoding its header gives (UTF-8): byte ")
    assert message.endswith(" is not. Save it as UTF-8, with “charset=UTF-8” in its header.")
    assert region_fr(caribbean) is None


@pytest.mark.parametrize(
    ("context", "text", "character"),
    [
        ("conference.conference:{pk}:region", "Cara\x00ïbes", "U+0000"),
        ("conference.conference:{pk}:region", "Caraïbes\n", "U+000A"),
        ("conference.thematicarea:1:title", "\u202eseb\u00efaraC", "U+202E"),
        ("groups.question:", "Une ligne\x1b[31m rouge", "U+001B"),
        ("groups.question:", "Deux\nlignes\u2066", "U+2066"),
    ],
)
def test_an_entry_with_a_control_character_or_a_direction_override_is_refused_by_name(
    caribbean, context, text, character
):
    po = polib.pofile(translation_file(conference=caribbean, language="fr").decode())
    entry = next(entry for entry in po if entry.msgctxt.startswith(context.format(pk=caribbean.pk)))
    context, entry.msgstr = entry.msgctxt, text
    result = import_translation(conference=caribbean, language="fr", content=str(po).encode())
    assert (result.updated, result.refused) == (
        0,
        [
            (
                entry.msgid,
                f"the translation of {context} holds the invisible character {character} (a control character or a "
                "text-direction override); remove it",
            )
        ],
    )
    assert ThematicArea.objects.filter(title_fr__isnull=False).count() == 0
    assert Question.objects.filter(text_fr__isnull=False).count() == 0
    assert region_fr(caribbean) is None


def test_several_lines_and_tabs_are_kept_in_a_text_of_several_lines(caribbean):
    po = polib.pofile(translation_file(conference=caribbean, language="fr").decode())
    entry = next(entry for entry in po if entry.msgctxt.startswith("groups.question:"))
    entry.msgstr = "Première ligne\n\tdeuxième ligne"
    result = import_translation(conference=caribbean, language="fr", content=str(po).encode())
    assert (result.updated, result.refused) == (1, [])
    pk = int(entry.msgctxt.split(":")[1])
    assert Question.objects.get(pk=pk).text_fr == "Première ligne\n\tdeuxième ligne"


@pytest.mark.parametrize("content", [b"\x00", b"\xff\xfe\x00", b"/etc/passwd", b"manage.py"])
def test_a_po_file_that_cannot_be_read_is_refused_with_a_message(caribbean, content):
    with pytest.raises(ValidationError) as refused:
        import_translation(conference=caribbean, language="fr", content=content)
    assert refused.value.messages[0].startswith(("This is not a PO file that can be read", "This file is not in"))


def test_a_po_file_over_the_size_limit_is_refused_in_the_admin(organiser_client, caribbean):
    content = str(translated(caribbean)).encode()
    address = f"/admin/conference/conference/{caribbean.pk}/translations/"
    with override_settings(MAX_UPLOAD_BYTES=len(content) - 1):
        response = organiser_client.post(address, {"language": "fr", "file": SimpleUploadedFile("fr.po", content)})
    assert response.status_code == 200
    assert words(response.context["form"].errors["file"]) == [
        f"The file has {len(content) / 1024:.1f} KB; files of at most {(len(content) - 1) / 1024:.1f} KB are accepted."
    ]
    response = organiser_client.post(
        address, {"language": "fr", "file": SimpleUploadedFile("fr.po", content.decode().encode("utf-16"))}
    )
    assert response.status_code == 302
    assert region_fr(caribbean) == "Caraïbes – été"
