"""The respondent surface: no login, a personal link, nothing that identifies the answers."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def start(request: HttpRequest, token: str) -> HttpResponse:
    return render(request, "respond/start.html", {})
