"""Released reports of a survey round: each release is a stored snapshot of the published
catalogue (DESIGN §3), computed once after close by `reports.build`. Report pages, PDFs,
exports and the API read these rows only; nothing recomputes statistics on a page view."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from surveys.models import RoundUnit, SurveyRound


class ReleaseStatus(models.TextChoices):
    BUILDING = "building", _("Being built")
    BLOCKED = "blocked", _("Blocked by the audit")
    FAILED = "failed", _("Failed")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Replaced by a later release")


class Release(models.Model):
    """One computation of a round's reports. Only the round's latest published release is
    shown; earlier ones stay (superseded) so that a re-release is audited together with them."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="releases")
    number = models.PositiveIntegerField()
    status = models.CharField(
        max_length=16, choices=ReleaseStatus.choices, default=ReleaseStatus.BUILDING
    )
    # What the build is doing now: loading, computing, auditing, writing, pdf, done.
    phase = models.CharField(max_length=16, default="loading")
    thresholds = models.JSONField(default=dict)
    respondents = models.PositiveIntegerField(default=0)
    units_total = models.PositiveIntegerField(default=0)
    units_done = models.PositiveIntegerField(default=0)
    # The auditor's result: groups checked, findings (when blocked), seconds taken.
    audit = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    # What the auditor needs to check a later release together with this one (numpy .npz):
    # response keys, reporting units, background categories, answered flags and decisions.
    engine_state = models.BinaryField(default=b"", editable=False)
    with_pdf = models.BooleanField(default=False)
    pdfs_total = models.PositiveIntegerField(default=0)
    pdfs_done = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["round", "number"], name="release_round_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.round} #{self.number} ({self.status})"

    @property
    def percent(self) -> int:
        if not self.units_total:
            return 0
        return min(100, self.units_done * 100 // self.units_total)

    @property
    def is_published(self) -> bool:
        return self.status == ReleaseStatus.PUBLISHED


class UnitReport(models.Model):
    """The published cells of one frozen unit in one release, exactly as readers see them.
    `data` is the whole report (see reports/build.py for its layout); `overview` holds the
    index means, hidden reasons and response rate only, so the heatmap can read 1,100 units
    without loading every report."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="units")
    round_unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=64)
    path = models.CharField(max_length=1024)  # the frozen path, for subtree queries
    depth = models.PositiveSmallIntegerField(default=0)
    data = models.JSONField(default=dict)
    overview = models.JSONField(default=dict)

    class Meta:
        ordering = ["release", "path"]
        constraints = [
            models.UniqueConstraint(fields=["release", "code"], name="unitreport_release_code")
        ]
        indexes = [models.Index(fields=["release", "path"], name="unitreport_release_path")]

    def __str__(self) -> str:
        return f"{self.code} ({self.release_id})"


class StaffRelease(models.Model):
    """The leader has released the unit's report to the unit's employees (per round: it stays
    released when the round is re-released after corrections)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="+")
    round_unit = models.OneToOneField(RoundUnit, on_delete=models.CASCADE, related_name="+")
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.round_unit_id} released to staff"


def _pdf_path(instance: ReportPdf, filename: str) -> str:
    release = instance.release
    return f"reports/{release.round.uid}/{release.number}/{filename}"


class ReportPdf(models.Model):
    """A unit report rendered as PDF in one language, stored by the background job so that
    downloads need not render (reports.pdf)."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="pdfs")
    unit_report = models.ForeignKey(UnitReport, on_delete=models.CASCADE, related_name="pdfs")
    language = models.CharField(max_length=8)
    file = models.FileField(upload_to=_pdf_path, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit_report", "language"], name="reportpdf_report_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_report_id} ({self.language})"
