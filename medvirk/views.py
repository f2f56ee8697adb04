"""Site-wide pages: the home page per role, health check and error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from orgs import policy
from orgs.models import OrgUnit, Role


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    grants = policy.grants(user)
    by_role: dict[str, list[policy.Grant]] = {}
    for grant in grants:
        by_role.setdefault(grant.role, []).append(grant)
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in={g.unit_id for g in grants})}
    sections = [
        {
            "role": role,
            "label": Role(role).label if role in Role.values else None,
            "units": [(units[g.unit_id], g.subtree) for g in items if g.unit_id in units],
        }
        for role, items in by_role.items()
    ]
    context = {
        "sections": sections,
        "can_import": policy.can(user, "orgs.import"),
        "can_manage_roles": policy.can(user, "orgs.manage_roles"),
        "can_view_audit": policy.can(user, "audit.view"),
        "can_use_api": policy.may_use_api(user),
        "can_import_responses": policy.can(user, "surveys.import_responses"),
        "is_superuser": user.is_superuser,
        **_plans(user),
        "is_facilitator": policy.can(user, "meetings.facilitate"),
        "can_view_meetings": policy.can(user, "meetings.view"),
        "can_use_methods": policy.can(user, "meetings.use_methods"),
        "can_view_conversations": policy.can(user, "conversations.view"),
    }
    return render(request, "home.html", context)


def _plans(user: Any) -> dict[str, Any]:
    """Action plans on the home page: the plans of units the user works on (leaders,
    facilitators), and the agreed plan of the user's own unit."""
    from actions.models import ActionPlan, Measure

    person_id = getattr(user, "person_id", None)
    mine = (
        Measure.objects.open()
        .filter(responsible_person_id=person_id, plan__versions__isnull=False)
        .select_related("plan__unit")
        .distinct()
        .order_by("due", "pk")
        if person_id
        else Measure.objects.none()
    )
    editable = policy.units_for(user, "actions.edit_plan").filter(valid_to__isnull=True)
    own = [g.unit_id for g in policy.grants(user) if g.role == policy.MEMBER]
    plans = ActionPlan.objects.select_related("unit", "round")
    return {
        "can_follow_plans": policy.can(user, "actions.view_plan"),
        "plans_to_edit": list(plans.filter(unit__in=editable).order_by("unit__path")[:10]),
        "own_plans": list(plans.filter(unit_id__in=own, versions__isnull=False).distinct()),
        "my_measures": list(mine[:20]),
    }


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)
