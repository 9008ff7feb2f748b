"""The public outcome as a PDF (WeasyPrint): an A4 cover, a contents page with page numbers, the outcome's content
as on its page, page numbers in the footer, the headings as bookmarks, the fonts embedded."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from conference.logos import copy_for_print

from .outcome import compiled_line, title_of

STYLESHEET = "css/outcome-pdf.css"


# The base the PDF's relative addresses resolve against: nothing is ever fetched from it (see outcome_pdf).
BASE_URL = "https://outcome.invalid/"


def outcome_pdf(outcome, *, request=None):
    """The PDF's bytes, in the active language. Nothing is fetched from the network: the cover's logos are read from
    the storage (conference.logos.copy_for_print), and any other picture in a report's text is left out unless it is
    a data: URL."""
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
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class LogoFetcher(URLFetcher):
        """A logo's copy from the storage; data: URLs as WeasyPrint reads them; nothing else."""

        def fetch(self, url, headers=None):
            copy = copy_for_print(url)
            if copy is not None:
                return URLFetcherResponse(url, body=copy["string"], headers={"Content-Type": copy["mime_type"]})
            return super().fetch(url, headers)

    fetcher = LogoFetcher(allowed_protocols={"data"})
    stylesheet = CSS(filename=finders.find(STYLESHEET), url_fetcher=fetcher)
    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
