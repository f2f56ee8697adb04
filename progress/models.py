"""The progress plan (fremdriftsplan) of a survey round: phases with dated tasks for the
institution and for every unit, and the units' fact sheets (before the survey: the unit's
organisational facts; after the process: how it went and a self-evaluation)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgUnit
from surveys.models import SurveyRound


class Phase(models.TextChoices):
    PREPARATION = "preparation", _("Preparation and anchoring")
    MAPPING = "mapping", _("Mapping")
    MEASURES = "measures", _("Developing measures")
    IMPLEMENTING = "implementing", _("Implementing")
    EVALUATING = "evaluating", _("Evaluating")


class Responsible(models.TextChoices):
    WORKING_GROUP = "working_group", _("Working group (HR)")
    TOP_MANAGEMENT = "top_management", _("Top management")
    AMU = "amu", _("Working environment committee (AMU)")
    LEADER = "leader", _("Unit leader")
    LEADER_AND_SAFETY_REP = "leader_safety_rep", _("Leader and safety representative")
    FACILITATOR = "facilitator", _("Process facilitator")


class Scope(models.TextChoices):
    INSTITUTION = "institution", _("Once for the institution")
    UNIT = "unit", _("In every unit")


class Milestone(models.TextChoices):
    """Unit steps that other parts of Medvirk can mark done by themselves (progress.milestones)."""

    NONE = "", _("Ticked by hand")
    FACT_SHEET = "fact_sheet", _("Fact sheet written")
    REPORT_RELEASED = "report_released", _("Unit report released")
    PREPARATION_HELD = "preparation_held", _("Preparation meeting held")
    MAPPING_HELD = "mapping_held", _("Mapping meeting held")
    ACTION_HELD = "action_held", _("Action meeting held")
    PLAN_AGREED = "plan_agreed", _("Action plan agreed")
    PLAN_SENT_UP = "plan_sent_up", _("Action plan sent up")
    EVALUATION = "evaluation", _("Evaluation written")
    ANNUAL_CONVERSATION = "annual_conversation", _("Annual conversation held")


class ProgressPlan(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.OneToOneField(SurveyRound, on_delete=models.CASCADE, related_name="progress")
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"progress plan of {self.round}"


class Task(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(ProgressPlan, on_delete=models.CASCADE, related_name="tasks")
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices)
    title_nb = models.CharField(_("title (bokmål)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    responsible = models.CharField(_("responsible"), max_length=24, choices=Responsible.choices)
    scope = models.CharField(_("done"), max_length=16, choices=Scope.choices)
    milestone = models.CharField(
        _("marked done by"), max_length=24, choices=Milestone.choices, blank=True, default=""
    )
    due = models.DateField(_("deadline"))
    position = models.PositiveIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)  # institution tasks
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["plan", "due", "position", "pk"]

    def __str__(self) -> str:
        return self.title_en


class UnitTaskDone(models.Model):
    """A unit task ticked by hand (milestone tasks are decided from the other apps' data)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="done_in")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "unit"], name="unittaskdone_task_unit")
        ]

    def __str__(self) -> str:
        return f"{self.task_id} done in {self.unit_id}"


class FactSheetKind(models.TextChoices):
    BEFORE = "before", _("Before the survey: the unit's facts")
    AFTER = "after", _("After the process: how it went")


class FactSheet(models.Model):
    """Written by the unit's leader and safety representative together. `revision` guards
    against two people saving over each other."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=FactSheetKind.choices)
    # Before: organisational facts.
    changes = models.TextField(_("changes in the last year"), blank=True)
    known_issues = models.TextField(_("known issues and challenges"), blank=True)
    composition = models.TextField(_("composition of the staff"), blank=True)
    # After: how the process went.
    how_it_went = models.TextField(_("how the process went"), blank=True)
    what_was_done = models.TextField(_("what was done"), blank=True)
    self_evaluation = models.TextField(_("self-evaluation"), blank=True)
    completed = models.BooleanField(_("finished"), default=False)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "unit", "kind"], name="factsheet_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} fact sheet of {self.unit_id}"

    FIELDS = {
        FactSheetKind.BEFORE: ("changes", "known_issues", "composition"),
        FactSheetKind.AFTER: ("how_it_went", "what_was_done", "self_evaluation"),
    }

    @property
    def fields(self) -> tuple[str, ...]:
        return self.FIELDS[FactSheetKind(self.kind)]


class ReminderSent(models.Model):
    """One reminder about one task in one unit (or the institution) for one period: the
    unique constraint makes "never twice" hold even when two reminder jobs run at once."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="+")
    unit = models.CharField(max_length=64, blank=True)  # unit code; "" for an institution task
    kind = models.CharField(max_length=8)  # "due" or "overdue"
    period = models.CharField(max_length=16)  # "due", or the ISO week of an overdue reminder
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "kind", "period"], name="progress_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} reminder {self.period} for {self.task_id}/{self.unit}"
