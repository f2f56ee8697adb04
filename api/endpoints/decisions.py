"""GET /rounds/{uid}/decisions (optionally by outcome) and /decisions/{uid}: the dean's or
director's decisions on the items of HR's compilations, with the institution's decision on
those passed to the rector. A decision is in scope where its
compilation is (api/endpoints/scope.py `overviews_visible`), and where it came down to a unit
in scope: on an escalated measure or a theme holding measures of a unit the reader may see
("overviews.view", as `overviews.services.decisions_below`)."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

import datetime as dt
from typing import Any
from uuid import UUID

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from api.endpoints import scope
from api.schemas import Error
from orgs import policy
from overviews.models import Decision, Outcome

router = Router(tags=["overviews"])


class InstitutionDecisionOut(Schema):
    """The institution's (the rector's) decision on an item passed to it."""

    outcome: str  # "adopted" or "no_action"
    text: str
    decided_at: dt.datetime
    decided_by: str

    @staticmethod
    def resolve_decided_by(obj: Any) -> str:
        return str(obj.decided_by_name)


class DecisionOut(Schema):
    uid: UUID
    compilation: UUID
    faculty_code: str
    item_kind: str
    item: UUID
    item_title: str
    measures: list[UUID]
    outcome: str
    text: str
    decided_at: dt.datetime
    decided_by: str
    institution_decision: InstitutionDecisionOut | None  # only when outcome is "rector"

    @staticmethod
    def resolve_institution_decision(obj: Decision) -> Any:
        return getattr(obj, "institution_decision", None)

    @staticmethod
    def resolve_compilation(obj: Decision) -> UUID:
        return obj.overview.uid

    @staticmethod
    def resolve_faculty_code(obj: Decision) -> str:
        return obj.overview.unit.code

    @staticmethod
    def resolve_item_kind(obj: Decision) -> str:
        return "theme" if obj.theme_id else "escalation"

    @staticmethod
    def resolve_item(obj: Decision) -> UUID:
        item: Any = obj.theme or obj.escalation
        return item.uid

    @staticmethod
    def resolve_measures(obj: Decision) -> list[UUID]:
        if obj.theme is not None:
            return [m.uid for m in obj.theme.measures.all()]
        assert obj.escalation is not None
        return [obj.escalation.measure.uid]

    @staticmethod
    def resolve_decided_by(obj: Decision) -> str:
        return obj.decided_by_name


def _in_scope(user: Any) -> QuerySet[Decision]:
    units = policy.units_for(user, "overviews.view")
    reached = Q(escalation__measure__plan__unit__in=units) | Q(
        theme__measures__plan__unit__in=units
    )
    return (
        Decision.objects.filter(
            pk__in=Decision.objects.filter(
                scope.overviews_visible(user, "overview__") | reached
            ).values("pk")
        )
        .select_related("overview__unit", "theme", "escalation__measure", "institution_decision")
        .prefetch_related("theme__measures")
    )


@router.get(
    "/rounds/{uid}/decisions",
    response={200: list[DecisionOut], 401: Error, 403: Error, 404: Error, 422: Error},
)
@paginate(LimitOffsetPagination)
def list_decisions(request: HttpRequest, uid: UUID, outcome: str = "") -> QuerySet[Decision]:
    """The round's decisions in scope, newest first; `outcome` narrows to "faculty",
    "rector" or "no_action"."""
    survey = scope.survey_round(uid)
    if not scope.may_read_overviews(request.user):
        raise HttpError(403, "You may not read decisions.")
    decisions = _in_scope(request.user).filter(overview__round=survey)
    if outcome:
        if outcome not in Outcome.values:
            raise HttpError(422, "outcome: one of " + ", ".join(Outcome.values) + ".")
        decisions = decisions.filter(outcome=outcome)
    return decisions.order_by("-decided_at", "pk")


@router.get("/decisions/{uid}", response={200: DecisionOut, 401: Error, 403: Error, 404: Error})
def get_decision(request: HttpRequest, uid: UUID) -> Decision:
    found = Decision.objects.filter(uid=uid).first()
    if found is None:
        raise HttpError(404, "No decision has this id.")
    decision = _in_scope(request.user).filter(pk=found.pk).first()
    if decision is None:
        raise HttpError(403, "This decision is outside your scope.")
    return decision
