"""The material package of a meeting as one PDF (WeasyPrint, teams/pdf.py): the agenda with
times and roles, the unit report extract (supplied by the reports app, see
`report_extract`), the method cards used, in full, and a blank worksheet per method."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse

from meetings.models import Meeting, MethodCard
from teams import pdf


def report_extract(meeting: Meeting) -> Any:
    """The unit report extract for the meeting's unit and survey round, for the material
    package and the presenter view. HOOK for the reports app: return an object the template
    block `report_extract` in meetings/material_pdf.html renders; None leaves the section
    out (no report of the unit released to its employees yet)."""
    from reports import extract

    return extract.render(meeting.unit, meeting.round)


def methods_used(meeting: Meeting) -> list[MethodCard]:
    """The distinct method cards of the agenda, in agenda order."""
    seen: dict[int, MethodCard] = {}
    for row in meeting.agenda().rows:
        card = row.item.method
        if card is not None:
            seen.setdefault(card.pk, card)
    return list(seen.values())


def context(meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting": meeting,
        "agenda": meeting.agenda(),
        "participants": list(meeting.participants.select_related("person")),
        "cards": methods_used(meeting),
        "extract": report_extract(meeting),
    }


def render_pdf(meeting: Meeting, request: HttpRequest | None = None) -> bytes:
    return pdf.render("meetings/material_pdf.html", context(meeting), request)


def response(body: bytes, filename: str) -> HttpResponse:
    return pdf.response(body, filename)
