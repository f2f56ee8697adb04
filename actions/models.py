"""Action plans: a unit's focus areas (preserve / improve) and SMART measures per survey round,
the plan's agreement with signatures and versions, the progress log and sent reminders."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import smart
from orgs.models import OrgUnit, Person
from surveys.models import SurveyRound


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    AGREED = "agreed", _("Agreed")


class FocusKind(models.TextChoices):
    PRESERVE = "preserve", _("Preserve")
    IMPROVE = "improve", _("Improve")


class FocusSource(models.TextChoices):
    MEETING = "meeting", _("From a meeting")
    MANUAL = "manual", _("Added by hand")


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    POSTPONED = "postponed", _("Postponed")
    DROPPED = "dropped", _("Dropped")


class EscalationStatus(models.TextChoices):
    """Where an escalated measure stands on its way up (set by the roll-up, see `overviews`)."""

    NONE = "", _("Not passed up")
    SENT = "sent", _("Passed up, awaiting a decision")
    FACULTY = "faculty", _("Handled in the faculty leadership meeting")
    RECTOR = "rector", _("Passed to the rector and the institution")
    INSTITUTION = "institution", _("Taken up by the institution")
    NO_ACTION = "no_action", _("Decided: no action")


OPEN_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.IN_PROGRESS, MeasureStatus.POSTPONED)


class SignatureRole(models.TextChoices):
    LEADER = "leader", _("Leader")
    SAFETY_REP = "safety_rep", _("Safety representative")
    UNION_REP = "union_rep", _("Union representative")


class ActionPlan(models.Model):
    """The action plan of one unit for one survey round (or, without a round, between rounds).
    `version` counts agreed versions: a change after agreement starts the next one.
    `revision` grows with every change, for optimistic concurrency."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="action_plans")
    round = models.ForeignKey(
        SurveyRound, null=True, blank=True, on_delete=models.PROTECT, related_name="action_plans"
    )
    status = models.CharField(max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "round"], name="actionplan_unit_round"),
            # NULL rounds are distinct in a unique index: one plan without a round per unit.
            models.UniqueConstraint(
                fields=["unit"], condition=Q(round__isnull=True), name="actionplan_unit_no_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} – {self.round or '–'}"

    @property
    def is_agreed(self) -> bool:
        return self.status == PlanStatus.AGREED

    def focus_areas(self) -> models.QuerySet[FocusArea]:
        return FocusArea.objects.filter(unit=self.unit_id, round=self.round_id)

    def signatures_of(self, version: int | None = None) -> models.QuerySet[Signature]:
        return self.signatures.filter(version=version or self.version)

    def last_agreed(self) -> PlanVersion | None:
        return self.versions.order_by("-number").first()


class FocusArea(models.Model):
    """An area the unit wants to preserve or improve, usually from the mapping meeting."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="focus_areas")
    round = models.ForeignKey(
        SurveyRound, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=FocusKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    dimension = models.CharField(_("questionnaire dimension"), max_length=64, blank=True)
    position = models.PositiveIntegerField(default=0)
    source = models.CharField(
        max_length=16, choices=FocusSource.choices, default=FocusSource.MANUAL
    )
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "position", "pk"]
        indexes = [
            # The plan page lists the focus areas of one unit and round.
            models.Index(fields=["unit", "round", "kind", "position"], name="focusarea_plan"),
        ]

    def __str__(self) -> str:
        return self.title


class MeasureQuerySet(models.QuerySet["Measure"]):
    def below(self, unit: OrgUnit, survey: SurveyRound) -> MeasureQuerySet:
        """The measures of the round's plans of `unit` and every current unit below it."""
        return self.filter(
            plan__round=survey,
            plan__unit__path__startswith=unit.path,
            plan__unit__valid_to__isnull=True,
        )

    def open(self) -> MeasureQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: dt.date | None = None) -> MeasureQuerySet:
        return self.open().filter(due__lt=today or timezone.localdate())

    def due_within(self, days: int, today: dt.date | None = None) -> MeasureQuerySet:
        day = today or timezone.localdate()
        return self.open().filter(due__gte=day, due__lte=day + dt.timedelta(days=days))


