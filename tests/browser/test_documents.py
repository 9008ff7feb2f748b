"""Documents in the browser, at 360 px and on a desktop: a delegate downloads the concept note from the programme and
a session's slides from the session page, in French where there is a French version; the files a delegate opened
read offline; an organiser uploads, replaces and withdraws a document in the console; hostile or oversized files are
refused with a message, and nothing is stored."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from sessions.documents import services
from sessions.documents.models import Document, DocumentFile
from sessions.models import Segment, SegmentKind
from tests.documents import samples

from .conftest import DESKTOP, PHONE, log_in

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
NOTE = {"en": samples.docx_bytes("The note in English"), "fr": samples.docx_bytes("La note en français")}
SLIDES = {"en": samples.pptx_bytes("Slides in English"), "fr": samples.pptx_bytes("Diapositives en français")}


def publish(conference, title, files, **place):
    (language, data), *others = files.items()
    document = services.create_document(
        conference=conference,
        title=title,
        kind=place.pop("kind", "other"),
        language=language,
        upload=samples.upload(f"{title}.bin", data),
        **place,
    )
    for language, data in others:
        services.put_file(document=document, language=language, upload=samples.upload(f"{title}.bin", data))
    return document


@pytest.fixture
def published(loaded):
    """A concept note of the conference and the first presentation's slides in session 1, each in English and French."""
    from conference.models import Conference

    conference = Conference.objects.get()
    segment = Segment.objects.filter(session__number=1, kind=SegmentKind.PRESENTATION).order_by("position").first()
    return {
        "note": publish(conference, "Concept note of the test", NOTE, kind="concept_note"),
        "slides": publish(conference, "First presentation slides", SLIDES, kind="slides", segment=segment),
    }


def downloaded(page, link):
    """Click the link (a locator) and return the downloaded file's (name, bytes)."""
    with page.expect_download() as download:
        link.click()
    return download.value.suggested_filename, Path(download.value.path()).read_bytes()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_a_delegate_downloads_the_concept_note_and_the_slides_in_french(browser, live_server, published, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=live_server.url)
    page = context.new_page()
    page.goto("/fr/caribbean/")
    expect(page.get_by_role("heading", name="Documents")).to_be_visible()
    name, data = downloaded(page, page.get_by_role("link", name="Concept note of the test"))
    assert (name, data) == ("concept-note-of-the-test.docx", NOTE["fr"])
    page.goto("/fr/caribbean/sessions/1/")
    slides = page.locator(".timeline").get_by_role("link", name="First presentation slides")
    expect(slides).to_be_visible()
    name, data = downloaded(page, slides)
    assert (name, data) == ("first-presentation-slides.pptx", SLIDES["fr"])
    # The English version is beside it.
    name, data = downloaded(page, page.locator(".timeline").get_by_role("link", name="English"))
    assert data == SLIDES["en"]
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEWPORTS[viewport]["width"]
    context.close()


