"""Fetching one object for the API through the policy: 404 if unknown, 403 if out of scope."""

from __future__ import annotations

from typing import Any

from ninja.errors import HttpError

from orgs import policy
from orgs.models import OrgUnit, Person


def current_unit(user: Any, permission: str, code: str) -> OrgUnit:
    unit = OrgUnit.objects.current().select_related("parent").filter(code=code).first()
    if unit is None:
        raise HttpError(404, "No current unit has this code.")
    if not policy.can(user, permission, unit):
        raise HttpError(403, "This unit is outside your scope.")
    return unit


def person(user: Any, employee_id: str) -> Person:
    found = Person.objects.select_related("unit").filter(employee_id=employee_id).first()
    if found is None:
        raise HttpError(404, "No person has this employee id.")
    if not policy.can(user, "orgs.view_people", found.unit):
        raise HttpError(403, "This person is outside your scope.")
    return found
