"""Progress plans: the typical university timeline as a template, copying an earlier round's
plan, ticking tasks, and the units' fact sheets (with a conflict check on concurrent saves)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import acting_user, record
from orgs import policy
from orgs.models import OrgUnit
from progress import milestones
from progress.models import (
    FactSheet,
    FactSheetKind,
    Milestone,
    Phase,
    ProgressPlan,
    Responsible,
    Scope,
    Task,
    UnitTaskDone,
)
from surveys.models import SurveyRound


@dataclass(frozen=True)
class TemplateTask:
    phase: str
    title_nb: str
    title_en: str
    responsible: str
    scope: str
    milestone: str
    anchor: str  # "opens", "closes" or "overview"
    days: int


# A typical Norwegian university cycle: anchoring in AMU, a fact sheet before the survey, the
# survey, reports two weeks after close, the three meetings within about three months, plans
# agreed and sent up, overviews to HR by mid-June, follow-up and evaluation within the year.
TEMPLATE: tuple[TemplateTask, ...] = (
    TemplateTask(Phase.PREPARATION, "Forankre undersøkelsen og tidsplanen i AMU", "Anchor the survey and the timeline in AMU", Responsible.AMU, Scope.INSTITUTION, "", "opens", -42),
    TemplateTask(Phase.PREPARATION, "Informere ledere, verneombud og ansatte", "Inform leaders, safety representatives and staff", Responsible.WORKING_GROUP, Scope.INSTITUTION, "", "opens", -14),
    TemplateTask(Phase.PREPARATION, "Faktaark om enheten", "Fact sheet about the unit", Responsible.LEADER_AND_SAFETY_REP, Scope.UNIT, Milestone.FACT_SHEET, "opens", -7),
    TemplateTask(Phase.MAPPING, "Undersøkelsen stenger", "The survey closes", Responsible.WORKING_GROUP, Scope.INSTITUTION, "", "closes", 0),
    TemplateTask(Phase.MAPPING, "Frigi rapportene", "Release the reports", Responsible.WORKING_GROUP, Scope.INSTITUTION, "", "closes", 14),
    TemplateTask(Phase.MAPPING, "Enhetsrapporten frigitt til de ansatte", "Unit report released to the staff", Responsible.LEADER, Scope.UNIT, Milestone.REPORT_RELEASED, "closes", 21),
    TemplateTask(Phase.MAPPING, "Forberedelsesmøte holdt", "Preparation meeting held", Responsible.LEADER_AND_SAFETY_REP, Scope.UNIT, Milestone.PREPARATION_HELD, "closes", 35),
    TemplateTask(Phase.MAPPING, "Kartleggingsmøte holdt", "Mapping meeting held", Responsible.FACILITATOR, Scope.UNIT, Milestone.MAPPING_HELD, "closes", 56),
    TemplateTask(Phase.MEASURES, "Tiltaksmøte holdt", "Action meeting held", Responsible.LEADER, Scope.UNIT, Milestone.ACTION_HELD, "closes", 84),
    TemplateTask(Phase.MEASURES, "Handlingsplan vedtatt og medsignert", "Action plan agreed and co-signed", Responsible.LEADER_AND_SAFETY_REP, Scope.UNIT, Milestone.PLAN_AGREED, "closes", 98),
    TemplateTask(Phase.MEASURES, "Oversikt sendt videre", "Overview sent up", Responsible.LEADER, Scope.UNIT, Milestone.PLAN_SENT_UP, "overview", 0),
    TemplateTask(Phase.MEASURES, "Sammendrag per fakultet til dekan og direktør", "Summaries per faculty to the deans and directors", Responsible.WORKING_GROUP, Scope.INSTITUTION, "", "overview", 21),
    TemplateTask(Phase.IMPLEMENTING, "Statusrapport til AMU og IDF", "Status report to AMU and the IDF meeting", Responsible.WORKING_GROUP, Scope.INSTITUTION, "", "overview", 90),
    TemplateTask(Phase.IMPLEMENTING, "Oppfølgingsmøte holdt", "Follow-up meeting held", Responsible.LEADER, Scope.UNIT, "", "overview", 120),
    TemplateTask(Phase.EVALUATING, "Evaluering av prosessen i enheten", "Evaluation of the process in the unit", Responsible.LEADER_AND_SAFETY_REP, Scope.UNIT, Milestone.EVALUATION, "closes", 330),
    TemplateTask(Phase.EVALUATING, "Evaluere runden i arbeidsgruppen og AMU", "Evaluate the round in the working group and AMU", Responsible.WORKING_GROUP, Scope.INSTITUTION, "", "closes", 360),
    TemplateTask(Phase.EVALUATING, "Årlig arbeidsmiljøsamtale holdt (året uten undersøkelse)", "Annual work-environment conversation held (the year without a survey)", Responsible.LEADER_AND_SAFETY_REP, Scope.UNIT, Milestone.ANNUAL_CONVERSATION, "closes", 390),
)  # fmt: skip


def overview_deadline(closes_on: dt.date) -> dt.date:
    """Overviews go to HR by mid-June: the first 15 June at least two months after close
    (an autumn survey reports the next June; a January or March survey the same June)."""
    earliest = closes_on + dt.timedelta(days=60)
    june = dt.date(earliest.year, 6, 15)
    return june if june >= earliest else dt.date(earliest.year + 1, 6, 15)


def _anchor(survey: SurveyRound, name: str) -> dt.date:
    if name == "opens":
        return survey.opens_on
    if name == "closes":
        return survey.closes_on
    return overview_deadline(survey.closes_on)


def _new_plan(actor: Any, survey: SurveyRound) -> ProgressPlan:
    if ProgressPlan.objects.filter(round=survey).exists():
        raise ValidationError(_("This round has a progress plan already."))
    return ProgressPlan.objects.create(round=survey, created_by=acting_user(actor))


@transaction.atomic
def create_from_template(*, actor: Any, round: SurveyRound) -> ProgressPlan:
    plan = _new_plan(actor, round)
    Task.objects.bulk_create(
        Task(
            plan=plan,
            phase=t.phase,
            title_nb=t.title_nb,
            title_en=t.title_en,
            responsible=t.responsible,
            scope=t.scope,
            milestone=t.milestone,
            due=_anchor(round, t.anchor) + dt.timedelta(days=t.days),
            position=i,
        )
        for i, t in enumerate(TEMPLATE)
    )
    record("progress.plan.create", actor=actor, obj=round, data={"from": "template"})
    return plan


@transaction.atomic
def copy_plan(*, actor: Any, round: SurveyRound, source: SurveyRound) -> ProgressPlan:
    """Copy an earlier round's tasks, moved by the difference between the opening dates."""
    earlier = ProgressPlan.objects.filter(round=source).first()
    if earlier is None:
        raise ValidationError(_("The round to copy from has no progress plan."))
    plan = _new_plan(actor, round)
    shift = round.opens_on - source.opens_on
    Task.objects.bulk_create(
        Task(
            plan=plan,
            phase=t.phase,
            title_nb=t.title_nb,
            title_en=t.title_en,
            responsible=t.responsible,
            scope=t.scope,
            milestone=t.milestone,
            due=t.due + shift,
            position=t.position,
        )
        for t in earlier.tasks.all()
    )
    record("progress.plan.create", actor=actor, obj=round, data={"from": source.name})
    return plan


