"""GET /instruments, /rounds, /rounds/{uid}, /rounds/{uid}/rates and /rounds/{uid}/invitations:
survey rounds and their response rates, under the same rules as the round pages."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from api.schemas import Error
from orgs import policy
from surveys import rates, services
from surveys.models import Instrument, SurveyRound

router = Router(tags=["surveys"])


class InstrumentOut(Schema):
    uid: UUID
    code: str
    version: int
    title_nb: str
    title_en: str
    sha256: str
    frozen: bool

    @staticmethod
    def resolve_frozen(obj: Instrument) -> bool:
        return obj.is_frozen


class RoundOut(Schema):
    uid: UUID
    name: str
    status: str
    instrument_code: str
    instrument_version: int
    scope_code: str
    opens_on: dt.date
    closes_on: dt.date
    languages: list[str]
    reminder_dates: list[dt.date]
    thresholds: dict[str, int]
    accepts_responses: bool

    @staticmethod
    def resolve_instrument_code(obj: SurveyRound) -> str:
        return obj.instrument.code

    @staticmethod
    def resolve_instrument_version(obj: SurveyRound) -> int:
        return obj.instrument.version

    @staticmethod
    def resolve_scope_code(obj: SurveyRound) -> str:
        return obj.scope.code

    @staticmethod
    def resolve_thresholds(obj: SurveyRound) -> dict[str, int]:
        return obj.threshold


class UnitRateOut(Schema):
    code: str
    name_nb: str
    name_en: str
    parent_code: str | None
    depth: int
    invited: int
    shown: bool
    submitted_percent: int | None


class RatesOut(Schema):
    computed_at: dt.datetime | None
    threshold: int
    rounding_percent: int
    units: list[UnitRateOut]


class UnitStatusOut(Schema):
    code: str
    invited: int
    shown: bool
    started_percent: int | None
    submitted_percent: int | None


class StatusCountsOut(Schema):
    computed_at: dt.datetime | None
    threshold: int
    rounding_percent: int
    units: list[UnitStatusOut]


def _require_rates(request: HttpRequest) -> None:
    if not policy.can(request.user, "surveys.view_rates"):
        raise HttpError(403, "You may not follow survey rounds.")


def _round(request: HttpRequest, uid: UUID) -> SurveyRound:
    _require_rates(request)
    found = SurveyRound.objects.select_related("instrument", "scope").filter(uid=uid).first()
    if found is None:
        raise HttpError(404, "No round has this id.")
    if not services.rounds_for(request.user).filter(pk=found.pk).exists():
        raise HttpError(403, "This round is outside your scope.")
    return found


def _table(request: HttpRequest, round_: SurveyRound) -> rates.RateTable:
    return rates.table(round=round_, user=request.user)


@router.get("/instruments", response={200: list[InstrumentOut], 401: Error, 403: Error})
@paginate(LimitOffsetPagination)
def list_instruments(request: HttpRequest) -> QuerySet[Instrument]:
    """Questionnaire definitions (every version), newest version first."""
    _require_rates(request)
    return Instrument.objects.order_by("code", "-version")


@router.get("/rounds", response={200: list[RoundOut], 401: Error, 403: Error})
@paginate(LimitOffsetPagination)
def list_rounds(request: HttpRequest) -> Any:
    """Rounds the token's owner may see: all for administrators; for HR partners, leaders
    and top management the opened rounds that cover one of their units."""
    _require_rates(request)
    return services.rounds_for(request.user)


@router.get("/rounds/{uid}", response={200: RoundOut, 401: Error, 403: Error, 404: Error})
def get_round(request: HttpRequest, uid: UUID) -> SurveyRound:
    return _round(request, uid)


@router.get("/rounds/{uid}/rates", response={200: RatesOut, 401: Error, 403: Error, 404: Error})
def get_rates(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """Response rates per frozen unit (each including the units below it), in the owner's
    scope: only where enough people were invited, rounded to 5-percent steps, from the
    latest daily snapshot."""
    table = _table(request, _round(request, uid))
    codes = {row.unit.pk: row.unit.code for row in table.rows}
    return {
        "computed_at": table.computed_at,
        "threshold": table.threshold,
        "rounding_percent": rates.rules.STEP,
        "units": [
            {
                "code": row.unit.code,
                "name_nb": row.unit.name_nb,
                "name_en": row.unit.name_en,
                "parent_code": codes.get(row.unit.parent_id) if row.unit.parent_id else None,
                "depth": row.depth,
                "invited": row.invited,
                "shown": row.shown,
                "submitted_percent": row.percent,
            }
            for row in table.rows
        ],
    }


@router.get(
    "/rounds/{uid}/invitations",
    response={200: StatusCountsOut, 401: Error, 403: Error, 404: Error},
)
def get_status_counts(request: HttpRequest, uid: UUID) -> dict[str, Any]:
    """How far the invitations of each unit have come (started, submitted), under the same
    rules as the rates: never per person, never exact below the unit level."""
    table = _table(request, _round(request, uid))
    return {
        "computed_at": table.computed_at,
        "threshold": table.threshold,
        "rounding_percent": rates.rules.STEP,
        "units": [
            {
                "code": row.unit.code,
                "invited": row.invited,
                "shown": row.shown,
                "started_percent": row.started_percent,
                "submitted_percent": row.percent,
            }
            for row in table.rows
        ],
    }
