"""Where each unit stands with its annual conversation in a year: not needed (a survey
covered the unit that year), not planned, planned, held, or overdue (not held after the
deadline). Read-only; a fixed number of queries for any number of units."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from conversations.models import Conversation, deadline
from orgs.models import OrgUnit
from surveys.models import RoundStatus, RoundUnit

NOT_NEEDED = "not_needed"
NOT_PLANNED = "not_planned"
PLANNED = "planned"
HELD = "held"
OVERDUE = "overdue"

LABELS: dict[str, Promise] = {
    NOT_NEEDED: _("survey year"),
    NOT_PLANNED: _("not planned"),
    PLANNED: _("planned"),
    HELD: _("held"),
    OVERDUE: _("overdue"),
}
STATUSES = list(LABELS)


@dataclass(frozen=True)
class Row:
    unit: OrgUnit
    depth: int
    status: str
    conversation: Conversation | None
    survey_year: bool

    @property
    def label(self) -> str:
        return str(LABELS[self.status])

    @property
    def waits_to_be_marked_held(self) -> bool:
        return self.conversation is not None and self.conversation.waits_to_be_marked_held()


def survey_units(year: int, units: Sequence[OrgUnit]) -> set[int]:
    """Ids of the units (among `units`) that a survey round opened in `year` covered: they
    need no annual conversation that year."""
    return set(
        RoundUnit.objects.filter(round__opens_on__year=year, unit__in=list(units))
        .exclude(round__status=RoundStatus.DRAFT)
        .values_list("unit_id", flat=True)
    )


def status_of(
    conversation: Conversation | None, *, survey_year: bool, year: int, today: dt.date
) -> str:
    if conversation is not None and conversation.is_held:
        return HELD
    if not survey_year and today > deadline(year):
        return OVERDUE
    if conversation is not None:
        return PLANNED
    return NOT_NEEDED if survey_year else NOT_PLANNED


def rows(units: Iterable[OrgUnit], *, year: int, today: dt.date) -> list[Row]:
    units = list(units)
    conversations = {
        c.unit_id: c
        for c in Conversation.objects.filter(year=year, unit__in=units).select_related("safety_rep")
    }
    surveyed = survey_units(year, units)
    top = min((u.depth for u in units), default=0)
    return [
        Row(
            unit=u,
            depth=min(u.depth - top, 4),
            status=status_of(
                conversations.get(u.pk), survey_year=u.pk in surveyed, year=year, today=today
            ),
            conversation=conversations.get(u.pk),
            survey_year=u.pk in surveyed,
        )
        for u in units
    ]
