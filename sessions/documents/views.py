"""Serving a document's file, from the site's storage whatever it is (a disk, an S3-compatible store): with the
type recorded when it entered, a download name that stays, the caching headers of its row, and nothing a browser
would run. Organisers-only documents are a 404 to everyone but the organisers."""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from .models import DocumentFile

# Nothing in a served file may run, load or submit anything: a sandboxed, empty policy. PDFs open in the browser's
# own viewer, which a sandbox would block in some browsers: theirs allows nothing either but the viewer's styles.
FILE_POLICY = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"
PDF_POLICY = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'"


def may_read_private(user):
    return user.is_active and user.is_staff and user.has_perm("documents.view_document")


@require_safe
def serve_file(request, conference, pk, language, name):
    """One language version of a document, under the name it downloads as (an old name leads to the current one)."""
    file_row = get_object_or_404(
        DocumentFile.objects.select_related("document"),
        document_id=pk,
        document__conference__slug=conference,
        language=language,
    )
    private = not file_row.document.is_public
    if private and not may_read_private(request.user):
        raise Http404("No such document.")
    if name != file_row.download_name:
        return redirect("documents:file", conference=conference, pk=pk, language=language, name=file_row.download_name)
    etag = f'"{file_row.pk}-{int(file_row.uploaded_at.timestamp())}-{file_row.size}"'
    last_modified = int(file_row.uploaded_at.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        try:
            opened = file_row.file.open("rb")
        except (FileNotFoundError, OSError) as error:
            raise Http404("The document's file is missing from the storage.") from error
        response = FileResponse(
            opened,
            content_type=file_row.content_type,
            as_attachment=not file_row.is_inline,
            filename=file_row.download_name,
        )
        response["Content-Length"] = str(file_row.size)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PDF_POLICY if file_row.content_type == "application/pdf" else FILE_POLICY
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    if private:
        patch_cache_control(response, private=True, no_store=True)
    else:
        # Kept by phones and shared caches, but asked for again each time (a cheap 304 with the ETag): a file the
        # organisers make organisers-only or withdraw is gone at once, not an hour later.
        patch_cache_control(response, public=True, no_cache=True)
    return response
