"""Reminders about progress-plan steps: a week before a step's deadline ("due") and once a
week after it has passed ("overdue"), to the people responsible in each unit that has not
reached the step (and to the working group for institution tasks). Each reminder is claimed
in ReminderSent before it is sent, so a task, unit and period is reminded once, never twice,
even when two jobs run at the same time. Run daily: `medvirk remindprogress`."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from audit.models import record
from orgs import languages
from orgs.models import OrgUnit, Person, Role, RoleAssignment
from progress import milestones
from progress.models import ProgressPlan, ReminderSent, Responsible, Scope, Task
from surveys.models import RoundStatus

log = logging.getLogger(__name__)

DUE_SOON = dt.timedelta(days=7)

ROLES_OF = {
    Responsible.LEADER: (Role.LEADER,),
    Responsible.LEADER_AND_SAFETY_REP: (Role.LEADER, Role.SAFETY_REP),
    Responsible.FACILITATOR: (Role.FACILITATOR,),
}


@dataclass
class Sent:
    """What a reminder run sent (also used by conversations.reminders)."""

    reminders: int = 0
    emails: int = 0
    failed: int = 0
    skipped: int = 0  # nobody to remind
    by_kind: dict[str, int] = field(default_factory=dict)

    def deliver(
        self, claim: Any, kind: str, people: Sequence[Any], send: Callable[[], object]
    ) -> None:
        """Send one reminder whose `claim` (a row unique per item, kind and period) is taken,
        and count it; when the mail server fails, free the claim so that the next run tries
        again, and count the failure."""
        try:
            send()
        except Exception:
            log.exception("reminder %s failed", claim)
            claim.delete()
            self.failed += 1
            return
        claim.recipients = len(people)
        claim.save(update_fields=["recipients"])
        self.reminders += 1
        self.emails += len(people)
        self.by_kind[kind] = self.by_kind.get(kind, 0) + 1


def _period(task: Task, today: dt.date) -> tuple[str, str] | None:
    if task.due < today:
        year, week, _day = today.isocalendar()
        return "overdue", f"{year}-W{week:02d}"
    if task.due <= today + DUE_SOON:
        return "due", "due"
    return None


def people_with_roles(unit: OrgUnit, roles: tuple[str, ...]) -> list[Person]:
    """The active people holding one of `roles` on the unit itself, with an e-mail address."""
    ids = RoleAssignment.objects.active().filter(unit=unit, role__in=roles).values("person_id")
    return list(Person.objects.filter(pk__in=ids, left_on__isnull=True).exclude(email=""))


def _working_group() -> list[Person]:
    ids = (
        RoleAssignment.objects.active()
        .filter(role=Role.ADMINISTRATOR, unit__parent__isnull=True, include_subtree=True)
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=ids, left_on__isnull=True).exclude(email=""))


def _claim(task: Task, unit: str, kind: str, period: str) -> ReminderSent | None:
    try:
        with transaction.atomic():
            return ReminderSent.objects.create(task=task, unit=unit, kind=kind, period=period)
    except IntegrityError:
        return None


def send_reminder(task: Task, unit: OrgUnit | None, kind: str, people: list[Person]) -> int:
    """E-mail about `task` (in `unit`, or for the institution) to `people`, each in their own
    language, bokmål and English for those whose language is not known (orgs/languages.py)."""
    survey = task.plan.round
    path = (
        reverse("progress:unit", args=[survey.uid, unit.uid])
        if unit is not None
        else reverse("progress:plan", args=[survey.uid])
    )
    context = {
        "task": task,
        "unit": unit,
        "round": survey,
        "kind": kind,
        "link": settings.SITE_URL + path,
    }
    return languages.send("progress/mail/reminder.txt", context, people)


def send_reminders(*, today: dt.date | None = None) -> Sent:
    today = today or timezone.localdate()
    result = Sent()
    plans = ProgressPlan.objects.exclude(round__status=RoundStatus.DRAFT).select_related("round")
    working_group = _working_group()
    for plan in plans:
        survey = plan.round
        units = list(
            OrgUnit.objects.filter(pk__in=survey.units.exclude(unit=None).values("unit_id"))
        )
        for task in plan.tasks.all():
            timing = _period(task, today)
            if timing is None:
                continue
            kind, period = timing
            targets: list[tuple[OrgUnit | None, list[Person]]] = []
            if task.scope == Scope.INSTITUTION:
                if task.done_at is None:
                    targets.append((None, working_group))
            else:
                roles = ROLES_OF.get(Responsible(task.responsible))
                if roles is None:
                    continue
                done: set[int] = set()
                if task.milestone:
                    done = milestones.done_units(task.milestone, survey, units)
                else:
                    done = set(task.done_in.values_list("unit_id", flat=True))
                targets += [(u, people_with_roles(u, roles)) for u in units if u.pk not in done]
            for unit, people in targets:
                if not people:
                    result.skipped += 1
                    continue
                claim = _claim(task, unit.code if unit else "", kind, period)
                if claim is None:
                    continue  # reminded already in this period
                result.deliver(
                    claim, kind, people, partial(send_reminder, task, unit, kind, people)
                )
    if result.reminders or result.failed:
        record(
            "progress.reminders",
            data={
                "reminders": result.reminders,
                "emails": result.emails,
                "failed": result.failed,
                **result.by_kind,
            },
        )
    return result
