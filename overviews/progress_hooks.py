"""The roll-up marks the progress plan's step "plan sent up" for a unit whose own overview was
sent, or whose plan an overview above it covered when it was sent; and adds the overview's
state to the process dashboard."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from orgs.models import OrgUnit
from progress import dashboard, milestones
from surveys.models import SurveyRound


def _covered(survey: SurveyRound) -> dict[int, str]:
    """Unit id → how its plan went up: "own" (its overview was sent) or "above"."""
    from overviews.models import OverviewKind, OverviewVersion

    covered: dict[int, str] = {}
    for unit_id, units in OverviewVersion.objects.filter(
        overview__round=survey, overview__kind=OverviewKind.UNIT
    ).values_list("overview__unit_id", "snapshot__units"):
        for covered_id in units or []:
            covered.setdefault(covered_id, "above")
        covered[unit_id] = "own"
    return covered


def _sent_up(survey: SurveyRound, units: Sequence[OrgUnit]) -> set[int]:
    covered = _covered(survey)
    return {u.pk for u in units if u.pk in covered}


def _overview_column(survey: SurveyRound, units: Sequence[OrgUnit]) -> dict[int, str]:
    covered = _covered(survey)
    labels = {"own": _("sent"), "above": _("in the overview above")}
    return {u.pk: str(labels[covered[u.pk]]) for u in units if u.pk in covered}


def register() -> None:
    milestones.register("plan_sent_up", _sent_up)
    dashboard.register_column("overview", gettext_lazy("Overview sent"), _overview_column)
