"""Survey rounds built directly with the models, for tests of the questionnaire, simulation
and import code (the round services live elsewhere)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from orgs.models import OrgUnit, Person
from surveys.instrument_services import sha256
from surveys.models import Instrument, Invitation, RoundStatus, SurveyRound
from surveys.unit_division import freeze_units
from tests.instruments import MINI


def instrument(source: str = MINI, **fields: Any) -> Instrument:
    from lib.instrument import load

    definition = load(source)
    instrument, _ = Instrument.objects.get_or_create(
        code=definition.code,
        version=definition.version,
        defaults={
            "title_nb": definition.title["nb"],
            "title_en": definition.title["en"],
            "source": source,
            "sha256": sha256(source),
            **fields,
        },
    )
    return instrument


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
    freeze_units(survey, OrgUnit.objects.current().subtree_of(scope))
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
