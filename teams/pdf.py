"""PDF documents (team contract, facilitator guide) from HTML templates with WeasyPrint."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def render(template: str, context: dict[str, Any], request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML  # imported late: it loads fonts and native libraries

    html = render_to_string(template, context, request=request)
    base_url = request.build_absolute_uri("/") if request is not None else None
    return bytes(HTML(string=html, base_url=base_url).write_pdf())


def response(body: bytes, filename: str) -> HttpResponse:
    result = HttpResponse(body, content_type="application/pdf")
    result["Content-Disposition"] = f'attachment; filename="{filename}"'
    return result
