"""`add_focus_areas`, the service the live meeting mode calls: dimensions of the round's
questionnaire, all or nothing, the plan created on the way, a new version after agreement."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actions import services
from actions.models import ActionPlan, FocusArea
from audit.models import AuditEntry
from tests import rounds

pytestmark = pytest.mark.django_db


@pytest.fixture
def survey(personas):
    return rounds.survey_round(personas.org.root)


def _dimension(survey) -> str:
    return survey.instrument.definition.dimensions[0].code


def test_it_creates_the_plan_and_links_dimensions(personas, survey):
    code = _dimension(survey)
    areas = services.add_focus_areas(
        actor=personas.facilitator,
        unit=personas.org.performance,
        round=survey,
        items=[
            {
                "kind": "improve",
                "title": "Workload",
                "description": "Peaks in May",
                "dimension": code,
            }
        ],
    )
    plan = ActionPlan.objects.get(unit=personas.org.performance, round=survey)
    assert [a.dimension for a in plan.focus_areas()] == [code]
    assert areas[0].source == "meeting" and areas[0].created_by == personas.facilitator
    assert AuditEntry.objects.filter(action="actions.focus.add").count() == 1


def test_it_accepts_objects_as_items(personas, survey):
    class Outcome:
        kind = "preserve"
        title = "Helpful colleagues"
        description = ""
        dimension = ""

    services.add_focus_areas(
        actor="live", unit=personas.org.performance, round=survey, items=[Outcome()]
    )
    assert FocusArea.objects.get().title == "Helpful colleagues"


def test_it_adds_nothing_when_one_item_is_bad(personas, survey):
    with pytest.raises(ValidationError) as caught:
        services.add_focus_areas(
            actor=personas.facilitator,
            unit=personas.org.performance,
            round=survey,
            items=[
                {"kind": "improve", "title": "Workload"},
                {"kind": "improve", "title": "Noise", "dimension": "no-such-dimension"},
            ],
        )
    assert "Focus area 2" in caught.value.messages[0]
    assert not FocusArea.objects.exists()


def test_the_plan_page_names_the_dimension(personas, survey, login):
    services.add_focus_areas(
        actor=personas.facilitator,
        unit=personas.org.performance,
        round=survey,
        items=[{"kind": "improve", "title": "Workload", "dimension": _dimension(survey)}],
    )
    plan = ActionPlan.objects.get(unit=personas.org.performance, round=survey)
    body = (
        login(personas.section_leader)
        .get(reverse("actions:plan", args=[plan.uid]))
        .content.decode()
    )
    title = survey.instrument.definition.dimensions[0].title["en"]
    assert f"Questionnaire dimension: {title}" in body
