"""Fetching one object for the API through the policy: 404 if unknown, 403 if out of scope."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from ninja.errors import HttpError

from orgs import policy
from orgs.models import OrgUnit, Person
from surveys.models import SurveyRound


def survey_round(uid: Any) -> SurveyRound:
    found = SurveyRound.objects.select_related("instrument", "scope").filter(uid=uid).first()
    if found is None:
        raise HttpError(404, "No round has this id.")
    return found


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


# The roll-up: the rules of its pages (orgs/policy.py).
def may_read_overviews(user: Any) -> bool:
    return any(policy.can(user, permission) for permission in policy.OVERVIEW_READERS)


def overviews_visible(user: Any, prefix: str = "") -> Q:
    return policy.overviews_for(user, prefix)
