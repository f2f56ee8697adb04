from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from audit.models import ACTION_GROUPS, AuditEntry
from orgs import policy

PAGE_SIZE = 50


@policy.requires("audit.view")
def log(request: HttpRequest) -> HttpResponse:
    action = request.GET.get("action", "").strip()
    actor = request.GET.get("actor", "").strip()
    text = request.GET.get("object", "").strip()
    entries = AuditEntry.objects.search(action=action, actor=actor, text=text)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "action": action,
        "actor": actor,
        "object": text,
        "groups": ACTION_GROUPS,
    }
    return render(request, "audit/log.html", context)
