"""The meetings and action plans mark the progress plan's steps themselves, and the dashboard
shows the measures by status."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from actions import services as actions
from actions.models import ActionPlan
from meetings import services as meetings
from progress import dashboard, milestones
from surveys.models import RoundStatus
from tests.actions.conftest import good_values
from tests.rounds import survey_round


def test_a_held_meeting_of_the_round_marks_its_step(personas):
    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED)
    performance = personas.org.performance
    start = timezone.make_aware(dt.datetime(2026, 4, 20, 10))
    meeting = meetings.plan_meeting(
        unit=performance,
        kind="mapping",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Room 101",
        actor=personas.facilitator,
    )
    assert milestones.done_units("mapping_held", survey, [performance]) == set()
    meetings.mark_held(meeting=meeting, actor=personas.facilitator)
    assert milestones.done_units("mapping_held", survey, [performance]) == {performance.pk}
    assert milestones.done_units("preparation_held", survey, [performance]) == set()


def test_an_agreed_plan_marks_its_step_and_the_dashboard_counts_measures(personas):
    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED)
    unit = personas.org.performance
    actions.add_focus_areas(
        actor=personas.facilitator,
        unit=unit,
        round=survey,
        items=[
            {"kind": "improve", "title": "Information flow", "description": "", "dimension": ""}
        ],
    )
    plan = ActionPlan.objects.get(unit=unit, round=survey)
    actions.create_measure(actor=personas.section_leader, plan=plan, values=good_values(personas))
    plan.refresh_from_db()
    assert milestones.done_units("plan_agreed", survey, [unit]) == set()
    actions.agree_plan(actor=personas.section_leader, plan=plan, revision=plan.revision)
    assert milestones.done_units("plan_agreed", survey, [unit]) == {unit.pk}
    data = dashboard.build(survey, [unit, personas.org.music])
    row = next(r for r in data.rows if r.unit == unit)
    assert row.steps["plan_agreed"] is True
    assert row.extra["measures"] == "1 planned"
    assert ("measures", "Measures by status") in data.extra
