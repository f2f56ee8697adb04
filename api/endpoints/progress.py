"""GET /rounds/{uid}/progress (the progress plan's tasks, unit tasks counted over the units in
scope), /rounds/{uid}/progress/units/{code} (a unit's task status) and /rounds/{uid}/dashboard
(the process dashboard's data for the units in scope). The same functions as the progress
pages: `progress.services.task_rows`, `unit_status` and `progress.dashboard.for_user`."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

import datetime as dt
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from api.endpoints import scope
from api.schemas import Error
from orgs import policy
from progress import dashboard, services
from progress.models import ProgressPlan
from surveys.models import SurveyRound

router = Router(tags=["progress"])


class TaskOut(Schema):
    uid: UUID
    phase: str
    title_nb: str
    title_en: str
    responsible: str
    scope: str
    milestone: str
    due: dt.date
    done_at: dt.datetime | None
    done: bool
    done_units: int
    total_units: int
    overdue: bool


class ProgressPlanOut(Schema):
    uid: UUID
    round: UUID
    revision: int
    created_at: dt.datetime
    units_in_scope: int
    tasks: list[TaskOut]


class UnitTaskOut(Schema):
    uid: UUID
    phase: str
    title_nb: str
    title_en: str
    milestone: str
    due: dt.date
    done: bool
    automatic: bool
    overdue: bool


class UnitProgressOut(Schema):
    round: UUID
    unit_code: str
    tasks: list[UnitTaskOut]


class StepOut(Schema):
    milestone: str
    label: str
    units_reached: int


class ColumnOut(Schema):
    name: str
    label: str


class DashboardRowOut(Schema):
    code: str
    name_nb: str
    name_en: str
    depth: int
    response_rate_percent: int | None
    steps: dict[str, bool]
    reached: int
    overdue: int
    extra: dict[str, Any]


class DashboardOut(Schema):
    round: UUID
    plan: UUID | None
    unit: str
    steps: list[StepOut]
    columns: list[ColumnOut]
    units: list[DashboardRowOut]


def _plan(survey: SurveyRound) -> ProgressPlan:
    plan = ProgressPlan.objects.filter(round=survey).first()
    if plan is None:
        raise HttpError(404, "This round has no progress plan.")
    return plan


@router.get(
    "/rounds/{uid}/progress",
    response={200: ProgressPlanOut, 401: Error, 403: Error, 404: Error},
)
def get_progress_plan(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """The round's progress plan: every task by phase and deadline; an institution task with
    when it was done, a unit task with how many of the round's units in scope have done it."""
    survey = scope.survey_round(uid)
    if not policy.can(request.user, "progress.view"):
        raise HttpError(403, "You may not read progress plans.")
    units = services.round_units(request.user, survey)
    if not units and not policy.can(request.user, "progress.manage"):
        raise HttpError(403, "This round is outside your scope.")
    plan = _plan(survey)
    return {
        "uid": plan.uid,
        "round": survey.uid,
        "revision": plan.revision,
        "created_at": plan.created_at,
        "units_in_scope": len(units),
        "tasks": [
            {
                "uid": row.task.uid,
                "phase": row.task.phase,
                "title_nb": row.task.title_nb,
                "title_en": row.task.title_en,
                "responsible": row.task.responsible,
                "scope": row.task.scope,
                "milestone": row.task.milestone,
                "due": row.task.due,
                "done_at": row.task.done_at,
                "done": row.done,
                "done_units": row.done_units,
                "total_units": row.total_units,
                "overdue": row.overdue,
            }
            for row in services.task_rows(plan, units)
        ],
    }


@router.get(
    "/rounds/{uid}/progress/units/{code}",
    response={200: UnitProgressOut, 401: Error, 403: Error, 404: Error},
)
def get_unit_progress(request: HttpRequest, uid: UUID, code: str) -> dict[str, Any]:
    """A unit's checklist: every unit task, done or not, whether Medvirk marks it by itself
    (a milestone) or it is ticked by hand, and whether it is overdue."""
    survey = scope.survey_round(uid)
    unit = scope.current_unit(request.user, "progress.view", code)
    if not survey.units.filter(unit=unit).exists():
        raise HttpError(404, "The round has no unit with this code.")
    plan = _plan(survey)
    return {
        "round": survey.uid,
        "unit_code": unit.code,
        "tasks": [
            {
                "uid": s.task.uid,
                "phase": s.task.phase,
                "title_nb": s.task.title_nb,
                "title_en": s.task.title_en,
                "milestone": s.task.milestone,
                "due": s.task.due,
                "done": s.done,
                "automatic": s.automatic,
                "overdue": s.overdue,
            }
            for s in services.unit_status(plan, unit)
        ],
    }


@router.get(
    "/rounds/{uid}/dashboard",
    response={200: DashboardOut, 401: Error, 403: Error, 404: Error, 422: Error},
)
def get_dashboard(
    request: HttpRequest,
    uid: UUID,
    unit: str = "",
    missing: str = "",
    sort: str = "path",
    descending: bool = False,
) -> dict[str, Any]:
    """The process dashboard ("progress.dashboard": administrators and HR partners): every
    unit of the round in scope, or `unit` and the units below it, with its response rate as
    the round pages show it, each step reached or not, the overdue steps and the other apps'
    columns (measures by status, overview sent). `missing` keeps the units that have not
    reached a step; `sort` is "path", "rate", "reached" or "overdue", `descending` reverses it."""
    survey = scope.survey_round(uid)
    if not policy.can(request.user, "progress.dashboard"):
        raise HttpError(403, "You may not read the process dashboard.")
    if missing and missing not in dashboard.STEPS:
        raise HttpError(422, "missing: one of " + ", ".join(dashboard.STEPS) + ".")
    if sort not in ("path", "rate", "reached", "overdue"):
        raise HttpError(422, 'sort: "path", "rate", "reached" or "overdue".')
    try:
        data = dashboard.for_user(
            request.user, survey, top=unit, missing=missing, sort=sort, descending=descending
        )
    except PermissionDenied as denied:
        raise HttpError(403, "This round or unit is outside your scope.") from denied
    return {
        "round": survey.uid,
        "plan": data.plan.uid if data.plan else None,
        "unit": unit,
        "steps": [
            {"milestone": step, "label": label, "units_reached": count}
            for step, label, count in data.steps
        ],
        "columns": [{"name": name, "label": label} for name, label in data.extra],
        "units": [
            {
                "code": row.unit.code,
                "name_nb": row.unit.name_nb,
                "name_en": row.unit.name_en,
                "depth": row.depth,
                "response_rate_percent": row.rate,
                "steps": row.steps,
                "reached": row.reached,
                "overdue": row.overdue,
                "extra": row.extra,
            }
            for row in data.rows
        ],
    }
