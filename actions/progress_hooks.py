"""The action plans mark the progress plan's step "action plan agreed" (agreed at least once:
a later change awaiting agreement does not undo the step) and add the measures by status to
the process dashboard."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.models import OrgUnit
from progress import dashboard, milestones
from surveys.models import SurveyRound


def _agreed(survey: SurveyRound, units: Sequence[OrgUnit]) -> set[int]:
    from actions.models import ActionPlan

    return set(
        ActionPlan.objects.filter(round=survey, unit__in=list(units), versions__isnull=False)
        .values_list("unit_id", flat=True)
        .distinct()
    )


def _measures(survey: SurveyRound, units: Sequence[OrgUnit]) -> dict[int, str]:
    from actions.models import Measure, MeasureStatus

    counts: dict[int, Counter[str]] = {}
    for unit_id, status in Measure.objects.filter(
        plan__round=survey, plan__unit__in=list(units)
    ).values_list("plan__unit_id", "status"):
        counts.setdefault(unit_id, Counter())[status] += 1
    labels = dict(MeasureStatus.choices)
    return {
        unit_id: ", ".join(
            f"{count} {str(labels[status]).lower()}"
            for status, count in sorted(c.items(), key=lambda kv: list(labels).index(kv[0]))
        )
        or _("none")
        for unit_id, c in counts.items()
    }


def register() -> None:
    milestones.register("plan_agreed", _agreed)
    dashboard.register_column("measures", gettext_lazy("Measures by status"), _measures)
