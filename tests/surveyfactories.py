"""Survey rounds for tests, built straight from the models (the rounds workflow has its own
tests): an Instrument row from tests/data/mini-instrument.yaml, a SurveyRound, its frozen
RoundUnits and Invitations whose tokens the test keeps.

    survey = open_round(personas.org)
    token = survey.invite(personas.employee.person)      # the link is /s/<token>/
    tokens = survey.invite_many(survey.units["HF-01"], 50)  # 50 new people in a unit
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils import timezone

from orgs.models import OrgUnit, Person
from surveys.models import (
    Instrument,
    Invitation,
    InvitationStatus,
    RoundStatus,
    RoundUnit,
    SurveyRound,
)
from surveys.tokens import invitation_key, new_token

MINI_INSTRUMENT = Path(__file__).resolve().parent / "data" / "mini-instrument.yaml"
_serial = itertools.count(1)


def make_instrument(path: Path = MINI_INSTRUMENT) -> Instrument:
    """The instrument in `path` as a database row (an existing row with its code and version
    is reused)."""
    source = path.read_text(encoding="utf-8")
    from lib.instrument import load

    definition = load(source)
    instrument, _created = Instrument.objects.get_or_create(
        code=definition.code,
        version=definition.version,
        defaults={
            "title_nb": definition.title.get("nb", ""),
            "title_en": definition.title.get("en", ""),
            "source": source,
            "sha256": hashlib.sha256(source.encode()).hexdigest(),
        },
    )
    return instrument


@dataclass
class SurveyFixture:
    round: SurveyRound
    units: dict[str, RoundUnit] = field(default_factory=dict)  # by unit code

    def invite(
        self,
        person: Person,
        *,
        unit: RoundUnit | None = None,
        status: str = InvitationStatus.INVITED,
    ) -> str:
        """Invite `person` (filed under their unit, or `unit` – e.g. the parent for a leader)
        and return the token of their link."""
        token = new_token()
        Invitation.objects.create(
            round=self.round,
            person=person,
            reporting_unit=unit or self.units[person.unit.code],
            token_hash=invitation_key(token),
            status=status,
            background=background_of(person),
        )
        return token

    def invite_many(self, unit: RoundUnit, count: int) -> list[str]:
        """`count` new people in `unit`, each invited; returns their tokens (bulk inserts, for
        load tests and benchmarks)."""
        assert unit.unit is not None
        batch = next(_serial)
        people = Person.objects.bulk_create(
            Person(
                employee_id=f"S{batch}-{i}",
                given_name="Test",
                family_name=f"Person {batch}-{i}",
                email=f"s{batch}-{i}@vestfjord.test",
                unit=unit.unit,
                position_group="academic",
                age_group="40-49",
            )
            for i in range(count)
        )
        tokens = [new_token() for _ in people]
        Invitation.objects.bulk_create(
            Invitation(
                round=self.round,
                person=person,
                reporting_unit=unit,
                token_hash=invitation_key(token),
                background=background_of(person),
            )
            for person, token in zip(people, tokens, strict=True)
        )
        return tokens

    def url(self, token: str, page: str | int = "") -> str:
        return f"/s/{token}/" + (f"{page}/" if page != "" else "")


def background_of(person: Person) -> dict[str, str]:
    fields = ("position_group", "age_group", "gender", "employment")
    return {name: getattr(person, name) for name in fields if getattr(person, name)}


def open_round(
    root: Any,
    *,
    status: str = RoundStatus.OPEN,
    instrument: Instrument | None = None,
    thresholds: dict[str, int] | None = None,
    extra_items: list[dict[str, Any]] | None = None,
    name: str = "Work environment survey 2026",
) -> SurveyFixture:
    """A round over `root` (an `Org` from tests.personas, or an OrgUnit) and every unit below
    it, frozen into RoundUnits, with the given status (open by default)."""
    scope: OrgUnit = getattr(root, "root", root)
    survey_round = SurveyRound.objects.create(
        name=name,
        instrument=instrument or make_instrument(),
        scope=scope,
        status=status,
        languages=["nb", "en"],
        extra_items=extra_items or [],
        # Open from a week ago for three weeks, whatever day the tests run.
        opens_on=timezone.localdate() - dt.timedelta(days=7),
        closes_on=timezone.localdate() + dt.timedelta(days=14),
        **({"thresholds": thresholds} if thresholds else {}),
    )
    fixture = SurveyFixture(survey_round)
    units = (
        OrgUnit.objects.filter(path__startswith=scope.path)
        .select_related("parent")
        .order_by("path")
    )
    for unit in units:
        parent = fixture.units.get(unit.parent.code) if unit.parent else None
        fixture.units[unit.code] = RoundUnit.objects.create(
            round=survey_round,
            unit=unit,
            code=unit.code,
            name_nb=unit.name_nb,
            name_en=unit.name_en,
            kind=unit.kind,
            parent=parent,
            path=(parent.path if parent else "/") + unit.code + "/",
            depth=parent.depth + 1 if parent else 0,
        )
    return fixture
