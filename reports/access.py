"""Who may read which released report. The decisions are the policy module's permissions
("reports.view_unit", "reports.view_released", "reports.view_overview"); this module applies
them to a round's frozen units, which are judged by the live unit they were frozen from."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from audit.models import record
from orgs import policy
from reports.models import Release, ReleaseStatus, StaffRelease, UnitReport
from surveys.models import RoundUnit, SurveyRound


def current_release(survey: SurveyRound) -> Release | None:
    return survey.releases.filter(status=ReleaseStatus.PUBLISHED).order_by("-number").first()


def released_to_staff(round_unit: RoundUnit) -> bool:
    return StaffRelease.objects.filter(round_unit=round_unit).exists()


def can_view(user: Any, round_unit: RoundUnit, *, staff_released: bool | None = None) -> bool:
    """The unit's report: leaders, HR, top management, administrators, safety
    representatives and facilitators in scope; the unit's own employees once released."""
    unit = round_unit.unit
    if unit is None:  # the live unit is gone: only institution-wide readers
        return policy.can(user, "reports.release")
    if policy.can(user, "reports.view_unit", unit):
        return True
    if not policy.can(user, "reports.view_released", unit):
        return False
    return released_to_staff(round_unit) if staff_released is None else staff_released


def can_release_to_staff(user: Any, round_unit: RoundUnit) -> bool:
    unit = round_unit.unit
    return unit is not None and policy.can(user, "reports.release_to_staff", unit)


def can_view_overview(user: Any, round_unit: RoundUnit) -> bool:
    unit = round_unit.unit
    return unit is not None and policy.can(user, "reports.view_overview", unit)


def visible_units(user: Any, survey: SurveyRound) -> QuerySet[RoundUnit]:
    """The round's frozen units whose report the user may read."""
    units = survey.units.select_related("unit")
    if policy.can(user, "reports.release"):
        return units
    scoped = policy.units_for(user, "reports.view_unit")
    released = StaffRelease.objects.filter(round=survey).values("round_unit_id")
    own = policy.units_for(user, "reports.view_released")
    return units.filter(unit__in=scoped) | units.filter(unit__in=own, pk__in=released)


def get_unit_report(user: Any, survey: SurveyRound, code: str) -> tuple[Release, UnitReport]:
    """The current release's report of a unit, or 404 (no release, unknown unit) / 403."""
    release = current_release(survey)
    if release is None:
        raise Http404
    report = (
        UnitReport.objects.select_related("round_unit__unit")
        .filter(release=release, code=code)
        .first()
    )
    if report is None:
        raise Http404
    if not can_view(user, report.round_unit):
        raise PermissionDenied
    return release, report


def log_view(user: Any, survey: SurveyRound, *, what: str, unit: str = "", **data: Any) -> None:
    """Every report view and download goes into the audit log (DESIGN §3 trust)."""
    record(f"reports.{what}", actor=user, obj=survey, data={"unit": unit, **data})


def reads_any_report(user: Any) -> bool:
    """For the main menu: may the user read some unit's report (without asking which)?"""
    if policy.can(user, "reports.view_unit"):
        return True
    own = policy.units_for(user, "reports.view_released")
    return StaffRelease.objects.filter(round_unit__unit__in=own).exists()
