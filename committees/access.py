"""Who may report on which part of a round, and fetching a frozen report for a view. Every
check goes through orgs.policy."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404

from orgs import policy
from orgs.models import OrgUnit
from surveys.models import SurveyRound

from .models import Committee, CommitteeReport


def _in_round(survey: SurveyRound) -> Any:
    return survey.units.exclude(unit=None).values("unit_id")


def round_units(survey: SurveyRound) -> list[OrgUnit]:
    """The round's units as they are now (the units the progress dashboard shows), in tree
    order."""
    return list(OrgUnit.objects.filter(pk__in=_in_round(survey)).order_by("path"))


def choosable(user: Any, survey: SurveyRound, permission: str = "committees.view") -> list[OrgUnit]:
    """The units of the round the user may report on: those in scope for `permission` whose
    whole subtree in the round is in scope too (a report counts everything below its unit)."""
    units = round_units(survey)
    allowed = set(
        policy.units_for(user, permission)
        .filter(pk__in=_in_round(survey))
        .values_list("pk", flat=True)
    )
    blocked: set[int] = set()
    for unit in units:
        if unit.pk not in allowed:
            blocked.update(unit.ancestor_ids)
    return [u for u in units if u.pk in allowed and u.pk not in blocked]


def subtree(units: list[OrgUnit], root: OrgUnit) -> list[OrgUnit]:
    return [u for u in units if u.path.startswith(root.path)]


def may_read(user: Any, report: CommitteeReport) -> bool:
    """Every report on a unit in `committees.view` scope; the IDF meeting's reports also on a
    unit in `committees.read_idf` scope (the union representatives)."""
    return policy.can(user, "committees.view", report.unit) or (
        report.committee == Committee.IDF and policy.can(user, "committees.read_idf", report.unit)
    )


def _report(uid: Any) -> CommitteeReport:
    return get_object_or_404(CommitteeReport.objects.select_related("round", "unit"), uid=uid)


def get_report(user: Any, permission: str, uid: Any) -> CommitteeReport:
    """A frozen report by its public id: 404 if unknown, 403 if the user lacks `permission` on
    its unit."""
    report = _report(uid)
    if not policy.can(user, permission, report.unit):
        raise PermissionDenied
    return report


def get_readable_report(user: Any, uid: Any) -> CommitteeReport:
    """A frozen report by its public id that the user may read (`may_read`)."""
    report = _report(uid)
    if not may_read(user, report):
        raise PermissionDenied
    return report


def reports_for(user: Any, survey: SurveyRound) -> list[CommitteeReport]:
    """The round's frozen reports the user may read (`may_read`), newest first, with their
    discussions."""
    readable = Q(unit__in=policy.units_for(user, "committees.view")) | Q(
        committee=Committee.IDF, unit__in=policy.units_for(user, "committees.read_idf")
    )
    return list(
        CommitteeReport.objects.filter(readable, round=survey)
        .select_related("unit")
        .prefetch_related("discussions")
        .order_by("-number")
    )
