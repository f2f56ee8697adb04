"""The meetings mark the progress plan's steps "preparation / mapping / action meeting held"
(progress/milestones.py): a meeting of that kind, held, for the round — or without a round,
after the round closed."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Q

from orgs.models import OrgUnit
from progress import milestones
from surveys.models import SurveyRound


def _held(kind: str) -> milestones.Checker:
    def check(survey: SurveyRound, units: Sequence[OrgUnit]) -> set[int]:
        from meetings.models import Meeting, MeetingStatus

        held = Meeting.objects.filter(
            Q(round=survey) | Q(round__isnull=True, starts_at__date__gte=survey.closes_on),
            kind=kind,
            status=MeetingStatus.HELD,
        )
        return milestones.unit_ids(held, units)

    return check


def register() -> None:
    milestones.register("preparation_held", _held("preparation"))
    milestones.register("mapping_held", _held("mapping"))
    milestones.register("action_held", _held("action"))
