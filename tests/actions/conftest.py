"""Fixtures for action-plan tests: a plan of the Section for Performance with a good and a
vague measure, and a union representative."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from actions import services
from actions.models import ActionPlan, Measure
from orgs.models import Person, Role, RoleAssignment
from tests.api.conftest import api_get, token_for  # noqa: F401 – the API fixtures
from tests.personas import PASSWORD, Personas


@dataclass
class PlanSetup:
    plan: ActionPlan
    good: Measure
    vague: Measure


def good_values(p: Personas, **overrides: Any) -> services.MeasureValues:
    today = timezone.localdate()
    values = services.MeasureValues(
        title="Monthly all-hands meeting",
        description="Hold a 30-minute all-hands meeting on the first Monday of every month "
        "for all staff of the section; target: at least 80 % attend",
        indicator="Share of staff attending",
        target="At least 80 % attend",
        agreed_at=today - dt.timedelta(days=2),
        agreed_where="Action meeting",
        agreed_by="All staff of the section and the safety representative",
        resources="30 minutes a month per employee",
        within_authority=True,
        start=today,
        due=today + dt.timedelta(days=150),
        follow_up=[today + dt.timedelta(days=75)],
        responsible_person=p.section_leader.person,
    )
    for key, value in overrides.items():
        setattr(values, key, value)
    return values


def vague_values() -> services.MeasureValues:
    return services.MeasureValues(
        title="Communication", description="We will work on communication"
    )


def make_plan(p: Personas) -> PlanSetup:
    unit = p.org.performance
    areas = services.add_focus_areas(
        actor=p.facilitator,
        unit=unit,
        round=None,
        items=[
            {"kind": "preserve", "title": "Good colleagues", "description": "", "dimension": ""},
            {"kind": "improve", "title": "Information flow", "description": "", "dimension": ""},
        ],
    )
    plan = ActionPlan.objects.get(unit=unit, round=None)
    good = services.create_measure(
        actor=p.section_leader, plan=plan, values=good_values(p, focus_area=areas[1])
    )
    vague = services.create_measure(actor=p.section_leader, plan=plan, values=vague_values())
    plan.refresh_from_db()
    return PlanSetup(plan, good, vague)


@pytest.fixture
def setup(personas: Personas) -> PlanSetup:
    return make_plan(personas)


@pytest.fixture
def union_rep(personas: Personas) -> User:
    person = Person.objects.create(
        employee_id="P-ulla",
        given_name="Ulla",
        family_name="Union",
        email="ulla@vestfjord.test",
        unit=personas.org.music,
    )
    RoleAssignment.objects.create(
        person=person, role=Role.UNION_REP, unit=personas.org.music, include_subtree=True
    )
    return User.objects.create_user(person.email, PASSWORD, person=person)