def test_the_files_a_delegate_opened_read_offline(browser, live_server, published):
    # bypass_csp: wait_for_function evaluates its predicate, which the site's policy refuses (see test_delegates.py).
    context = browser.new_context(viewport=PHONE, base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    page.goto("/caribbean/sessions/1/")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    page.reload()  # now through the service worker, which keeps the page
    slides = page.locator(".timeline").get_by_role("link", name="First presentation slides")
    _name, online = downloaded(page, slides)
    slides_url = slides.get_attribute("href")
    kept = """async (path) => {
        const cache = await caches.open("delegate-files-v1");
        return Boolean(await cache.match(new URL(path, location.href).href));
    }"""
    page.wait_for_function(kept, arg=slides_url)
    context.set_offline(True)
    page.reload()
    expect(page.locator(".offline-note")).to_be_visible()
    _name, offline = downloaded(page, slides)
    assert offline == online == SLIDES["en"]
    context.close()


@pytest.fixture
def console(browser, live_server, loaded, organiser_login, request):
    viewport = VIEWPORTS[getattr(request, "param", "desktop")]
    context = browser.new_context(viewport=viewport, base_url=live_server.url)
    page = context.new_page()
    log_in(page, organiser_login, next_url="/caribbean/organisers/")
    page.get_by_role("link", name="Documents").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Documents")
    yield page
    context.close()


def add_document(page, title, name, data, *, place="The whole conference", language="English"):
    page.get_by_label("Title").fill(title)
    page.get_by_label("Kind").select_option(label="Background paper")
    page.get_by_label("Attached to").select_option(label=place)
    page.get_by_label("Language of the file").select_option(label=language)
    page.locator("input[name=file]").set_input_files({"name": name, "mimeType": "application/pdf", "buffer": data})
    page.get_by_role("button", name="Add the document").click()


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(path.name for path in root.rglob("*") if path.is_file()) if root.exists() else []


@pytest.mark.parametrize("console", VIEWPORTS, indirect=True)
def test_an_organiser_uploads_replaces_and_withdraws_a_document(console):
    page = console
    add_document(page, "A background paper of the test", "paper.pdf", samples.pdf_bytes("first"))
    expect(page.locator(".alert-success")).to_have_text("“A background paper of the test” is added.")
    page.get_by_role("link", name="A background paper of the test").click()
    expect(page.locator(".document-files tbody tr")).to_have_count(1)
    page.locator("select[name=language]").select_option(label="English")
    page.locator("input[name=file]").set_input_files(
        {"name": "paper-2.pdf", "mimeType": "application/pdf", "buffer": samples.pdf_bytes("second")}
    )
    page.get_by_role("button", name="Upload").click()
    expect(page.locator(".alert-success")).to_have_text("The English file is replaced.")
    file_row = DocumentFile.objects.get()
    with file_row.file.open("rb") as stored:
        assert stored.read() == samples.pdf_bytes("second")
    assert stored_files() == ["paper-2.pdf"]  # the first file left the storage
    page.get_by_role("link", name="Withdraw this document").click()
    page.get_by_role("button", name="Yes, withdraw it").click()
    expect(page.locator(".alert-success")).to_have_text(
        "“A background paper of the test” is withdrawn: its files are deleted."
    )
    assert (Document.objects.count(), stored_files()) == (0, [])


HOSTILE = [
    ("page.html", samples.HTML, "This file is a web page or a drawing (HTML, SVG, XML)"),
    ("drawing.svg", samples.SVG_WITH_SCRIPT, "This file is a web page or a drawing (HTML, SVG, XML)"),
    ("slides.pdf", samples.EXECUTABLE, "This file is a program, not a document: it is not accepted."),
]


def test_hostile_and_oversized_files_are_refused_and_nothing_is_stored(console, settings):
    page = console
    for name, data, message in HOSTILE:
        add_document(page, "Kept title", name, data)
        expect(page.locator(".invalid-feedback, .errorlist").first).to_contain_text(message)
        expect(page.get_by_label("Title")).to_have_value("Kept title")
    settings.MAX_DOCUMENT_BYTES = 1000
    add_document(page, "Kept title", "large.pdf", samples.pdf_bytes("x" * 2000))
    expect(page.locator(".invalid-feedback, .errorlist").first).to_contain_text(
        re.compile(r"The file has 2\.\d\xa0KB; documents of at most 1000\xa0bytes are accepted\.")
    )
    assert (Document.objects.count(), DocumentFile.objects.count(), stored_files()) == (0, 0, [])


def serious_violations(page):
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], [node["target"] for node in violation["nodes"]])
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


def test_the_documents_pass_axe_and_fit_a_phone(browser, live_server, published, organiser_login, axe):
    """axe-core on the pages that show documents (programme, session) in English and French, and on the console's
    documents pages, at phone and desktop width; nothing scrolls sideways on the phone."""
    found = {}
    for label, viewport in VIEWPORTS.items():
        context = browser.new_context(viewport=viewport, base_url=live_server.url)
        context.add_init_script(script=axe)
        page = context.new_page()
        log_in(page, organiser_login, next_url="/caribbean/organisers/documents/")
        document = published["note"].pk
        for path in (
            "/caribbean/organisers/documents/",
            f"/caribbean/organisers/documents/{document}/",
            f"/caribbean/organisers/documents/{document}/withdraw/",
        ):
            page.goto(path)
            found[label, path] = (serious_violations(page), page.evaluate("document.documentElement.scrollWidth"))
        page.context.clear_cookies()  # the public pages as a delegate sees them
        for path in ("/caribbean/", "/fr/caribbean/", "/caribbean/sessions/1/", "/fr/caribbean/sessions/1/"):
            page.goto(path)
            found[label, path] = (serious_violations(page), page.evaluate("document.documentElement.scrollWidth"))
        context.close()
    assert {key: violations for key, (violations, _width) in found.items() if violations} == {}
    assert {key: width for key, (_v, width) in found.items() if width > VIEWPORTS[key[0]]["width"]} == {}
