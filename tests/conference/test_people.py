"""People in bulk in the admin: delegates and partners imported from CSV or Excel with a preview, errors by row and
nothing half imported; exported in the same columns."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from conference.models import Conference, Organisation, Participant
from tests.html_forms import form_data

pytestmark = pytest.mark.django_db

IMPORT = "/admin/conference/participant/import/"
PROCESS = "/admin/conference/participant/process_import/"
HEADER = ["name", "email", "country", "organisation"]


def xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    for row in [HEADER, *rows]:
        sheet.append(row)
    data = io.BytesIO()
    book.save(data)
    return SimpleUploadedFile("people.xlsx", data.getvalue())


def csv_file(rows):
    text = io.StringIO()
    csv.writer(text).writerows([HEADER, *rows])
    return SimpleUploadedFile("people.csv", text.getvalue().encode())


def upload(client, conference, file, file_format):
    formats = {"csv": "0", "xlsx": "1"}
    return client.post(IMPORT, {"conference": conference.pk, "format": formats[file_format], "import_file": file})


def row_errors(response):
    """{row number: [messages]} of the preview's invalid rows."""
    result = response.context["result"]
    return {
        row.number: [
            f"{field}: {message}" for field, messages in row.field_specific_errors.items() for message in messages
        ]
        + list(row.non_field_specific_errors)
        for row in result.invalid_rows
    }


def people(count):
    """`count` rows: delegates of the Caribbean countries and partners of two organisations, alternately."""
    countries = ["Jamaica", "JM", "Barbados", "TT", "Saint Lucia"]
    rows = []
    for n in range(1, count + 1):
        if n % 2:
            rows.append([f"Delegate {n}", f"delegate{n}@example.org", countries[n % len(countries)], ""])
        else:
            rows.append([f"Partner {n}", f"partner{n}@example.org", "", "World Bank" if n % 4 else "UNFPA"])
    return rows


def test_an_excel_file_of_100_people_with_three_bad_rows_imports_nothing_and_names_them(organiser_client, caribbean):
    rows = people(100)
    rows[9] = ["Delegate 10", "delegate10@example.org", "Atlantis", ""]  # row 11 of the file (after the header)
    rows[49] = ["", "nameless@example.org", "Jamaica", ""]
    rows[79] = ["Both 80", "both@example.org", "Jamaica", "World Bank"]
    response = upload(organiser_client, caribbean, xlsx(rows), "xlsx")
    assert response.status_code == 200
    assert row_errors(response) == {
        10: ["country: “Atlantis” is not a country or territory of this conference (give its name or ISO code)."],
        50: ["name: This field cannot be blank."],
        80: ["A participant is from a country or from an organisation, not both: clear one of the two."],
    }
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert (Participant.objects.count(), Organisation.objects.count()) == (0, 0)


def test_a_good_file_is_previewed_then_imported(organiser_client, caribbean):
    response = upload(organiser_client, caribbean, xlsx(people(6)), "xlsx")
    assert response.context["result"].totals == {
        "new": 6,
        "update": 0,
        "delete": 0,
        "skip": 0,
        "error": 0,
        "invalid": 0,
    }
    assert Participant.objects.count() == 0  # the preview saves nothing
    confirm = response.context["confirm_form"]
    data = {name: confirm[name].value() for name in confirm.fields}
    response = organiser_client.post(PROCESS, data, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Import finished: 6 new, 0 updated, 0 deleted and 0 skipped participants."
    ]
    assert [str(p) for p in Participant.objects.order_by("full_name")] == [
        "Delegate 1 (Jamaica)",
        "Delegate 3 (Trinidad and Tobago)",
        "Delegate 5 (Jamaica)",
        "Partner 2 (World Bank)",
        "Partner 4 (UNFPA)",
        "Partner 6 (World Bank)",
    ]
    assert set(Participant.objects.values_list("conference__slug", flat=True)) == {"caribbean"}


def test_a_known_email_updates_the_person_instead_of_adding_them_twice(organiser_client, caribbean):
    Participant.objects.create(
        conference=caribbean,
        full_name="Old name",
        email="Delegate1@Example.org",
        organisation=Organisation.objects.create(conference=caribbean, name="UNFPA"),
    )
    response = upload(
        organiser_client, caribbean, csv_file([["Delegate One", "delegate1@example.org", "Jamaica", ""]]), "csv"
    )
    assert response.context["result"].totals["update"] == 1
    confirm = response.context["confirm_form"]
    organiser_client.post(PROCESS, {name: confirm[name].value() for name in confirm.fields})
    assert list(Participant.objects.values_list("full_name", "country__name", "organisation")) == [
        ("Delegate One", "Jamaica", None)
    ]


