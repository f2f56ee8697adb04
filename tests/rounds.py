"""Survey rounds built directly with the models, for tests of the questionnaire, simulation
and import code (the round services live elsewhere)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgs.models import OrgUnit, Person
from surveys.instrument_services import sha256
from surveys.models import Instrument, Invitation, RoundStatus, RoundUnit, SurveyRound
from tests.instruments import MINI


def instrument(source: str = MINI, **fields: Any) -> Instrument:
    from lib.instrument import load

    definition = load(source)
    return Instrument.objects.create(
        code=definition.code,
        version=definition.version,
        title_nb=definition.title["nb"],
        title_en=definition.title["en"],
        source=source,
        sha256=sha256(source),
        **fields,
    )


def freeze_units(survey: SurveyRound, scope: OrgUnit) -> dict[str, RoundUnit]:
    """RoundUnits for the scope's current subtree, parents first; by code."""
    frozen: dict[str, RoundUnit] = {}
    by_id: dict[int, RoundUnit] = {}
    for unit in OrgUnit.objects.current().subtree_of(scope).order_by("depth", "code"):
        parent = by_id.get(unit.parent_id) if unit.parent_id else None
        path = (parent.path if parent else "/") + unit.code + "/"
        row = RoundUnit.objects.create(
            round=survey,
            unit=unit,
            code=unit.code,
            name_nb=unit.name_nb,
            name_en=unit.name_en,
            kind=unit.kind,
            parent=parent,
            path=path,
            depth=path.count("/") - 2,
        )
        frozen[unit.code] = by_id[unit.pk] = row
    return frozen


def survey_round(
    scope: OrgUnit,
    *,
    status: str = RoundStatus.OPEN,
    source: str = MINI,
    extra_items: list[Any] | None = None,
    name: str = "Survey 2026",
) -> SurveyRound:
    survey = SurveyRound.objects.create(
        name=name,
        instrument=instrument(source),
        scope=scope,
        status=status,
        languages=["nb", "en"],
        extra_items=extra_items or [],
        opens_on=dt.date(2026, 3, 2),
        closes_on=dt.date(2026, 3, 23),
    )
    freeze_units(survey, scope)
    return survey


def invite_everybody(survey: SurveyRound) -> list[Invitation]:
    units = {u.unit_id: u for u in survey.units.all()}
    invitations = []
    for n, person in enumerate(Person.objects.active().filter(unit_id__in=units)):
        invitations.append(
            Invitation(
                round=survey,
                person=person,
                reporting_unit=units[person.unit_id],
                token_hash=f"{survey.pk:04d}{n:060d}",
                background={
                    "position_group": person.position_group,
                    "age_group": person.age_group,
                    "gender": person.gender,
                    "employment": person.employment,
                },
            )
        )
    return Invitation.objects.bulk_create(invitations)
