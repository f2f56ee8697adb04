"""GET /rounds/{uid}/overviews, /overviews/{uid} (themes with their measures, escalations, sent
versions), /overviews/{uid}/versions/{number} (the frozen snapshot) and
/rounds/{uid}/units/{code}/decisions (the decisions that came down to a unit); PUT
/overviews/{uid} saves the summary with the revision it was read at (409 with the stored
overview when it changed since). The roll-up's rules, as on its pages: "overviews.view" on
the overview's unit; a compilation also for those who compile or decide for the faculty."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Max, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from api.endpoints import scope
from api.endpoints.decisions import DecisionOut
from api.schemas import Error
from orgs import policy
from overviews import services
from overviews.models import Decision, Escalation, Overview, OverviewKind, OverviewVersion, Theme

router = Router(tags=["overviews"])


class VersionOut(Schema):
    number: int
    sent_at: dt.datetime
    sent_by: str
    recipient: str
    recipient_unit_code: str | None
    deadline: dt.date | None
    late: bool

    @staticmethod
    def resolve_sent_by(obj: OverviewVersion) -> str:
        return obj.sent_by_name

    @staticmethod
    def resolve_recipient_unit_code(obj: OverviewVersion) -> str | None:
        return obj.recipient_unit.code if obj.recipient_unit else None


class VersionDetailOut(VersionOut):
    snapshot: dict[str, Any]


class OverviewOut(Schema):
    uid: UUID
    round: UUID
    unit_code: str
    unit_name_nb: str
    unit_name_en: str
    kind: str
    summary: str
    comment: str
    version: int
    revision: int
    last_sent_at: dt.datetime | None
    updated_at: dt.datetime

    @staticmethod
    def resolve_round(obj: Overview) -> UUID:
        return obj.round.uid

    @staticmethod
    def resolve_unit_code(obj: Overview) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name_nb(obj: Overview) -> str:
        return obj.unit.name_nb

    @staticmethod
    def resolve_unit_name_en(obj: Overview) -> str:
        return obj.unit.name_en

    @staticmethod
    def resolve_last_sent_at(obj: Overview) -> dt.datetime | None:
        found = getattr(obj, "last_sent_at", None)
        if found is not None or not obj.version:
            return found
        last = obj.last_sent()
        return last.sent_at if last else None


class ThemeOut(Schema):
    uid: UUID
    title: str
    dimension: str
    summary: str
    pass_up: bool
    comment: str
    position: int
    measures: list[UUID]
    decision: DecisionOut | None


class EscalationOut(Schema):
    uid: UUID
    measure: UUID
    measure_title: str
    unit_code: str
    status: str
    comment: str
    position: int
    decision: DecisionOut | None


class OverviewDetailOut(OverviewOut):
    themes: list[ThemeOut]
    escalations: list[EscalationOut]
    versions: list[VersionOut]

    @staticmethod
    def resolve_themes(obj: Overview) -> list[dict[str, Any]]:
        decisions = _decisions(obj)
        return [
            _theme(t, decisions.get(("theme", t.pk)))
            for t in obj.themes.prefetch_related("measures")
        ]

    @staticmethod
    def resolve_escalations(obj: Overview) -> list[dict[str, Any]]:
        decisions = _decisions(obj)
        return [
            _escalation(e, decisions.get(("escalation", e.pk)))
            for e in obj.escalations.select_related("measure__plan__unit")
        ]

    @staticmethod
    def resolve_versions(obj: Overview) -> list[OverviewVersion]:
        return list(obj.versions.select_related("recipient_unit"))


class OverviewIn(Schema):
    summary: str
    comment: str = ""
    revision: int


class ConflictOut(Schema):
    detail: str
    current: OverviewOut


def _overview(request: HttpRequest, uid: UUID) -> Overview:
    found = Overview.objects.select_related("unit", "round").filter(uid=uid).first()
    if found is None:
        raise HttpError(404, "No overview has this id.")
    if not Overview.objects.filter(scope.overviews_visible(request.user), pk=found.pk).exists():
        raise HttpError(403, "This overview is outside your scope.")
    return found


def _decisions(overview: Overview) -> dict[tuple[str, int], Decision]:
    """The dean's decisions on a compilation's items, by ("theme" | "escalation", id); read
    once per overview."""
    cached: dict[tuple[str, int], Decision] | None = getattr(overview, "_api_decisions", None)
    if cached is None:
        cached = {}
        if overview.is_compilation:
            for d in (
                Decision.objects.filter(overview=overview)
                .select_related("overview__unit", "escalation__measure")
                .prefetch_related("theme__measures")
            ):
                if d.theme_id is not None:
                    cached[("theme", d.theme_id)] = d
                elif d.escalation_id is not None:
                    cached[("escalation", d.escalation_id)] = d
        overview._api_decisions = cached  # type: ignore[attr-defined]
    return cached


def _theme(theme: Theme, decision: Decision | None) -> dict[str, Any]:
    return {
        "uid": theme.uid,
        "title": theme.title,
        "dimension": theme.dimension,
        "summary": theme.summary,
        "pass_up": theme.pass_up,
        "comment": theme.comment,
        "position": theme.position,
        "measures": [m.uid for m in theme.measures.all()],
        "decision": decision,
    }


def _escalation(escalation: Escalation, decision: Decision | None) -> dict[str, Any]:
    measure = escalation.measure
    return {
        "uid": escalation.uid,
        "measure": measure.uid,
        "measure_title": measure.title,
        "unit_code": measure.plan.unit.code,
        "status": measure.escalation,
        "comment": escalation.comment,
        "position": escalation.position,
        "decision": decision,
    }


@router.get(
    "/rounds/{uid}/overviews",
    response={200: list[OverviewOut], 401: Error, 403: Error, 404: Error},
)
@paginate(LimitOffsetPagination)
def list_overviews(
    request: HttpRequest, uid: UUID, unit: str = "", kind: str = ""
) -> QuerySet[Overview]:
    """The round's overviews (leaders' overviews and HR's compilations) in scope, by unit;
    `unit` narrows to a unit code and the units below it, `kind` to "unit" or "compilation"."""
    survey = scope.survey_round(uid)
    if not scope.may_read_overviews(request.user):
        raise HttpError(403, "You may not read overviews.")
    overviews = (
        Overview.objects.filter(scope.overviews_visible(request.user), round=survey)
        .select_related("unit", "round")
        .annotate(last_sent_at=Max("versions__sent_at"))
    )
    if unit:
        top = scope.current_unit(request.user, "overviews.view", unit)
        overviews = overviews.filter(unit__path__startswith=top.path)
    if kind:
        if kind not in OverviewKind.values:
            raise HttpError(422, "kind: one of " + ", ".join(OverviewKind.values) + ".")
        overviews = overviews.filter(kind=kind)
    return overviews.order_by("unit__path", "kind")


@router.get(
    "/overviews/{uid}", response={200: OverviewDetailOut, 401: Error, 403: Error, 404: Error}
)
def get_overview(request: HttpRequest, uid: UUID) -> Overview:
    """One overview: its common themes (each with its measures' uids, and on a compilation the
    dean's decision), the escalated measures passed up, and the versions sent."""
    return _overview(request, uid)


@router.put(
    "/overviews/{uid}",
    response={200: OverviewDetailOut, 401: Error, 403: Error, 404: Error, 409: ConflictOut},
)
def update_overview(request: HttpRequest, uid: UUID, data: OverviewIn) -> Any:
    """Save the overall summary and the comment to the recipient with the `revision` they were
    read at ("overviews.write"; a compilation "overviews.compile"). Sending stays on the page."""
    overview = _overview(request, uid)
    permission = "overviews.compile" if overview.is_compilation else "overviews.write"
    if not policy.can(request.user, permission, overview.unit):
        raise HttpError(403, "You may not change this overview.")
    try:
        saved = services.save_text(
            actor=request.user,
            overview=overview,
            summary=data.summary,
            comment=data.comment,
            revision=data.revision,
        )
    except services.Conflict as conflict:
        detail = "The overview changed since the given revision; nothing was saved."
        current = Overview.objects.select_related("unit", "round").get(pk=conflict.overview.pk)
        return Status(409, {"detail": detail, "current": current})
    return Overview.objects.select_related("unit", "round").get(pk=saved.pk)


@router.get(
    "/overviews/{uid}/versions/{number}",
    response={200: VersionDetailOut, 401: Error, 403: Error, 404: Error},
)
def get_version(request: HttpRequest, uid: UUID, number: int) -> OverviewVersion:
    """A sent version with the snapshot frozen when it was sent: the summary, the themes with
    their measures, the escalations, and the plans and units it covered."""
    overview = _overview(request, uid)
    version = overview.versions.select_related("recipient_unit").filter(number=number).first()
    if version is None:
        raise HttpError(404, "This overview has no sent version with this number.")
    return version


@router.get(
    "/rounds/{uid}/units/{code}/decisions",
    response={200: list[DecisionOut], 401: Error, 403: Error, 404: Error},
)
def decisions_below(request: HttpRequest, uid: UUID, code: str) -> list[Decision]:
    """The decisions that came down to a unit: on escalated measures or themes holding
    measures of the unit or the units below it, newest first."""
    survey = scope.survey_round(uid)
    unit = scope.current_unit(request.user, "overviews.view", code)
    return list(services.decisions_below(unit, survey).prefetch_related("theme__measures"))
