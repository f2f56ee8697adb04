"""GET /people and /people/{employee_id}: the people the token's owner may see."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from api.endpoints import scope
from api.schemas import Error, PersonOut
from orgs import policy
from orgs.models import Person, PersonQuerySet

router = Router(tags=["people"])


class PeopleFilters(Schema):
    unit: str = ""
    subtree: bool = False
    q: str = ""
    include_left: bool = False


@router.get("/people", response={200: list[PersonOut], 401: Error, 403: Error, 404: Error})
@paginate(LimitOffsetPagination)
def list_people(request: HttpRequest, filters: Query[PeopleFilters]) -> PersonQuerySet:
    """People whose primary unit the token's owner may see people in, by name."""
    visible = policy.units_for(request.user, "orgs.view_people")
    people = Person.objects.filter(unit__in=visible).select_related("unit")
    if not filters.include_left:
        people = people.active()
    if filters.unit:
        unit = scope.current_unit(request.user, "orgs.view_people", filters.unit)
        people = people.in_subtree(unit) if filters.subtree else people.filter(unit=unit)
    if filters.q:
        people = people.search(filters.q)
    return people.order_by("family_name", "given_name", "employee_id")


@router.get("/people/{employee_id}", response={200: PersonOut, 401: Error, 403: Error, 404: Error})
def get_person(request: HttpRequest, employee_id: str) -> Person:
    return scope.person(request.user, employee_id)
