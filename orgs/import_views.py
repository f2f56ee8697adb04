"""Upload page for the organisation import: upload, preview the changes, confirm."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from orgs import policy


@policy.requires("orgs.import")
def upload(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/import.html", {})
