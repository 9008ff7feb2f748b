"""The public outcome as a PDF (WeasyPrint): an A4 cover, a contents page with page numbers, the outcome's content
as on its page, page numbers in the footer, the headings as bookmarks, the fonts embedded."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .outcome import compiled_line, title_of

STYLESHEET = "css/outcome-pdf.css"


def outcome_pdf(outcome, *, request=None):
    """The PDF's bytes, in the active language. Nothing is fetched from the network: a picture in a report's text
    is left out unless it is a data: URL (the cover's logos are given that way)."""
    html = render_to_string(
        "reports/outcome/pdf.html",
        {
            "outcome": outcome,
            "conference": outcome.conference,
            "title": title_of(outcome),
            "compiled_line": compiled_line(outcome),
        },
        request=request,
    )
    # Imported here: WeasyPrint loads Pango when imported, and a server without it should still serve every other page.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"})
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
