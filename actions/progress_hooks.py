"""The action plans mark the progress plan's step "action plan agreed" (agreed at least once:
a later change awaiting agreement does not undo the step) and add the measures by status to
the process dashboard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.models import OrgUnit
from progress import dashboard, milestones
from surveys.models import SurveyRound


def _agreed(survey: SurveyRound, units: Sequence[OrgUnit]) -> set[int]:
    from actions.models import ActionPlan

    return milestones.unit_ids(
        ActionPlan.objects.filter(round=survey, versions__isnull=False).distinct(), units
    )


def _measures(survey: SurveyRound, units: Sequence[OrgUnit]) -> dict[int, str]:
    from actions.models import Measure, MeasureStatus

    ids = {u.id for u in units}
    measures = Measure.objects.filter(plan__round=survey)
    if len(ids) <= milestones.FEW_UNITS:
        measures = measures.filter(plan__unit_id__in=ids)
    counts: dict[int, Counter[str]] = {}
    for unit_id, status, count in (
        measures.values_list("plan__unit_id", "status").annotate(n=Count("pk")).order_by()
    ):
        if unit_id in ids:
            counts.setdefault(unit_id, Counter())[status] += count
    labels = {status: str(label).lower() for status, label in MeasureStatus.choices}
    order = list(labels)
    return {
        unit_id: ", ".join(
            f"{count} {labels[status]}"
            for status, count in sorted(c.items(), key=lambda kv: order.index(kv[0]))
        )
        or _("none")
        for unit_id, c in counts.items()
    }


def register() -> None:
    milestones.register("plan_agreed", _agreed)
    dashboard.register_column("measures", gettext_lazy("Measures by status"), _measures)
