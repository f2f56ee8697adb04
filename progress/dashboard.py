"""The process dashboard for the working group and HR: for every unit of a round in the
reader's scope, the response rate and how far the unit has come (each milestone of the
progress plan), the overdue steps, and one action to remind the leaders who have not reached
a step."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from audit.models import record
from orgs.models import OrgUnit, Role
from progress import milestones, reminders
from progress.models import Milestone, ProgressPlan, ReminderSent, Scope
from progress.services import round_units
from surveys import rates
from surveys.models import SurveyRound

STEPS: tuple[str, ...] = (
    Milestone.FACT_SHEET,
    Milestone.REPORT_RELEASED,
    Milestone.PREPARATION_HELD,
    Milestone.MAPPING_HELD,
    Milestone.ACTION_HELD,
    Milestone.PLAN_AGREED,
    Milestone.PLAN_SENT_UP,
)

# Extra columns other apps add (the action plans add measures by status): name → (label,
# function from (round, units) to {unit id: value}).
Column = Callable[[SurveyRound, Sequence[OrgUnit]], dict[int, Any]]
EXTRA_COLUMNS: dict[str, tuple[Any, Column]] = {}


def register_column(name: str, label: Any, column: Column) -> None:
    EXTRA_COLUMNS[name] = (label, column)


@dataclass
class Row:
    unit: OrgUnit
    depth: int
    rate: int | None
    steps: dict[str, bool]
    overdue: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def reached(self) -> int:
        return sum(self.steps.values())


@dataclass
class Dashboard:
    round: SurveyRound
    plan: ProgressPlan | None
    steps: list[tuple[str, str, int]]  # (milestone, label, units that reached it)
    rows: list[Row]
    extra: list[tuple[str, str]]
    totals: dict[str, int]


def rows_html(data: Dashboard) -> SafeString:
    """The table's rows, rendered here rather than in the template: 1,100 units × 11 cells is
    too much template work (it took longer than building the data)."""
    yes = format_html(
        '<td class="step-yes"><span aria-hidden="true">✓</span>'
        '<span class="visually-hidden">{}</span></td>',
        _("reached"),
    )
    no = format_html(
        '<td class="step-no"><span aria-hidden="true">·</span>'
        '<span class="visually-hidden">{}</span></td>',
        _("not reached"),
    )
    placeholder = str(uuid.UUID(int=0))
    link = reverse("progress:unit", args=[data.round.uid, placeholder])
    english = (get_language() or "nb").startswith("en")
    parts = []
    for row in data.rows:
        unit = row.unit
        name = unit.name_en if english and unit.name_en else unit.name_nb
        rate = f"{row.rate} %" if row.rate is not None else "–"
        steps = "".join(yes if done else no for done in row.steps.values())
        extra = "".join(
            f"<td>{'–' if value is None else escape(str(value))}</td>"
            for value in row.extra.values()
        )
        overdue = f'<span class="badge badge-warning">{row.overdue}</span>' if row.overdue else "0"
        parts.append(
            f'<tr><th scope="row" class="depth-{row.depth}">'
            f'<a href="{link.replace(placeholder, str(unit.uid))}">{escape(name)}</a>'
            f' <span class="code">{escape(unit.code)}</span></th>'
            f"<td>{rate}</td>{steps}{extra}<td>{overdue}</td></tr>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every text went through escape)


def build(
    survey: SurveyRound,
    units: Sequence[OrgUnit],
    *,
    today: dt.date | None = None,
    missing: str = "",
    sort: str = "path",
    descending: bool = False,
) -> Dashboard:
    today = today or timezone.localdate()
    plan = ProgressPlan.objects.filter(round=survey).first()
    done = {step: milestones.done_units(step, survey, units) for step in STEPS}
    rates = _rates(survey, units)
    overdue = _overdue(plan, units, done, today) if plan else {}
    extra = [(name, str(label)) for name, (label, _c) in EXTRA_COLUMNS.items()]
    extra_values = {name: column(survey, units) for name, (_l, column) in EXTRA_COLUMNS.items()}
    top = min((u.depth for u in units), default=0)
    rows = [
        Row(
            unit=u,
            depth=u.depth - top,
            rate=rates.get(u.id),
            steps={step: u.id in done[step] for step in STEPS},
            overdue=overdue.get(u.id, 0),
            extra={name: values.get(u.id) for name, values in extra_values.items()},
        )
        for u in units
    ]
    if missing in STEPS:
        rows = [r for r in rows if not r.steps[missing]]
    rows = _sorted(rows, sort, descending)
    return Dashboard(
        round=survey,
        plan=plan,
        steps=[(s, str(Milestone(s).label), len(done[s])) for s in STEPS],
        rows=rows,
        extra=extra,
        totals={step: len(done[step]) for step in STEPS},
    )


def for_user(
    user: Any,
    survey: SurveyRound,
    *,
    top: str = "",
    missing: str = "",
    sort: str = "path",
    descending: bool = False,
) -> Dashboard:
    """The dashboard as `user` may see it ("progress.dashboard"): the round's live units in
    scope, or only `top` (a unit code) and the units below it. PermissionDenied when none is in
    scope or `top` is not."""
    units = round_units(user, survey, "progress.dashboard")
    if not units:
        raise PermissionDenied
    if top:
        chosen = next((u for u in units if u.code == top), None)
        if chosen is None:
            raise PermissionDenied
        units = [u for u in units if u.path.startswith(chosen.path)]
    return build(survey, units, missing=missing, sort=sort, descending=descending)


def _sorted(rows: list[Row], sort: str, descending: bool) -> list[Row]:
    if sort == "rate":
        present = sorted(
            (r for r in rows if r.rate is not None), key=lambda r: r.rate or 0, reverse=descending
        )
        return present + [r for r in rows if r.rate is None]
    if sort == "reached":
        return sorted(rows, key=lambda r: (r.reached, r.unit.path), reverse=descending)
    if sort == "overdue":
        return sorted(rows, key=lambda r: (r.overdue, r.unit.path), reverse=descending)
    return sorted(rows, key=lambda r: r.unit.path, reverse=descending)


def _rates(survey: SurveyRound, units: Sequence[OrgUnit]) -> dict[int, int | None]:
    """The rates the round pages show (surveys.rates: DESIGN §3's rules, decided on the whole
    tree), by live unit."""
    ids = {u.id for u in units}
    return {
        unit_id: percent
        for unit_id, percent in rates.shown_percents(round=survey).items()
        if unit_id in ids
    }


def _overdue(
    plan: ProgressPlan, units: Sequence[OrgUnit], done: dict[str, set[int]], today: dt.date
) -> dict[int, int]:
    counts: dict[int, int] = {}
    ticked: dict[int, set[int]] = {}
    ids = [u.id for u in units]
    tasks = list(plan.tasks.filter(scope=Scope.UNIT, due__lt=today))
    for task_id, unit_id in plan.tasks.filter(scope=Scope.UNIT).values_list(
        "done_in__task_id", "done_in__unit_id"
    ):
        if unit_id is not None:
            ticked.setdefault(task_id, set()).add(unit_id)
    for task in tasks:
        reached = (
            done.get(task.milestone)
            if task.milestone in done
            else milestones.done_units(task.milestone, plan.round, units)
            if task.milestone
            else ticked.get(task.pk, set())
        ) or set()
        for unit_id in ids:
            if unit_id not in reached:
                counts[unit_id] = counts.get(unit_id, 0) + 1
    return counts


def remind_leaders(
    *,
    actor: Any,
    survey: SurveyRound,
    step: str,
    units: Sequence[OrgUnit],
    today: dt.date | None = None,
) -> tuple[int, int]:
    """E-mail the leaders of the units that have not reached `step`: (units reminded, units
    already reminded about this step today). Logged."""
    if step not in STEPS:
        raise ValueError(step)
    today = today or timezone.localdate()
    plan = ProgressPlan.objects.filter(round=survey).first()
    task = plan.tasks.filter(milestone=step).first() if plan else None
    if task is None:
        raise LookupError(_("The progress plan has no step for this."))
    reached = milestones.done_units(step, survey, units)
    reminded = already = 0
    emails = 0
    for unit in units:
        if unit.pk in reached:
            continue
        people = reminders.people_with_roles(unit, (Role.LEADER,))
        if not people:
            continue
        try:
            with transaction.atomic():
                claim = ReminderSent.objects.create(
                    task=task, unit=unit.code, kind="manual", period=today.isoformat()
                )
        except IntegrityError:
            already += 1
            continue
        try:
            reminders.send_reminder(task, unit, "overdue" if task.due < today else "due", people)
        except Exception:
            claim.delete()
            raise
        claim.recipients = len(people)
        claim.save(update_fields=["recipients"])
        reminded += 1
        emails += len(people)
    record(
        "progress.remind_leaders",
        actor=actor,
        obj=survey,
        data={"step": step, "units": reminded, "emails": emails, "already_today": already},
    )
    return reminded, already
