"""Reminders about annual conversations, run by the daily job (`medvirk daily`):

- leaders of units that need a conversation this year (no survey covered the unit) and have
  not planned one by the plan-by day (MEDVIRK_CONVERSATION_PLAN_BY, 1 October) get one
  reminder, once per unit and year, until the deadline;
- a conversation still not marked held a week after its date reminds the unit's leaders and
  whoever planned it, once per conversation and date (moving it starts a new period).

Each reminder is claimed in ConversationReminder before it is sent and the claim is freed
if the mail server fails, so an item is reminded once, never twice — also when two jobs run
at the same time — and a failed one is tried again on the next run."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import record
from conversations import overview, services
from conversations.models import (
    Conversation,
    ConversationReminder,
    ConversationStatus,
    ReminderKind,
    deadline,
    plan_by,
)
from orgs import languages
from orgs.models import OrgUnit, Person, Role, RoleAssignment
from progress.reminders import Sent

NOT_HELD_AFTER = dt.timedelta(days=7)


def _claim(unit: OrgUnit, year: int, kind: str, period: str) -> ConversationReminder | None:
    try:
        with transaction.atomic():
            return ConversationReminder.objects.create(
                unit=unit, year=year, kind=kind, period=period
            )
    except IntegrityError:  # reminded already in this period
        return None


def _send(kind: str, unit: OrgUnit, people: list[Person], context: dict[str, object]) -> None:
    """E-mail to `people`, each in their own language, bokmål and English for those whose
    language is not known (orgs/languages.py)."""
    languages.send(f"conversations/mail/{kind}.txt", {"unit": unit, **context}, people)


def _remind(
    result: Sent,
    *,
    unit: OrgUnit,
    year: int,
    kind: str,
    period: str,
    people: list[Person],
    context: dict[str, object],
) -> None:
    people = [p for p in people if p.email]
    if not people:
        result.skipped += 1
        return
    claim = _claim(unit, year, kind, period)
    if claim is None:
        return
    result.deliver(claim, kind, people, lambda: _send(kind, unit, people, context))


def units_to_plan(year: int) -> list[OrgUnit]:
    """Current units with a leader that need a conversation in `year` (no survey covered
    them), have none planned and have not been reminded this year."""
    led = RoleAssignment.objects.active().filter(role=Role.LEADER).values("unit_id")
    reminded = ConversationReminder.objects.filter(year=year, kind=ReminderKind.UNPLANNED).values(
        "unit_id"
    )
    units = list(
        OrgUnit.objects.current()
        .filter(pk__in=led)
        .exclude(pk__in=reminded)
        .exclude(annual_conversations__year=year)
        .order_by("path")
    )
    surveyed = overview.survey_units(year, units)
    return [u for u in units if u.pk not in surveyed]


def _link(name: str, *args: object) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def send_reminders(*, today: dt.date | None = None) -> Sent:
    today = today or timezone.localdate()
    result = Sent()
    year = today.year
    if plan_by(year) <= today <= deadline(year):
        for unit in units_to_plan(year):
            _remind(
                result,
                unit=unit,
                year=year,
                kind=ReminderKind.UNPLANNED,
                period=str(year),
                people=services.unit_leaders(unit),
                context={
                    "year": year,
                    "deadline": deadline(year),
                    "link": _link("conversations:plan", unit.uid) + f"?year={year}",
                },
            )
    late = (
        Conversation.objects.filter(
            status=ConversationStatus.PLANNED, date__lte=today - NOT_HELD_AFTER
        )
        .select_related("unit", "created_by__person")
        .order_by("date", "pk")
    )
    for conversation in late:
        people = {p.pk: p for p in services.unit_leaders(conversation.unit)}
        planner = getattr(conversation.created_by, "person", None)
        if planner is not None and planner.left_on is None:
            people.setdefault(planner.pk, planner)
        _remind(
            result,
            unit=conversation.unit,
            year=conversation.year,
            kind=ReminderKind.NOT_HELD,
            period=conversation.date.isoformat(),
            people=list(people.values()),
            context={
                "conversation": conversation,
                "year": conversation.year,
                "link": _link("conversations:detail", conversation.uid),
            },
        )
    if result.reminders or result.failed:
        record(
            "conversations.reminders",
            data={
                "reminders": result.reminders,
                "emails": result.emails,
                "failed": result.failed,
                **result.by_kind,
            },
        )
    return result