@transaction.atomic
def update_task(*, actor: Any, task: Task, **values: Any) -> Task:
    before = {name: str(getattr(task, name)) for name in values}
    for name, value in values.items():
        setattr(task, name, value)
    task.full_clean()
    task.save()
    record(
        "progress.task.update",
        actor=actor,
        obj=task.plan.round,
        label=task.title_en,
        data={"before": before, "after": {k: str(v) for k, v in values.items()}},
    )
    return task


@transaction.atomic
def set_institution_task(*, actor: Any, task: Task, done: bool) -> Task:
    if task.scope != Scope.INSTITUTION:
        raise ValidationError(_("This task is done in every unit, not once."))
    task.done_at = timezone.now() if done else None
    task.done_by = acting_user(actor) if done else None
    task.save(update_fields=["done_at", "done_by"])
    record(
        "progress.task.done" if done else "progress.task.undone",
        actor=actor,
        obj=task.plan.round,
        label=task.title_en,
    )
    return task


@transaction.atomic
def set_unit_task(*, actor: Any, task: Task, unit: OrgUnit, done: bool) -> None:
    if task.scope != Scope.UNIT or task.milestone:
        raise ValidationError(_("This task is marked done by Medvirk itself."))
    if done:
        UnitTaskDone.objects.get_or_create(
            task=task,
            unit=unit,
            defaults={"done_by": acting_user(actor)},
        )
    else:
        UnitTaskDone.objects.filter(task=task, unit=unit).delete()
    record(
        "progress.unit_task.done" if done else "progress.unit_task.undone",
        actor=actor,
        obj=unit,
        label=task.title_en,
        data={"round": task.plan.round.name},
    )


