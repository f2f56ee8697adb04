"""The roll-up scene: three sections of the Department of Music agree their plans (similar
all-hands meetings, workload measures, and two measures outside their authority)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from actions import services
from actions.models import ActionPlan, Measure
from orgs.models import OrgUnit, UnitKind
from surveys.models import RoundStatus, SurveyRound
from tests.actions.conftest import good_values
from tests.personas import Personas
from tests.rounds import survey_round


@dataclass
class Scene:
    round: SurveyRound
    sections: list[OrgUnit]
    plans: list[ActionPlan]
    rooms: Measure  # escalated by the Section for Performance
    budget: Measure  # escalated by the Section for Composition


SECTION_MEASURES = {
    "HF-01-01": [
        ("demands", "Monthly all-hands meeting for the whole section",
         "Hold a one-hour all-hands meeting on the first Monday of every month for all staff", True),
        ("demands", "Shared calendar of teaching load and deadlines",
         "Introduce a shared calendar of teaching load and deadlines for all staff, updated weekly", True),
        ("resources", "More practice rooms for the ensembles",
         "Provide two more practice rooms for the ensembles, booked weekly by all staff", False),
    ],
    "HF-01-02": [
        ("demands", "Monthly all-hands meeting with everyone in the section",
         "Hold an all-hands meeting every month with everyone in the section, one hour", True),
        ("resources", "Travel budget for conference visits",
         "Offer every employee a travel budget of 15,000 kroner a year for conference visits", False),
    ],
    "HF-01-03": [
        ("demands", "All-hands meeting every month for all staff",
         "Hold a monthly all-hands meeting for all staff of the section on the first Monday", True),
        ("demands", "Calendar of teaching load and exam deadlines shared by all",
         "Introduce a calendar of teaching load and exam deadlines shared by all staff, updated weekly", True),
    ],
}  # fmt: skip


def build_scene(p: Personas, *, agree: bool = True) -> Scene:
    survey = survey_round(p.org.root, status=RoundStatus.CLOSED)
    make = OrgUnit.objects.create_unit
    sections = [
        p.org.performance,
        make(code="HF-01-02", name_nb="Seksjon for komposisjon", name_en="Section for Composition",
             kind=UnitKind.SECTION, parent=p.org.music),
        make(code="HF-01-03", name_nb="Seksjon for musikkteori", name_en="Section for Music Theory",
             kind=UnitKind.SECTION, parent=p.org.music),
    ]  # fmt: skip
    plans, escalated = [], []
    for section in sections:
        areas = services.add_focus_areas(
            actor=p.admin,
            unit=section,
            round=survey,
            items=[
                {"kind": "improve", "title": "Workload", "description": "", "dimension": "demands"},
                {"kind": "improve", "title": "Resources", "description": "", "dimension": "resources"},
            ],
        )  # fmt: skip
        plan = ActionPlan.objects.get(unit=section, round=survey)
        for dimension, title, description, within in SECTION_MEASURES[section.code]:
            area = areas[0] if dimension == "demands" else areas[1]
            measure = services.create_measure(
                actor=p.admin,
                plan=plan,
                values=good_values(
                    p,
                    title=title,
                    description=description,
                    within_authority=within,
                    focus_area=area,
                    responsible_person=None,
                    responsible_name=f"Leader of {section.code}",
                ),
            )
            if not within:
                escalated.append(measure)
        if agree:
            plan.refresh_from_db()
            services.agree_plan(actor=p.admin, plan=plan, revision=plan.revision)
        plans.append(plan)
    return Scene(survey, sections, plans, escalated[0], escalated[1])


@pytest.fixture
def scene(personas: Personas) -> Scene:
    return build_scene(personas)
