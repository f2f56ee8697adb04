"""Unit milestones that mark progress-plan tasks done by themselves. Each app that owns a
step registers a checker: given a round and some units, which of them have reached it.
Built in here: fact sheets, the evaluation and the report released to staff; the meetings and
action-plan apps register theirs in their AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import QuerySet

from orgs.models import OrgUnit
from surveys.models import SurveyRound

Checker = Callable[[SurveyRound, Sequence[OrgUnit]], set[int]]

_CHECKERS: dict[str, Checker] = {}


def register(milestone: str, checker: Checker) -> None:
    _CHECKERS[milestone] = checker


def is_known(milestone: str) -> bool:
    return milestone in _CHECKERS


def done_units(milestone: str, survey: SurveyRound, units: Sequence[OrgUnit]) -> set[int]:
    """Ids of the units (among `units`) that have reached the milestone; none when no app
    has registered it yet."""
    checker = _CHECKERS.get(milestone)
    return checker(survey, units) if checker else set()


# Up to this many units a checker filters by unit id in the database; above it, it reads the
# round's rows and keeps those of the units: building an IN list of 1,100 ids costs more than
# the rows (a round has a few per unit).
FEW_UNITS = 100


def unit_ids(rows: QuerySet[Any], units: Sequence[OrgUnit], field: str = "unit_id") -> set[int]:
    """The values of `field` (a unit id) in `rows` (one round's) that are ids of `units`."""
    ids = {u.id for u in units}
    if len(ids) <= FEW_UNITS:
        rows = rows.filter(**{f"{field}__in": ids})
    return {value for value in rows.order_by().values_list(field, flat=True) if value in ids}


def _fact_sheet(kind: str) -> Checker:
    def check(survey: SurveyRound, units: Sequence[OrgUnit]) -> set[int]:
        from progress.models import FactSheet

        return unit_ids(FactSheet.objects.filter(round=survey, kind=kind, completed=True), units)

    return check


def _report_released(survey: SurveyRound, units: Sequence[OrgUnit]) -> set[int]:
    from reports.models import StaffRelease

    return unit_ids(StaffRelease.objects.filter(round=survey), units, "round_unit__unit_id")


register("fact_sheet", _fact_sheet("before"))
register("evaluation", _fact_sheet("after"))
register("report_released", _report_released)
