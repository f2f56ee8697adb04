"""Survey-round helpers and fixtures for the round services (a pytest plugin loaded by
tests/conftest.py). tests/rounds.py builds rounds directly with the models instead."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from lib import instrument as instrument_format
from orgs.models import OrgUnit, Person
from surveys import services
from surveys.models import Instrument, SurveyRound

MINI = Path(__file__).resolve().parent / "data" / "mini-instrument.yaml"


def load_mini_instrument() -> Instrument:
    """The test questionnaire as a stored Instrument row."""
    text = MINI.read_text(encoding="utf-8")
    definition = instrument_format.load(text)
    found = Instrument.objects.filter(code=definition.code, version=definition.version).first()
    return found or Instrument.objects.create(
        code=definition.code,
        version=definition.version,
        title_nb=definition.title["nb"],
        title_en=definition.title["en"],
        source=text,
        sha256=hashlib.sha256(text.encode()).hexdigest(),
    )


def add_staff(unit: OrgUnit, count: int, prefix: str | None = None) -> list[Person]:
    """`count` active people whose primary unit is `unit`."""
    prefix = prefix or unit.code.lower()
    people = []
    start = Person.objects.filter(employee_id__startswith=f"S-{prefix}-").count()
    for i in range(start, start + count):
        person = Person.objects.create(
            employee_id=f"S-{prefix}-{i}",
            given_name=f"Staff{i}",
            family_name=prefix.upper(),
            email=f"{prefix}.{i}@vestfjord.test",
            unit=unit,
            position_group="technical",
            age_group="30-39",
        )
        person.memberships.create(unit=unit, valid_from=dt.date(2020, 1, 1))
        people.append(person)
    return people


def round_settings(
    instrument: Instrument, scope: OrgUnit, **changes: Any
) -> services.RoundSettings:
    today = timezone.localdate()
    values: dict[str, Any] = {
        "name": "Survey 2026",
        "instrument": instrument,
        "scope": scope,
        "opens_on": today,
        "closes_on": today + dt.timedelta(days=21),
        "languages": ["nb", "en"],
        "reminder_dates": [today + dt.timedelta(days=7), today + dt.timedelta(days=14)],
    }
    values.update(changes)
    return services.RoundSettings(**values)


@pytest.fixture
def instrument(db: None) -> Instrument:
    return load_mini_instrument()


@pytest.fixture
def make_round(instrument: Instrument) -> Callable[..., SurveyRound]:
    """`make_round(scope, **settings)` creates a draft round as the system."""

    def _make(scope: OrgUnit, **changes: Any) -> SurveyRound:
        return services.create_round(
            actor=None, values=round_settings(instrument, scope, **changes)
        )

    return _make


@pytest.fixture
def staffed(personas: Any) -> Any:
    """The personas' organisation with enough staff for numbers to be shown: Performance 6
    (plus Sofie and Erik), Music 2 directly attached (plus Leif and Siri), Cultural Studies
    7, Science 9 (plus Otto)."""
    org = personas.org
    add_staff(org.performance, 6)
    add_staff(org.music, 2)
    add_staff(org.culture, 7)
    add_staff(org.mn, 9)
    return personas


@pytest.fixture
def open_now(django_capture_on_commit_callbacks: Any) -> Callable[..., SurveyRound]:
    """`open_now(round)` opens a round and runs what waits for the commit (the e-mails)."""

    def _open(round_: SurveyRound, actor: Any = None) -> SurveyRound:
        with django_capture_on_commit_callbacks(execute=True):
            return services.open_round(actor=actor, round=round_)

    return _open


def simulate_submit(
    invitation: Any, answers: dict[str, Any] | None = None, comment: str = ""
) -> Any:
    """What the respondent surface does on submit (respond/services.py owns the real one):
    mark the invitation submitted and store an unlinked response (and comment)."""
    from django.db import transaction

    from surveys.models import Comment, Draft, InvitationStatus, Response

    with transaction.atomic():
        invitation.status = InvitationStatus.SUBMITTED
        invitation.save(update_fields=["status"])
        Draft.objects.filter(round=invitation.round, key=f"draft-{invitation.pk}").delete()
        response = Response.objects.create(
            round=invitation.round,
            reporting_unit=invitation.reporting_unit,
            background=invitation.background,
            answers=answers or {"W1": 4, "W2": 2, "C1": 5, "C2": 4, "F1": "no"},
        )
        if comment:
            Comment.objects.create(
                round=invitation.round,
                reporting_unit=invitation.reporting_unit,
                question="T1",
                text=comment,
            )
    return response


def simulate_start(invitation: Any) -> None:
    """A respondent who answered the first page: status started and a saved draft."""
    from surveys.models import Draft, InvitationStatus

    invitation.status = InvitationStatus.STARTED
    invitation.save(update_fields=["status"])
    Draft.objects.create(
        round=invitation.round, key=f"draft-{invitation.pk}", answers={"W1": 3}, page=1
    )
