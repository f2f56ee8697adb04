"""Above / this unit / below: a head of department sees the plans of the sections below."""

from __future__ import annotations

from actions import services
from actions.models import ActionPlan
from surveys.models import RoundStatus
from tests.actions.conftest import good_values, vague_values
from tests.rounds import survey_round


def _plan(personas, unit, survey, *values):
    services.add_focus_areas(
        actor=personas.admin,
        unit=unit,
        round=survey,
        items=[{"kind": "improve", "title": "Information", "description": "", "dimension": ""}],
    )
    plan = ActionPlan.objects.get(unit=unit, round=survey)
    for value in values:
        services.create_measure(actor=personas.admin, plan=plan, values=value)
    return plan


def test_the_head_sees_the_sections_below_with_smart_status(personas, login):
    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED)
    escalate = good_values(personas, title="Extra rooms", within_authority=False)
    _plan(
        personas, personas.org.performance, survey, good_values(personas), vague_values(), escalate
    )
    _plan(personas, personas.org.music, survey, good_values(personas))
    response = login(personas.head).get(f"/plans/unit/{personas.org.music.uid}/roll-up/")
    data = response.context["data"]
    assert data.here.unit == personas.org.music and data.here.measures == 1
    (performance,) = data.below
    assert performance.unit == personas.org.performance
    assert (performance.measures, performance.failing, performance.escalated) == (3, 1, 1)
    assert [m.title for m in data.escalated] == ["Extra rooms"]
    assert data.above == []  # the head holds no role above the department
    admin = login(personas.admin).get(f"/plans/unit/{personas.org.performance.uid}/roll-up/")
    assert [row.unit.code for row in admin.context["data"].above] == ["UVF", "HF", "HF-01"]
    html = response.content.decode()
    assert "Fail a SMART criterion" in html and "Extra rooms" in html


def test_the_section_leader_sees_no_sibling_sections_and_the_outsider_nothing(personas, login):
    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED)
    _plan(personas, personas.org.culture, survey, good_values(personas, responsible_person=None))
    response = login(personas.section_leader).get(
        f"/plans/unit/{personas.org.performance.uid}/roll-up/"
    )
    assert response.status_code == 200 and response.context["data"].below == []
    assert (
        login(personas.section_leader)
        .get(f"/plans/unit/{personas.org.culture.uid}/roll-up/")
        .status_code
        == 403
    )
    assert (
        login(personas.outsider).get(f"/plans/unit/{personas.org.music.uid}/roll-up/").status_code
        == 403
    )


def test_the_queries_do_not_grow_with_the_plans_below(personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from actions import rollup

    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED)
    _plan(personas, personas.org.performance, survey, good_values(personas), vague_values())

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            rollup.build(personas.admin, personas.org.hf, survey)
        return len(captured)

    queries()  # the reader's grants are looked up once per user object
    one = queries()
    _plan(personas, personas.org.culture, survey, good_values(personas, responsible_person=None))
    _plan(personas, personas.org.music, survey, vague_values())
    assert queries() == one
