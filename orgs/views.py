"""The org browser: a searchable, expandable tree and a page per unit."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from actions.models import ActionPlan
from orgs import policy
from orgs.models import OrgUnit, OrgUnitQuerySet, Person, RoleAssignment

SEARCH_LIMIT = 100


def _with_counts(units: OrgUnitQuerySet) -> OrgUnitQuerySet:
    return units.annotate(
        child_count=Count("children", filter=Q(children__valid_to__isnull=True), distinct=True)
    )


@require_safe
@policy.requires("orgs.view_unit")
def browse(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    if query:
        matches = policy.units_for(request.user, "orgs.view_unit").current().search(query)
        results = list(matches.select_related("parent")[: SEARCH_LIMIT + 1])
        context = {
            "query": query,
            "results": results[:SEARCH_LIMIT],
            "more": len(results) > SEARCH_LIMIT,
        }
        return render(request, "orgs/browse.html", context)
    roots = policy.visible_roots(request.user)
    units = list(
        _with_counts(OrgUnit.objects.filter(pk__in=[r.pk for r in roots])).order_by("path")
    )
    return render(request, "orgs/browse.html", {"query": "", "units": units})


@require_safe
@policy.requires("orgs.view_unit")
def unit_children(request: HttpRequest, uid: str) -> HttpResponse:
    unit = policy.get_unit(request.user, "orgs.view_unit", uid)
    units = _with_counts(unit.children.current()).order_by("code")
    visible = policy.units_for(request.user, "orgs.view_unit")
    units = units.filter(pk__in=visible.values("pk"))
    return render(request, "orgs/browse.html#tree-children", {"units": units})


@require_safe
@policy.requires("orgs.view_unit")
def unit_detail(request: HttpRequest, uid: str) -> HttpResponse:
    unit = policy.get_unit(request.user, "orgs.view_unit", uid)
    people_in_subtree = Person.objects.active().in_subtree(unit)
    children = _with_counts(unit.children.current()).annotate(
        people_count=Count("people", filter=Q(people__left_on__isnull=True), distinct=True)
    )
    roles = (
        RoleAssignment.objects.active()
        .filter(unit=unit)
        .select_related("person")
        .order_by("role", "person__family_name")
    )
    may_see_people = policy.can(request.user, "orgs.view_people", unit)
    may_run_live = unit.is_current and policy.can(request.user, "live.run", unit)
    people_page = None
    if may_see_people:
        paginator = Paginator(unit.people.active().order_by("family_name", "given_name"), 50)
        people_page = paginator.get_page(request.GET.get("page"))
    context = {
        "unit": unit,
        "may_run_live": may_run_live,
        # Breadcrumbs link only to the units the user may open; the rest are plain names.
        "ancestors": [(a, policy.can(request.user, "orgs.view_unit", a)) for a in unit.ancestors()],
        "children": children.order_by("code"),
        "openable_children": set(
            policy.units_for(request.user, "orgs.view_unit")
            .filter(parent=unit)
            .values_list("pk", flat=True)
        ),
        "direct_count": unit.people.active().count(),
        "subtree_count": people_in_subtree.count(),
        "roles": roles,
        "people_page": people_page,
        "may_see_people": may_see_people,
        "can_manage_roles": policy.can(request.user, "orgs.manage_roles"),
        "may_see_plans": policy.can(request.user, "actions.view_plan", unit)
        or (
            policy.can(request.user, "actions.view_agreed_plan", unit)
            and ActionPlan.objects.filter(unit=unit, versions__isnull=False).exists()
        ),
    }
    return render(request, "orgs/unit_detail.html", context)
