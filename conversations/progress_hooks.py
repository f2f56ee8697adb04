"""The annual conversations as a progress-plan milestone (progress/milestones.py):
"annual_conversation" is reached by a unit that has held an annual conversation after the
round closed — the years between this survey and the next. A progress-plan task marks
itself done with it once the progress app offers it as a choice of `Task.milestone`."""

from __future__ import annotations

from collections.abc import Sequence

from orgs.models import OrgUnit
from progress import milestones
from surveys.models import SurveyRound


def _held_after(survey: SurveyRound, units: Sequence[OrgUnit]) -> set[int]:
    from conversations.models import Conversation, ConversationStatus

    return set(
        Conversation.objects.filter(
            status=ConversationStatus.HELD, date__gt=survey.closes_on, unit__in=list(units)
        ).values_list("unit_id", flat=True)
    )


def register() -> None:
    milestones.register("annual_conversation", _held_after)
