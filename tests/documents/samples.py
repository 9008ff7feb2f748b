"""Files of every kind a document upload may meet, made here (no file of any real conference): the accepted ones
and the hostile ones."""

import io
import zipfile

import docx
import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile


def pdf_bytes(text="A test document"):
    """A one-page PDF that readers open, with `text` on it."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def png_bytes():
    """A 1×1 PNG."""
    return bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
    )


def docx_bytes(text="A paragraph"):
    document = docx.Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_bytes():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "A cell"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def zipped(parts):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


def content_types(main):
    return (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        f'content-types"><Override PartName="/ppt/presentation.xml" ContentType="{main}"/></Types>'
    ).encode()


def pptx_bytes(text="A slide"):
    main = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
    return zipped({"[Content_Types].xml": content_types(main), "ppt/presentation.xml": f"<p>{text}</p>".encode()})


def pptm_bytes():
    """A PowerPoint file with macros: its main part is of another type."""
    return zipped(
        {"[Content_Types].xml": content_types("application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml")}
    )


def odt_bytes():
    return zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})


def plain_zip_bytes():
    return zipped({"readme.txt": b"Just a zip"})


def zip_bomb_bytes():
    """An OpenDocument file whose one part inflates a thousand times."""
    return zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"\0" * (2 * 1024 * 1024)})


HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
SVG_WITH_SCRIPT = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><circle r="4"/></svg>'
EXECUTABLE = b"MZ" + b"\x90\x00" * 40 + b"This program cannot be run in DOS mode" + b"\0" * 64
ELF = b"\x7fELF\x02\x01\x01" + b"\0" * 80
SCRIPT = b"#!/bin/sh\necho hello\n"


def upload(name, data, content_type="application/octet-stream"):
    """An uploaded file as Django hands it to a form; the declared type (the browser's guess) counts for nothing."""
    return SimpleUploadedFile(name, data, content_type=content_type)