@dataclass(frozen=True)
class UnitTaskStatus:
    task: Task
    done: bool
    automatic: bool
    overdue: bool


def unit_status(
    plan: ProgressPlan, unit: OrgUnit, *, today: dt.date | None = None
) -> list[UnitTaskStatus]:
    today = today or timezone.localdate()
    ticked = set(
        UnitTaskDone.objects.filter(task__plan=plan, unit=unit).values_list("task_id", flat=True)
    )
    result = []
    for task in plan.tasks.filter(scope=Scope.UNIT):
        if task.milestone:
            done = unit.pk in milestones.done_units(task.milestone, plan.round, [unit])
        else:
            done = task.pk in ticked
        result.append(
            UnitTaskStatus(task, done, bool(task.milestone), not done and task.due < today)
        )
    return result


def units_done(plan: ProgressPlan, task: Task, units: list[OrgUnit]) -> int:
    """How many of `units` have done a unit task."""
    if task.milestone:
        return len(milestones.done_units(task.milestone, plan.round, units))
    ids = [u.pk for u in units]
    return UnitTaskDone.objects.filter(task=task, unit_id__in=ids).count()


def round_units(
    user: Any,
    survey: SurveyRound,
    permission: str = "progress.view",
    *,
    max_depth: int | None = None,
) -> list[OrgUnit]:
    """The live units of the round that the user may see for `permission` (down to
    `max_depth` levels below the top of the organisation)."""
    scoped = policy.units_for(user, permission)
    if max_depth is not None:
        scoped = scoped.filter(depth__lte=max_depth)
    return list(
        scoped.filter(pk__in=survey.units.exclude(unit=None).values("unit_id")).order_by("path")
    )


@dataclass(frozen=True)
class TaskRow:
    """A task of the plan as the reader sees it: a unit task counts the reader's `units` that
    have done it."""

    task: Task
    done_units: int
    total_units: int
    done: bool
    overdue: bool


def task_rows(
    plan: ProgressPlan, units: list[OrgUnit], *, today: dt.date | None = None
) -> list[TaskRow]:
    """The plan's tasks by phase, deadline and position, each with how far `units` came."""
    today = today or timezone.localdate()
    rows = []
    for task in plan.tasks.all():
        done = total = 0
        if task.scope == Scope.UNIT:
            total = len(units)
            done = units_done(plan, task, units)
        if task.scope == Scope.INSTITUTION:
            finished, behind = task.done_at is not None, task.done_at is None
        else:
            finished, behind = 0 < total == done, done < total
        rows.append(TaskRow(task, done, total, finished, task.due < today and behind))
    order = {p: i for i, p in enumerate(Phase.values)}
    rows.sort(key=lambda r: (order[r.task.phase], r.task.due, r.task.position))
    return rows


# --- Fact sheets -----------------------------------------------------------------------------


class FactSheetConflict(ValidationError):
    """Someone else saved the fact sheet since it was opened; `theirs` is what they saved."""

    def __init__(self, theirs: FactSheet) -> None:
        super().__init__(_("Someone else saved this fact sheet while you were writing."))
        self.theirs = theirs


def fact_sheet(*, round: SurveyRound, unit: OrgUnit, kind: str) -> FactSheet:
    """The unit's fact sheet of this kind, or a new unsaved one."""
    found = FactSheet.objects.filter(round=round, unit=unit, kind=kind).first()
    return found or FactSheet(round=round, unit=unit, kind=kind)


@transaction.atomic
def save_fact_sheet(
    *,
    actor: Any,
    round: SurveyRound,
    unit: OrgUnit,
    kind: str,
    revision: int,
    values: dict[str, str],
    completed: bool,
) -> FactSheet:
    """Save what the writer saw at `revision`; refuse with FactSheetConflict when someone saved
    in between, so that nobody silently overwrites anybody."""
    FactSheetKind(kind)  # ValueError on an unknown kind
    sheet, _created = FactSheet.objects.select_for_update().get_or_create(
        round=round, unit=unit, kind=kind
    )
    if sheet.revision != revision:
        raise FactSheetConflict(sheet)
    for name in sheet.fields:
        setattr(sheet, name, values.get(name, "").strip())
    sheet.completed = completed
    sheet.revision += 1
    sheet.updated_by = acting_user(actor)
    sheet.save()
    record(
        "progress.fact_sheet.save",
        actor=actor,
        obj=unit,
        label=f"{kind} fact sheet",
        data={"round": round.name, "revision": sheet.revision, "completed": completed},
    )
    return sheet
