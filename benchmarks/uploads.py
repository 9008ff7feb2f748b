"""Hostile uploads refused quickly and in little memory: an Excel workbook whose one cell inflates to 300 million
characters (a zip bomb of some 300 KB), and a JSON file for "Create from a file" over the size limit; then the worst
each check lets through to the next: a workbook inflating to just under its limit (refused for its long cell once
read), and a JSON file just under the size limit with 100,000 records (refused for their number once parsed).

Each file is written to a temporary folder (streamed: this process stays small), then handed in a fresh Python
process to the checks the admin runs on an upload before it imports anything (conference/people.py,
groups/forms.py and groups/conference_file.py). That process prints how long the refusal took and its own peak
memory (resident set size); this one prints them:

    .venv/bin/python -m benchmarks.uploads

tests/conference/test_uploads.py runs the same measurement and asserts under 5 s and under 600 MB.
"""

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHUNK = 1024 * 1024

WORKBOOK_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        'Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>email</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>country</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>'
)
SHEET_END = (
    '</t></is></c><c r="B2" t="inlineStr"><is><t>ann@example.org</t></is></c>'
    '<c r="C2" t="inlineStr"><is><t>Jamaica</t></is></c></row></sheetData></worksheet>'
)


def write_zip_bomb(path, characters):
    """An Excel workbook of one person whose name is `characters` letters long, written part by part: a few hundred
    kilobytes on disk for 300 million characters, and never all of them in this process's memory."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in WORKBOOK_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.encode())
            block = b"a" * CHUNK
            for _ in range(characters // CHUNK):
                sheet.write(block)
            sheet.write(b"a" * (characters % CHUNK))
            sheet.write(SHEET_END.encode())
    return path


def write_dense_workbook(path, megabytes):
    """An Excel workbook of one person whose name is `megabytes` MB of letters, one in 64 of them random: it inflates
    some 44 times, within the ratio the check allows, so that openpyxl reads it all before the cell is refused."""
    rng = random.Random(1)  # noqa: S311 -- test data, not secrets
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in WORKBOOK_PARTS.items():
            archive.writestr(name, text)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.encode())
            for _ in range(megabytes):
                block = bytearray(b"a" * CHUNK)
                for index in range(0, CHUNK, 64):
                    block[index] = rng.randrange(ord("a"), ord("z") + 1)
                sheet.write(bytes(block))
            sheet.write(SHEET_END.encode())
    return path


def write_many_records(path, size):
    """A conference file of some `size` bytes of tiny records: far more than one import takes."""
    record = json.dumps({"model": "groups.breakoutgroup", "fields": {"conference": ["many"], "number": 1}})
    conference = json.dumps({"model": "conference.conference", "fields": {"slug": "many"}})
    with open(path, "w") as file:
        file.write(f"[{conference}")
        for _ in range(size // (len(record) + 2)):
            file.write(f", {record}")
        file.write("]")
    return path


def write_large_json(path, size):
    """A conference file of at least `size` bytes: the conference, with an aim as long as it takes."""
    start = json.dumps([{"model": "conference.conference", "fields": {"slug": "large", "aim": ""}}])[:-4]
    with open(path, "w") as file:
        file.write(start)
        block = "a" * CHUNK
        for _ in range(size // CHUNK + 1):
            file.write(block)
        file.write('"}}]')
    return path


def refuse(kind, path):
    """Run the admin's checks of an upload of `kind` ("xlsx" people, "json" conference file) on the file at `path`,
    in this process: the outcome in words."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conference.settings")
    django.setup()
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import UploadedFile

    with open(path, "rb") as file:
        upload = UploadedFile(file, name=Path(path).name, size=os.path.getsize(path))
        if kind == "xlsx":
            from conference.people import BoundedXLSX, check_people_file

            try:
                check_people_file(upload, BoundedXLSX)
                BoundedXLSX().create_dataset(upload.read())
            except ValidationError as error:
                return "refused: " + " ".join(error.messages)
            return "accepted"
        from groups.conference_file import FileRefused, read_records
        from groups.forms import ConferenceFileForm

        form = ConferenceFileForm({"slug": ""}, {"file": upload})
        if not form.is_valid():
            return "refused: " + " ".join(form.errors["file"])
        try:
            read_records(form.cleaned_data["file"].read())
        except FileRefused as refused:
            return "refused: " + " ".join(refused.errors[0].messages)
        return "accepted"


def measure(kind, path):
    """(outcome, seconds, peak resident memory in MB) of refusing the file at `path` in a fresh process."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}  # the checks use no database
    child = subprocess.run(  # noqa: S603 -- this interpreter on a file this process wrote
        [sys.executable, "-m", "benchmarks.uploads", "--child", kind, str(path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    outcome, seconds, peak = child.stdout.strip().splitlines()[-1].split("\t")
    return outcome, float(seconds), float(peak)


def child(kind, path):
    started = time.perf_counter()
    outcome = refuse(kind, path)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    print(f"{outcome}\t{seconds:.3f}\t{peak:.0f}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--characters", type=int, default=300_000_000, help="the zip bomb's cell (300 million)")
    parser.add_argument("--json-mb", type=int, default=300, help="the JSON file's size in MB (300)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.child:
        child(*options.child)
        return
    with tempfile.TemporaryDirectory() as folder:
        files = [
            ("xlsx", write_zip_bomb(Path(folder) / "people.xlsx", options.characters)),
            ("xlsx", write_dense_workbook(Path(folder) / "dense.xlsx", 19)),
            ("json", write_large_json(Path(folder) / "conference.json", options.json_mb * CHUNK)),
            ("json", write_many_records(Path(folder) / "many.json", 5 * CHUNK - 1024)),
        ]
        for kind, path in files:
            outcome, seconds, peak = measure(kind, path)
            size = os.path.getsize(path) / 1024
            print(f"{kind}: {size:,.0f} KB: {outcome}")
            print(f"    {seconds:.2f} s, peak memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
