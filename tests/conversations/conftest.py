"""Fixtures for annual-conversation tests: a conversation of the Section for Performance in
2025 (a year without a survey), planned by its leader Sofie with Siri as safety
representative and Erik taking part."""

from __future__ import annotations

import datetime as dt
from typing import cast

import pytest

from conversations import services
from conversations.models import Conversation
from orgs.models import Person
from tests.personas import Personas

DAY = dt.date(2025, 10, 15)


def plan_values(p: Personas, **overrides: object) -> services.PlanValues:
    values = services.PlanValues(
        date=DAY,
        time=dt.time(13, 0),
        place="Room 2.14",
        safety_rep=p.safety_rep.person,
        participants=[cast(Person, p.section_leader.person), cast(Person, p.employee.person)],
    )
    for key, value in overrides.items():
        setattr(values, key, value)
    return values


@pytest.fixture
def conversation(personas: Personas) -> Conversation:
    return services.plan_conversation(
        actor=personas.section_leader, unit=personas.org.performance, values=plan_values(personas)
    )
