"""Unit milestones that mark progress-plan tasks done by themselves. Each app that owns a
step registers a checker: given a round and some units, which of them have reached it.
Built in here: fact sheets, the evaluation and the report released to staff; the meetings and
action-plan apps register theirs in their AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


def _fact_sheet(kind: str) -> Checker:
    def check(survey: SurveyRound, units: Sequence[OrgUnit]) -> set[int]:
        from progress.models import FactSheet

        return set(
            FactSheet.objects.filter(
                round=survey, kind=kind, completed=True, unit__in=list(units)
            ).values_list("unit_id", flat=True)
        )

    return check


def _report_released(survey: SurveyRound, units: Sequence[OrgUnit]) -> set[int]:
    from reports.models import StaffRelease

    return set(
        StaffRelease.objects.filter(round=survey, round_unit__unit__in=list(units)).values_list(
            "round_unit__unit_id", flat=True
        )
    )


register("fact_sheet", _fact_sheet("before"))
register("evaluation", _fact_sheet("after"))
register("report_released", _report_released)
