"""GET /rounds/{uid}/results and /rounds/{uid}/results/{code}: the published cells of a
released round, exactly as report readers see them (the columns of `medvirk exportresults`),
for the units whose report the token's owner may read. Every call is in the audit log."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from api.schemas import Error
from reports import access, export
from reports.models import Release, UnitReport
from surveys.models import SurveyRound

router = Router(tags=["reports"])


class CellOut(Schema):
    unit_code: str
    group_variable: str
    group: str
    code: str
    kind: str
    n: int | None
    mean: float | None
    sd: float | None
    favourable: float | None
    neutral: float | None
    unfavourable: float | None
    distribution: str
    parent_mean: float | None
    institution_mean: float | None
    previous_mean: float | None
    hidden_reason: str


class UnitResultsOut(Schema):
    code: str
    name_nb: str
    name_en: str
    parent_code: str | None
    response_rate_percent: int | None
    respondents: int | None
    cells: list[CellOut]


class ResultsOut(Schema):
    round: str
    release: int
    units: list[UnitResultsOut]


def _release(request: HttpRequest, uid: UUID) -> tuple[SurveyRound, Release]:
    survey = SurveyRound.objects.filter(uid=uid).first()
    if survey is None:
        raise HttpError(404, "No round has this id.")
    release = access.current_release(survey)
    if release is None:
        raise HttpError(404, "The reports of this round have not been released.")
    return survey, release


def _unit(release: Release, report: UnitReport) -> dict[str, Any]:
    data = report.data
    return {
        "code": report.code,
        "name_nb": data["name"]["nb"],
        "name_en": data["name"]["en"],
        "parent_code": data["parent"],
        "response_rate_percent": data["rate"]["percent"],
        "respondents": data["respondents"],
        "cells": list(export.report_rows(release, report)),
    }


@router.get("/rounds/{uid}/results", response={200: ResultsOut, 401: Error, 403: Error, 404: Error})
def list_results(request: HttpRequest, uid: UUID, unit: str = "") -> dict[str, Any]:
    """Every unit report of the round's current release that the owner may read (or only
    `unit` and the units below it), with every published cell."""
    survey, release = _release(request, uid)
    visible = access.visible_units(request.user, survey)
    reports = UnitReport.objects.filter(release=release, round_unit__in=visible).order_by("path")
    if unit:
        top = release.units.filter(code=unit).first()
        if top is None:
            raise HttpError(404, "The round has no unit with this code.")
        reports = reports.filter(path__startswith=top.path)
    units = [_unit(release, report) for report in reports]
    access.log_view(request.user, survey, what="api", unit=unit, units=len(units))
    return {"round": survey.name, "release": release.number, "units": units}


@router.get(
    "/rounds/{uid}/results/{code}",
    response={200: UnitResultsOut, 401: Error, 403: Error, 404: Error},
)
def get_unit_results(request: HttpRequest, uid: UUID, code: str) -> dict[str, Any]:
    """One unit's report: every whole-unit cell (hidden ones with the reason) and the
    published breakdown cells."""
    survey, release = _release(request, uid)
    report = (
        UnitReport.objects.select_related("round_unit__unit")
        .filter(release=release, code=code)
        .first()
    )
    if report is None:
        raise HttpError(404, "The round has no unit with this code.")
    if not access.can_view(request.user, report.round_unit):
        raise HttpError(403, "This unit's report is outside your scope.")
    access.log_view(request.user, survey, what="api", unit=code)
    return _unit(release, report)