class Measure(models.Model):
    """A measure (tiltak) of an action plan with the SMART fields of issue 5, item 6."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="measures")
    focus_area = models.ForeignKey(
        FocusArea, null=True, blank=True, on_delete=models.SET_NULL, related_name="measures"
    )
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("what exactly will be done, for whom"), blank=True)
    indicator = models.CharField(_("indicator"), max_length=300, blank=True)
    target = models.CharField(_("target or success criterion"), max_length=300, blank=True)
    index_code = models.CharField(_("index"), max_length=32, blank=True)
    index_value = models.DecimalField(
        _("index target"), max_digits=4, decimal_places=2, null=True, blank=True
    )
    agreed_at = models.DateField(_("agreed on"), null=True, blank=True)
    agreed_where = models.CharField(_("agreed where"), max_length=200, blank=True)
    agreed_by = models.CharField(_("agreed by"), max_length=300, blank=True)
    resources = models.TextField(_("resources needed"), blank=True)
    within_authority = models.BooleanField(_("within the unit's own authority"), null=True)
    start = models.DateField(_("start"), null=True, blank=True)
    due = models.DateField(_("due"), null=True, blank=True)
    follow_up = models.JSONField(_("follow-up dates"), default=list, blank=True)
    responsible_person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    responsible_name = models.CharField(_("responsible (name)"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    escalation = models.CharField(
        _("escalation"),
        max_length=16,
        choices=EscalationStatus.choices,
        blank=True,
        default=EscalationStatus.NONE,
    )
    # Why the leader agreed the plan although this measure fails a SMART criterion.
    smart_reason = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        indexes = [
            # The daily reminder job finds open measures by due date.
            models.Index(fields=["status", "due"], name="measure_status_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def escalate(self) -> bool:
        """Outside the unit's authority: marked for escalation to the level above."""
        return self.within_authority is False

    @property
    def responsible(self) -> str:
        if self.responsible_person is not None:
            return self.responsible_person.full_name
        return self.responsible_name

    @property
    def responsible_email(self) -> str:
        return self.responsible_person.email if self.responsible_person else ""

    @property
    def follow_up_dates(self) -> list[dt.date]:
        return [dt.date.fromisoformat(d) for d in self.follow_up or []]

    @property
    def is_overdue(self) -> bool:
        return (
            self.status in OPEN_STATUSES
            and self.due is not None
            and self.due < timezone.localdate()
        )

    def smart_input(self) -> smart.Measure:
        index = None
        if self.index_code and self.index_value is not None:
            index = smart.IndexTarget(self.index_code, float(self.index_value))
        agreed_by = ", ".join(p for p in (self.agreed_where, self.agreed_by) if p)
        return smart.Measure(
            title=self.title,
            description=self.description,
            indicator=self.indicator,
            target=self.target,
            index_target=index,
            agreed_at=self.agreed_at,
            agreed_by=agreed_by,
            resources=self.resources,
            within_authority=self.within_authority,
            escalate=self.escalate,
            start=self.start,
            due=self.due,
            follow_up=tuple(self.follow_up_dates),
            responsible=self.responsible,
        )

    def smart_check(self, today: dt.date | None = None) -> smart.SmartResult:
        return smart.check(self.smart_input(), today=today or timezone.localdate())


class ProgressEntry(models.Model):
    """A dated line in a measure's progress log, optionally with a status change."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField(_("date"))
    text = models.TextField(_("progress"))
    status_from = models.CharField(max_length=16, choices=MeasureStatus.choices, blank=True)
    status_to = models.CharField(max_length=16, choices=MeasureStatus.choices, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:40]}"


class Signature(models.Model):
    """A signature on one version of a plan: the leader's agreement or a co-signature."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="signatures")
    version = models.PositiveIntegerField()
    role = models.CharField(max_length=16, choices=SignatureRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    signed_at = models.DateTimeField()

    class Meta:
        ordering = ["version", "signed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "version", "role"], name="signature_once_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role}) v{self.version}"


class PlanVersion(models.Model):
    """The full content of an agreed version of a plan, as JSON, kept for the history."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    agreed_at = models.DateTimeField()
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    agreed_by_name = models.CharField(max_length=200)
    # Set when the first change after agreement starts the next version.
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="planversion_number")
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    def measures(self) -> list[dict[str, Any]]:
        return list(self.snapshot.get("measures", []))


class ReminderKind(models.TextChoices):
    BEFORE_DUE = "before_due", _("Before the due date")
    OVERDUE = "overdue", _("Overdue")


class MeasureReminder(models.Model):
    """That the responsible person was reminded about a measure: once per kind and due date
    (a moved due date is a new period). The constraint makes the daily job idempotent."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    due = models.DateField()
    email = models.EmailField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "kind", "due"], name="measurereminder_once_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.kind} {self.due}"
