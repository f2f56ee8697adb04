"""Above / this unit / below (issue 6, item 1): for one unit and survey round, the action plans
of the units above it, its own, and every unit below it in the reader's scope — agreed or
not, with SMART status and progress — and the measures its sub-units escalated."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from actions import services
from actions.models import ActionPlan, Measure, MeasureStatus
from orgs import policy
from orgs.models import OrgUnit
from surveys.models import SurveyRound

MEASURES = Prefetch("measures", queryset=Measure.objects.select_related("responsible_person"))


@dataclass
class PlanRow:
    unit: OrgUnit
    depth: int
    plan: ActionPlan | None
    measures: int = 0
    done: int = 0
    failing: int = 0  # measures that fail a SMART criterion (reasons may be recorded)
    escalated: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @property
    def percent_done(self) -> int | None:
        return round(100 * self.done / self.measures) if self.measures else None


@dataclass
class RollUp:
    unit: OrgUnit
    round: SurveyRound | None
    above: list[PlanRow]
    here: PlanRow
    below: list[PlanRow]
    escalated: list[Measure]


def _row(unit: OrgUnit, depth: int, plan: ActionPlan | None) -> PlanRow:
    row = PlanRow(unit, depth, plan)
    if plan is None:
        return row
    measures = list(plan.measures.all())  # prefetched with their responsible person
    counts = Counter(m.status for m in measures)
    row.escalated = sum(m.within_authority is False for m in measures)
    row.by_status = dict(counts)
    row.measures = len(measures)
    row.done = counts.get(MeasureStatus.DONE, 0)
    row.failing = len(services.failing_measures(plan, measures=measures))
    return row


def build(user: Any, unit: OrgUnit, survey: SurveyRound | None) -> RollUp:
    plans = {
        p.unit_id: p
        for p in ActionPlan.objects.filter(round=survey, unit__path__startswith=unit.path)
        .select_related("unit", "round")
        .prefetch_related(MEASURES)
    }
    ancestors = list(
        OrgUnit.objects.filter(
            pk__in=[int(i) for i in unit.path.strip("/").split("/")[:-1]]
        ).order_by("depth")
    )
    above_plans = {
        p.unit_id: p
        for p in ActionPlan.objects.filter(round=survey, unit__in=ancestors).prefetch_related(
            MEASURES
        )
    }
    above = [
        _row(a, a.depth - unit.depth, above_plans.get(a.pk))
        for a in ancestors
        if policy.can(user, "actions.view_agreed_plan", a)
    ]
    visible = policy.units_for(user, "actions.view_plan")
    below_units = (
        visible.filter(path__startswith=unit.path, valid_to__isnull=True)
        .exclude(pk=unit.pk)
        .order_by("path")
    )
    below = [_row(u, u.depth - unit.depth, plans.get(u.pk)) for u in below_units]
    escalated = list(
        Measure.objects.filter(
            plan__round=survey,
            plan__unit__in=[r.unit for r in below],
            within_authority=False,
        )
        .exclude(status=MeasureStatus.DROPPED)
        .select_related("plan__unit")
        .order_by("plan__unit__path", "due")[:100]
    )
    return RollUp(unit, survey, above, _row(unit, 0, plans.get(unit.pk)), below, escalated)
