"""The roll-up through the line (issue 6, items 2–3): a leader's overview of the action plans of
a unit and the units below it — common themes (fellestrekk) with a summary each, and what is
passed up (themes and escalated measures) — sent to the level above or to HR as a frozen
version; HR's compilation per faculty or centre for the dean or director; the decisions on
each item passed up, which travel back down to the units that raised them; and the
institution's decision on the items the dean or director passed to the rector."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from actions.models import Measure
from audit.models import acting_user, actor_name
from orgs.models import OrgUnit
from surveys.models import SurveyRound


class OverviewKind(models.TextChoices):
    UNIT = "unit", _("Overview")  # a leader's overview of a unit and the units below it
    COMPILATION = "compilation", _("Compilation for the dean or director")  # by HR


class Recipient(models.TextChoices):
    PARENT = "parent", _("the level above")
    HR = "hr", _("HR")
    DEAN = "dean", _("the dean or director")


class Overview(models.Model):
    """One overview per unit, round and kind. `version` counts the sent versions; `revision`
    grows with every change, for optimistic concurrency."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="overviews")
    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="overviews")
    kind = models.CharField(max_length=16, choices=OverviewKind.choices, default=OverviewKind.UNIT)
    summary = models.TextField(_("overall summary"), blank=True)
    comment = models.TextField(_("comment to the recipient"), blank=True)
    version = models.PositiveIntegerField(default=0)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "round", "kind"], name="overview_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.unit.code} – {self.round}"

    @property
    def is_compilation(self) -> bool:
        return self.kind == OverviewKind.COMPILATION

    @property
    def is_sent(self) -> bool:
        return self.version > 0

    def last_sent(self) -> OverviewVersion | None:
        return self.versions.order_by("-number").first()


class Theme(models.Model):
    """A common feature: measures of several units grouped under a title, with the leader's
    summary. `pass_up` marks it for the level above."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    overview = models.ForeignKey(Overview, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=200)
    dimension = models.CharField(_("questionnaire dimension"), max_length=64, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    measures = models.ManyToManyField(Measure, blank=True, related_name="themes")
    position = models.PositiveIntegerField(default=0)
    pass_up = models.BooleanField(_("pass up"), default=False)
    comment = models.TextField(_("comment to the level above"), blank=True)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Escalation(models.Model):
    """An escalated measure (outside the unit's authority) that this overview passes up, with
    the leader's comment. A compilation carries the faculty's escalations to the dean."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    overview = models.ForeignKey(Overview, on_delete=models.CASCADE, related_name="escalations")
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="escalations")
    comment = models.TextField(_("comment to the level above"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["overview", "measure"], name="escalation_once")
        ]

    def __str__(self) -> str:
        return f"{self.measure} ↑"


class OverviewVersion(models.Model):
    """What was sent, frozen: the overview, its themes with their measures, the escalations,
    and the units it covered (for the progress step "plan sent up")."""

    overview = models.ForeignKey(Overview, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    snapshot = models.JSONField()
    recipient = models.CharField(max_length=8, choices=Recipient.choices)
    recipient_unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline = models.DateField(null=True, blank=True)
    sent_at = models.DateTimeField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["overview", "number"], name="overviewversion_number")
        ]

    def __str__(self) -> str:
        return f"{self.overview} v{self.number}"

    @property
    def late(self) -> bool:
        return self.deadline is not None and self.sent_at.date() > self.deadline

    @property
    def sent_on(self) -> dt.date:
        return self.sent_at.date()


class Outcome(models.TextChoices):
    FACULTY = "faculty", _("Handled in the faculty leadership meeting")
    RECTOR = "rector", _("Passed to the rector and the institution")
    NO_ACTION = "no_action", _("No action")


class Decided(models.Model):
    """What a decision records besides its outcome: the text, when and by whom (kept as a name
    as well, for when the login is gone)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    text = models.TextField(_("decision"))
    decided_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by_name = models.CharField(max_length=200)

    class Meta:
        abstract = True
        ordering = ["-decided_at"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()}: {self.text[:40]}"  # type: ignore[attr-defined]

    def take(self, *, actor: Any, outcome: str, text: str) -> None:
        """Set the outcome and the text, decided now by `actor` (not saved)."""
        self.outcome = outcome
        self.text = text
        self.decided_at = timezone.now()
        self.decided_by = acting_user(actor)
        self.decided_by_name = actor_name(actor)


class Decision(Decided):
    """The dean's or director's decision on one item of HR's compilation: a theme or an
    escalated measure. Recorded once; a changed decision replaces the text and is audited."""

    overview = models.ForeignKey(Overview, on_delete=models.CASCADE, related_name="decisions")
    theme = models.OneToOneField(
        Theme, null=True, blank=True, on_delete=models.CASCADE, related_name="decision"
    )
    escalation = models.OneToOneField(
        Escalation, null=True, blank=True, on_delete=models.CASCADE, related_name="decision"
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)

    class Meta(Decided.Meta):
        constraints = [
            models.CheckConstraint(
                condition=Q(theme__isnull=True, escalation__isnull=False)
                | Q(theme__isnull=False, escalation__isnull=True),
                name="decision_on_one_item",
            )
        ]

    @property
    def item_title(self) -> str:
        if self.theme is not None:
            return self.theme.title
        assert self.escalation is not None
        return self.escalation.measure.title


class InstitutionOutcome(models.TextChoices):
    ADOPTED = "adopted", _("Taken up by the institution")
    NO_ACTION = "no_action", _("No action at the institution level")


class InstitutionDecision(Decided):
    """The rector's (the institution's) decision on an item a dean or director passed to the
    rector and the institution: one per such decision, changed in place and audited. While it
    stands, the dean's decision can no longer be changed to something else."""

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="institution_decision"
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=InstitutionOutcome.choices)

    class Meta(Decided.Meta):
        pass
