"""Status reports for the work-environment committees (issue 6, item 4): a report frozen for
AMU, a LAMU or the IDF meeting with the unions — the figures as JSON, from which its PDF and
Word documents are made — and the record of when a committee discussed it."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgUnit
from surveys.models import SurveyRound


class Committee(models.TextChoices):
    AMU = "amu", _("AMU (working environment committee)")
    LAMU = "lamu", _("LAMU (local working environment committee)")
    IDF = "idf", _("IDF meeting (information and discussion with the unions)")


class CommitteeReport(models.Model):
    """What a committee was given, frozen: `snapshot` holds every figure and text of the report
    (both languages where Medvirk has them), so its documents are the same whenever they are
    made. `number` counts the round's reports."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(
        SurveyRound, on_delete=models.PROTECT, related_name="committee_reports"
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    committee = models.CharField(_("committee"), max_length=8, choices=Committee.choices)
    number = models.PositiveIntegerField()
    level = models.PositiveSmallIntegerField(default=1)
    snapshot = models.JSONField()
    language = models.CharField(max_length=8)  # the page's language when it was made
    created_at = models.DateTimeField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by_name = models.CharField(max_length=200)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="committeereport_number")
        ]

    def __str__(self) -> str:
        return f"{self.get_committee_display()} {self.unit.code} – {self.round} #{self.number}"


class Discussion(models.Model):
    """That a committee discussed a report: when, under which case number, and what it
    concluded (a short note or an excerpt of the minutes)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    report = models.ForeignKey(
        CommitteeReport, on_delete=models.CASCADE, related_name="discussions"
    )
    committee = models.CharField(_("committee"), max_length=8, choices=Committee.choices)
    meeting_on = models.DateField(_("meeting date"))
    reference = models.CharField(_("case number or reference"), max_length=100, blank=True)
    note = models.TextField(_("note or excerpt of the minutes"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_by_name = models.CharField(max_length=200)
    # Bumped by every correction: a form saved from an older revision is refused.
    revision = models.PositiveIntegerField(default=1)
    corrected_at = models.DateTimeField(null=True, blank=True)
    corrected_by_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["meeting_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_committee_display()} {self.meeting_on}"
