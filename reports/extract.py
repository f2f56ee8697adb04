"""A short extract of a unit's released report — the indices with their means and comparisons
— for the material package and presenter view of the unit's meetings. Only once the leader
has released the report to the unit's employees: the meeting's participants and the projector
then show nothing they could not read themselves."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from orgs.models import OrgUnit
from reports import access
from reports.models import ReleaseStatus, StaffRelease, UnitReport
from reports.overview import columns_of
from reports.reasons import reason_text
from respond.questionnaire import questionnaire_for
from surveys.models import SurveyRound


def unit_report(unit: OrgUnit, survey: SurveyRound | None) -> UnitReport | None:
    """The current released report of the unit in `survey` (or in the latest round whose
    report of this unit was released to its employees)."""
    released = StaffRelease.objects.filter(round_unit__unit=unit)
    if survey is not None:
        released = released.filter(round=survey)
    for staff in released.select_related("round", "round_unit").order_by("-round__closes_on"):
        current = access.current_release(staff.round)
        if current is not None and current.status == ReleaseStatus.PUBLISHED:
            report = current.units.filter(round_unit=staff.round_unit).first()
            if report is not None:
                return report
    return None


def rows(report: UnitReport) -> list[dict[str, Any]]:
    release = report.release
    result = []
    for column in columns_of(questionnaire_for(release.round)):
        cell = report.data["cells"].get(column.code, {})
        hidden = cell.get("hidden", "")
        mean, previous = cell.get("mean"), cell.get("prev")
        result.append(
            {
                "dimension": column.dimension,
                "title": column.title,
                "mean": mean,
                "parent": cell.get("parent"),
                "previous": previous,
                "change": round(mean - previous, 2)
                if mean is not None and previous is not None
                else None,
                "favourable": cell.get("fav"),
                "hidden": reason_text(hidden, release.thresholds),
            }
        )
    return result


def render(unit: OrgUnit, survey: SurveyRound | None) -> SafeString | None:
    report = unit_report(unit, survey)
    if report is None:
        return None
    context = {"report": report, "rows": rows(report), "round": report.release.round}
    return SafeString(render_to_string("reports/parts/extract.html", context))
