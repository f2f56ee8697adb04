"""GET /units and /units/{code}: the units the token's owner may view."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from api.endpoints import scope
from api.schemas import Error, UnitDetailOut, UnitOut
from orgs import policy
from orgs.models import OrgUnit, OrgUnitQuerySet, Person

router = Router(tags=["units"])


class UnitFilters(Schema):
    q: str = ""
    code: str = ""
    parent: str = ""
    include_removed: bool = False


@router.get("/units", response={200: list[UnitOut], 401: Error, 403: Error})
@paginate(LimitOffsetPagination)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> OrgUnitQuerySet:
    """Units the token's owner may view, in tree order."""
    units = policy.units_for(request.user, "orgs.view_unit").select_related("parent")
    if not filters.include_removed:
        units = units.current()
    if filters.q:
        units = units.search(filters.q)
    if filters.code:
        units = units.filter(code=filters.code)
    if filters.parent:
        units = units.filter(parent__code=filters.parent, parent__valid_to__isnull=True)
    return units.order_by("path", "pk")


@router.get("/units/{code}", response={200: UnitDetailOut, 401: Error, 403: Error, 404: Error})
def get_unit(request: HttpRequest, code: str) -> OrgUnit:
    """One current unit, with the codes of its current children (in scope) and people counts."""
    unit = scope.current_unit(request.user, "orgs.view_unit", code)
    visible = policy.units_for(request.user, "orgs.view_unit")
    children = unit.children.current().filter(pk__in=visible.values("pk")).order_by("code")
    unit.child_codes = list(children.values_list("code", flat=True))  # type: ignore[attr-defined]
    active = Person.objects.active()
    unit.people_count = active.filter(unit=unit).count()  # type: ignore[attr-defined]
    unit.people_in_subtree_count = active.in_subtree(unit).count()  # type: ignore[attr-defined]
    return unit
