"""Printable documents: a Django template rendered to PDF by WeasyPrint, or served as a download.

One look for every printed document (a person's plan, the roadmap reports): templates extend
`web/print/base.html`, which carries the print stylesheet inline, so WeasyPrint never fetches
anything over the network (the machine, and many county networks, have none).
"""

from __future__ import annotations

from django.http import HttpResponse
from django.template.loader import render_to_string

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _no_fetch(url: str, *args, **kwargs):
    raise ValueError(f"printed documents fetch nothing: {url}")


def render_pdf(template_name: str, context: dict) -> bytes:
    """The template rendered to PDF bytes (A4, fonts from the machine's fontconfig)."""
    from weasyprint import HTML  # imported late: pango loads only when a PDF is asked for

    html = render_to_string(template_name, context)
    return HTML(string=html, url_fetcher=_no_fetch).write_pdf()


def download(content: bytes, *, filename: str, content_type: str) -> HttpResponse:
    """A response that saves `content` as `filename` (ASCII-safe name; Swedish letters kept in
    filename*) and is never cached: printed documents hold personal or unpublished data."""
    from urllib.parse import quote

    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    )
    response["Cache-Control"] = "no-store"
    return response


def pdf_response(template_name: str, context: dict, *, filename: str) -> HttpResponse:
    return download(
        render_pdf(template_name, context), filename=filename, content_type=PDF_CONTENT_TYPE
    )
