"""Role management for administrators: search people, assign, end, bulk assign from CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from orgs import policy


@policy.requires("orgs.manage_roles")
def roles(request: HttpRequest) -> HttpResponse:
    return render(request, "orgs/roles.html", {})