def test_the_same_email_twice_in_a_file_is_refused(organiser_client, caribbean):
    rows = [["Ann", "ann@example.org", "Jamaica", ""], ["Ann again", "ANN@example.org", "Barbados", ""]]
    response = upload(organiser_client, caribbean, csv_file(rows), "csv")
    assert row_errors(response) == {
        2: ["email: Someone with this email address is already registered, or on an earlier row."]
    }
    assert Participant.objects.count() == 0


def test_people_go_to_the_chosen_conference(organiser_client, caribbean):
    other = Conference.objects.create(slug="pacific", region="Pacific")
    response = upload(organiser_client, other, csv_file([["Ann", "ann@example.org", "Jamaica", ""]]), "csv")
    assert row_errors(response) == {
        1: ["country: “Jamaica” is not a country or territory of this conference (give its name or ISO code)."]
    }


def test_people_are_exported_in_the_columns_they_are_imported_in(organiser_client, caribbean):
    Participant.objects.create(
        conference=caribbean,
        full_name="Ann",
        email="ann@example.org",
        country=caribbean.countries.get(code="JM"),
        function="Director",
    )
    Participant.objects.create(
        conference=caribbean,
        full_name="Pat",
        organisation=Organisation.objects.create(conference=caribbean, name="UNFPA"),
        listed=False,
    )
    data = form_data(organiser_client.get("/admin/conference/participant/export/"))
    data.update(format="0")
    response = organiser_client.post("/admin/conference/participant/export/", data)
    assert response["Content-Type"] == "text/csv"
    assert list(csv.reader(io.StringIO(response.content.decode()))) == [
        [*HEADER, "language", "function", "listed"],
        ["Ann", "ann@example.org", "Jamaica", "", "", "Director", "yes"],
        ["Pat", "", "", "UNFPA", "", "", "no"],
    ]


def test_importing_needs_the_permission_to_add_people(client, django_user_model, caribbean):
    from django.contrib.auth.models import Permission

    staff = django_user_model.objects.create_user(username="viewer", password="pw-for-tests-only", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename="view_participant"))
    client.force_login(staff)
    assert client.get(IMPORT).status_code == 403
    assert upload(client, caribbean, csv_file([["Ann", "", "Jamaica", ""]]), "csv").status_code == 403
    assert Participant.objects.count() == 0


def test_the_import_form_preselects_the_only_conference_and_offers_no_empty_format(organiser_client, caribbean):
    from lxml import html

    page = html.fromstring(organiser_client.get(IMPORT).content.decode())
    assert page.xpath("//select[@name='conference']/option[@selected]/@value") == [str(caribbean.pk)]
    assert page.xpath("//select[@name='format']/option/text()") == ["csv", "xlsx"]
    assert page.xpath("//select[@name='format']/option[@selected]/text()") == ["csv"]


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("St Lucia", "LC"),  # the documents write "Saint Lucia"
        ("st. lucia", "LC"),
        ("Saint Vincent and the Grenadines", "VC"),  # the documents write "St. Vincent and the Grenadines"
        ("Saint Kitts & Nevis", "KN"),
        ("Trinidad & Tobago", "TT"),
        ("Virgin Islands (British)", "VG"),  # the name in the ISO list, for its code
    ],
)
def test_common_variants_of_a_countrys_name_are_understood(caribbean, cell, code):
    from conference.people import CountryWidget

    assert CountryWidget(caribbean).clean(cell).code == code


def test_an_import_with_st_lucia_records_saint_lucia(organiser_client, caribbean):
    response = upload(organiser_client, caribbean, csv_file([["Ann", "ann@example.org", "St Lucia", ""]]), "csv")
    assert row_errors(response) == {}
    confirm = response.context["confirm_form"]
    organiser_client.post(PROCESS, {name: confirm[name].value() for name in confirm.fields})
    assert list(Participant.objects.values_list("full_name", "country__name")) == [("Ann", "Saint Lucia")]


def test_a_variant_matching_no_country_is_refused(caribbean):
    from conference.people import CountryWidget

    with pytest.raises(ValueError, match="“St Atlantis” is not a country or territory of this conference"):
        CountryWidget(caribbean).clean("St Atlantis")
