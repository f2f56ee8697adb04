"""GET /plans, /plans/{uid}, its focus areas and measures, /measures/{uid}; POST a measure to a
plan and PUT a measure with the revision it was read at (409 with the stored measure when it
changed since). Every plan is checked with the policy, as on the pages."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

import datetime as dt
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from actions import services
from actions.models import ActionPlan, FocusArea, Measure
from api.schemas import Error
from orgs import policy
from orgs.models import Person

router = Router(tags=["action plans"])


class FocusAreaOut(Schema):
    uid: UUID
    kind: str
    title: str
    description: str
    dimension: str
    position: int
    source: str


class SmartOut(Schema):
    met: bool
    reason: str
    suggestion: str | None


class MeasureOut(Schema):
    uid: UUID
    plan: UUID
    focus_area: UUID | None
    title: str
    description: str
    indicator: str
    target: str
    index_code: str
    index_value: Decimal | None
    agreed_at: dt.date | None
    agreed_where: str
    agreed_by: str
    resources: str
    within_authority: bool | None
    escalate: bool
    start: dt.date | None
    due: dt.date | None
    follow_up: list[dt.date]
    responsible: str
    responsible_employee_id: str | None
    status: str
    revision: int
    smart: dict[str, SmartOut]

    @staticmethod
    def resolve_plan(obj: Measure) -> UUID:
        return obj.plan.uid

    @staticmethod
    def resolve_focus_area(obj: Measure) -> UUID | None:
        return obj.focus_area.uid if obj.focus_area else None

    @staticmethod
    def resolve_follow_up(obj: Measure) -> list[dt.date]:
        return obj.follow_up_dates

    @staticmethod
    def resolve_responsible_employee_id(obj: Measure) -> str | None:
        return obj.responsible_person.employee_id if obj.responsible_person else None

    @staticmethod
    def resolve_smart(obj: Measure) -> dict[str, Any]:
        return obj.smart_check().as_dict("en")


class SignatureOut(Schema):
    role: str
    name: str
    signed_at: dt.datetime


class PlanOut(Schema):
    uid: UUID
    unit_code: str
    round: UUID | None
    round_name: str | None
    status: str
    version: int
    revision: int
    updated_at: dt.datetime

    @staticmethod
    def resolve_unit_code(obj: ActionPlan) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_round(obj: ActionPlan) -> UUID | None:
        return obj.round.uid if obj.round else None

    @staticmethod
    def resolve_round_name(obj: ActionPlan) -> str | None:
        return obj.round.name if obj.round else None


class PlanDetailOut(PlanOut):
    signatures: list[SignatureOut]
    focus_areas: list[FocusAreaOut]
    measures: list[MeasureOut]

    @staticmethod
    def resolve_signatures(obj: ActionPlan) -> list[Any]:
        return list(obj.signatures_of()) if obj.is_agreed else []

    @staticmethod
    def resolve_focus_areas(obj: ActionPlan) -> list[FocusArea]:
        return list(obj.focus_areas())

    @staticmethod
    def resolve_measures(obj: ActionPlan) -> list[Measure]:
        return _measures(obj)


class FocusAreaIn(Schema):
    kind: str
    title: str
    description: str = ""
    dimension: str = ""


class MeasureIn(Schema):
    title: str
    description: str = ""
    focus_area: UUID | None = None
    indicator: str = ""
    target: str = ""
    index_code: str = ""
    index_value: Decimal | None = None
    agreed_at: dt.date | None = None
    agreed_where: str = ""
    agreed_by: str = ""
    resources: str = ""
    within_authority: bool | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    follow_up: list[dt.date] = []
    responsible_employee_id: str | None = None
    responsible_name: str = ""


class MeasureUpdateIn(MeasureIn):
    revision: int


class ConflictOut(Schema):
    detail: str
    current: MeasureOut


def _measures(plan: ActionPlan) -> list[Measure]:
    return list(plan.measures.select_related("plan", "focus_area", "responsible_person"))


def _plan(request: HttpRequest, uid: UUID, permission: str = "actions.view_plan") -> ActionPlan:
    plan = ActionPlan.objects.select_related("unit", "round").filter(uid=uid).first()
    if plan is None:
        raise HttpError(404, "No action plan has this id.")
    allowed = (
        policy.may_view_plan(request.user, plan)
        if permission == "actions.view_plan"
        else policy.can(request.user, permission, plan.unit)
    )
    if not allowed:
        raise HttpError(403, "This action plan is outside your scope.")
    return plan


def _values(plan: ActionPlan, data: MeasureIn) -> services.MeasureValues:
    area = None
    if data.focus_area is not None:
        area = plan.focus_areas().filter(uid=data.focus_area).first()
        if area is None:
            raise HttpError(422, "focus_area: no focus area of this plan has this id.")
    person = None
    if data.responsible_employee_id:
        person = Person.objects.filter(employee_id=data.responsible_employee_id).first()
        if person is None:
            raise HttpError(422, "responsible_employee_id: no person has this employee id.")
    fields = data.dict(exclude={"focus_area", "responsible_employee_id", "revision"})
    return services.MeasureValues(**fields, focus_area=area, responsible_person=person)


def _refused(error: ValidationError) -> HttpError:
    if hasattr(error, "error_dict"):
        text = "; ".join(f"{k}: {' '.join(v)}" for k, v in error.message_dict.items())
    else:
        text = " ".join(error.messages)
    return HttpError(422, text)


@router.get("/plans", response={200: list[PlanOut], 401: Error, 403: Error})
@paginate(LimitOffsetPagination)
def list_plans(request: HttpRequest, unit: str = "") -> QuerySet[ActionPlan]:
    units = policy.units_for(request.user, "actions.view_plan")
    plans = ActionPlan.objects.filter(unit__in=units).select_related("unit", "round")
    if unit:
        plans = plans.filter(unit__code=unit)
    return plans.order_by("unit__path", "-created_at")


@router.get("/plans/{uid}", response={200: PlanDetailOut, 401: Error, 403: Error, 404: Error})
def get_plan(request: HttpRequest, uid: UUID) -> ActionPlan:
    return _plan(request, uid)


@router.get(
    "/plans/{uid}/focus-areas",
    response={200: list[FocusAreaOut], 401: Error, 403: Error, 404: Error},
)
def list_focus_areas(request: HttpRequest, uid: UUID) -> list[FocusArea]:
    return list(_plan(request, uid).focus_areas())


@router.post(
    "/plans/{uid}/focus-areas",
    response={200: list[FocusAreaOut], 401: Error, 403: Error, 404: Error, 422: Error},
)
def add_focus_areas(request: HttpRequest, uid: UUID, data: list[FocusAreaIn]) -> list[FocusArea]:
    """Add focus areas (e.g. a meeting's outcome) to the plan, all or nothing."""
    plan = _plan(request, uid, "actions.edit_plan")
    try:
        return services.add_focus_areas(
            actor=request.user,
            unit=plan.unit,
            round=plan.round,
            items=[item.dict() for item in data],
        )
    except ValidationError as error:
        raise _refused(error) from error


@router.get(
    "/plans/{uid}/measures", response={200: list[MeasureOut], 401: Error, 403: Error, 404: Error}
)
def list_measures(request: HttpRequest, uid: UUID) -> list[Measure]:
    return _measures(_plan(request, uid))


@router.post(
    "/plans/{uid}/measures",
    response={200: MeasureOut, 401: Error, 403: Error, 404: Error, 422: Error},
)
def create_measure(request: HttpRequest, uid: UUID, data: MeasureIn) -> Measure:
    plan = _plan(request, uid, "actions.edit_plan")
    try:
        measure = services.create_measure(actor=request.user, plan=plan, values=_values(plan, data))
    except ValidationError as error:
        raise _refused(error) from error
    return measure


def _measure(request: HttpRequest, uid: UUID, permission: str) -> Measure:
    measure = (
        Measure.objects.select_related("plan__unit", "focus_area", "responsible_person")
        .filter(uid=uid)
        .first()
    )
    if measure is None:
        raise HttpError(404, "No measure has this id.")
    _plan(request, measure.plan.uid, permission)
    return measure


@router.get("/measures/{uid}", response={200: MeasureOut, 401: Error, 403: Error, 404: Error})
def get_measure(request: HttpRequest, uid: UUID) -> Measure:
    return _measure(request, uid, "actions.view_plan")


@router.put(
    "/measures/{uid}",
    response={200: MeasureOut, 401: Error, 403: Error, 404: Error, 409: ConflictOut, 422: Error},
)
def update_measure(request: HttpRequest, uid: UUID, data: MeasureUpdateIn) -> Any:
    measure = _measure(request, uid, "actions.edit_plan")
    try:
        return services.update_measure(
            actor=request.user,
            measure=measure,
            values=_values(measure.plan, data),
            revision=data.revision,
        )
    except services.Conflict as conflict:
        detail = "The measure changed since the given revision; nothing was saved."
        return Status(409, {"detail": detail, "current": conflict.current})
    except ValidationError as error:
        raise _refused(error) from error
