"""The progress plan: the typical timeline, copying, ticking steps and milestones that Medvirk
marks itself."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from progress import services
from progress.models import Milestone, ProgressPlan, Scope
from reports.models import StaffRelease
from surveys.models import RoundStatus
from tests.rounds import survey_round


@pytest.fixture
def survey(personas):
    return survey_round(personas.org.root, status=RoundStatus.CLOSED)  # opens 2 March 2026


def test_the_overview_deadline_is_mid_june_at_least_three_months_after_close():
    assert services.overview_deadline(dt.date(2026, 10, 5)) == dt.date(2027, 6, 15)
    assert services.overview_deadline(dt.date(2027, 1, 31)) == dt.date(2027, 6, 15)
    assert services.overview_deadline(dt.date(2027, 3, 20)) == dt.date(2027, 6, 15)
    assert services.overview_deadline(dt.date(2027, 4, 20)) == dt.date(2028, 6, 15)


def test_the_template_reproduces_the_typical_timeline(survey, personas):
    plan = services.create_from_template(actor=personas.admin, round=survey)
    tasks = {t.title_en: t for t in plan.tasks.all()}
    assert tasks["Anchor the survey and the timeline in AMU"].due == dt.date(2026, 1, 19)
    assert tasks["Fact sheet about the unit"].milestone == Milestone.FACT_SHEET
    assert tasks["Mapping meeting held"].due == survey.closes_on + dt.timedelta(days=56)
    assert tasks["Overview sent up"].due == dt.date(2026, 6, 15)
    assert tasks["Overview sent up"].scope == Scope.UNIT
    assert {t.phase for t in tasks.values()} == {
        "preparation",
        "mapping",
        "measures",
        "implementing",
        "evaluating",
    }
    assert AuditEntry.objects.filter(action="progress.plan.create").count() == 1
    with pytest.raises(ValidationError, match="has a progress plan already"):
        services.create_from_template(actor=personas.admin, round=survey)


def test_copying_moves_every_date_by_the_time_between_the_rounds(survey, personas):
    earlier = services.create_from_template(actor=personas.admin, round=survey)
    first = earlier.tasks.get(title_en="Release the reports")
    services.update_task(actor=personas.admin, task=first, title_en="Release the reports early")
    later = survey_round(personas.org.root, status=RoundStatus.DRAFT, name="Survey 2027")
    later.opens_on = survey.opens_on + dt.timedelta(days=364)
    later.save()
    copied = services.copy_plan(actor=personas.admin, round=later, source=survey)
    moved = copied.tasks.get(title_en="Release the reports early")
    assert moved.due == first.due + dt.timedelta(days=364)
    assert copied.tasks.count() == earlier.tasks.count()


def test_copying_needs_a_plan_to_copy(survey, personas):
    later = survey_round(personas.org.root, status=RoundStatus.DRAFT, name="Survey 2027")
    with pytest.raises(ValidationError, match="has no progress plan"):
        services.copy_plan(actor=personas.admin, round=later, source=survey)
    assert not ProgressPlan.objects.exists()


def test_unit_steps_are_ticked_by_hand_or_marked_by_medvirk(survey, personas):
    plan = services.create_from_template(actor=personas.admin, round=survey)
    music = personas.org.music
    follow_up = plan.tasks.get(title_en="Follow-up meeting held")
    services.set_unit_task(actor=personas.head, task=follow_up, unit=music, done=True)
    released = plan.tasks.get(milestone=Milestone.REPORT_RELEASED)
    with pytest.raises(ValidationError, match="marked done by Medvirk itself"):
        services.set_unit_task(actor=personas.head, task=released, unit=music, done=True)
    StaffRelease.objects.create(round=survey, round_unit=survey.units.get(code="HF-01"))
    status = {
        s.task.title_en: s for s in services.unit_status(plan, music, today=dt.date(2027, 12, 1))
    }
    assert status["Follow-up meeting held"].done and not status["Follow-up meeting held"].automatic
    assert status["Unit report released to the staff"].done
    assert status["Unit report released to the staff"].automatic
    assert not status["Fact sheet about the unit"].done
    assert status["Fact sheet about the unit"].overdue
    assert services.units_done(plan, released, [music, personas.org.culture]) == 1


def test_a_finished_fact_sheet_marks_its_step(survey, personas):
    plan = services.create_from_template(actor=personas.admin, round=survey)
    music = personas.org.music
    step = plan.tasks.get(milestone=Milestone.FACT_SHEET)
    services.save_fact_sheet(
        actor=personas.head,
        round=survey,
        unit=music,
        kind="before",
        revision=0,
        values={"changes": "New head of department in January."},
        completed=False,
    )
    assert services.units_done(plan, step, [music]) == 0
    services.save_fact_sheet(
        actor=personas.safety_rep,
        round=survey,
        unit=music,
        kind="before",
        revision=1,
        values={
            "changes": "New head of department in January.",
            "composition": "Mostly musicians.",
        },
        completed=True,
    )
    assert services.units_done(plan, step, [music]) == 1


def test_a_second_writer_never_overwrites_the_first_silently(survey, personas):
    music = personas.org.music
    services.save_fact_sheet(
        actor=personas.head,
        round=survey,
        unit=music,
        kind="before",
        revision=0,
        values={"changes": "Leif's text"},
        completed=False,
    )
    with pytest.raises(services.FactSheetConflict) as conflict:
        services.save_fact_sheet(
            actor=personas.safety_rep,
            round=survey,
            unit=music,
            kind="before",
            revision=0,
            values={"changes": "Siri's text"},
            completed=False,
        )
    assert conflict.value.theirs.changes == "Leif's text"
    sheet = services.fact_sheet(round=survey, unit=music, kind="before")
    assert (sheet.changes, sheet.revision) == ("Leif's text", 1)
