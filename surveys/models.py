"""Questionnaires, survey rounds with their frozen unit division, invitations, drafts and
anonymous responses. DESIGN.md §3 is the specification; read it before changing anything
here. In short: nothing in Response, Comment or Draft may link to an invitation or a person —
no foreign key, no shared id, no timestamp, no sequential id."""

from __future__ import annotations

import uuid
from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib import instrument as instrument_format
from orgs.models import OrgUnit, Person

# DESIGN §3 defaults and floors: (default, floor).
THRESHOLDS: dict[str, tuple[int, int]] = {
    "numbers": (5, 3),  # any number: per item and per index
    "distributions": (10, 5),  # full answer distributions
    "comments": (10, 10),  # free-text comments
    "sensitive": (10, 5),  # sensitive fact items
    "rates": (5, 5),  # response rates: at least this many invited
    "breakdowns": (20, 20),  # background breakdowns: unit respondents
}


def default_thresholds() -> dict[str, int]:
    return {name: default for name, (default, _floor) in THRESHOLDS.items()}


class Instrument(models.Model):
    """One version of a questionnaire definition. Frozen (never edited again) once a round
    using it opens; a new version is a new row with the same code."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=64)
    version = models.PositiveIntegerField(_("version"))
    title_nb = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200)
    source = models.TextField(_("YAML definition"))
    sha256 = models.CharField(max_length=64)
    frozen_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="instrument_code_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"

    @cached_property
    def definition(self) -> instrument_format.Instrument:
        return instrument_format.load(self.source)

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")
    RELEASED = "released", _("Reports released")


class SurveyRound(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=200)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="rounds")
    scope = models.ForeignKey(
        OrgUnit,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("scope (unit and all below)"),
    )
    status = models.CharField(max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    languages = models.JSONField(default=list)  # e.g. ["nb", "en"]
    thresholds = models.JSONField(default=default_thresholds)
    # Extra items an institution adds to this round, in the instrument YAML question format.
    extra_items = models.JSONField(default=list, blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    reminder_dates = models.JSONField(default=list, blank=True)  # at most two ISO dates
    previous_round = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == RoundStatus.OPEN

    @property
    def is_draft(self) -> bool:
        return self.status == RoundStatus.DRAFT

    @property
    def accepts_responses(self) -> bool:
        """Open, and the close date has not passed. The respondent surface checks this (and
        re-checks it inside the submit transaction) and shows the polite closed page when
        it is false."""
        return self.status == RoundStatus.OPEN and timezone.localdate() <= self.closes_on

    @property
    def threshold(self) -> dict[str, int]:
        return {**default_thresholds(), **(self.thresholds or {})}


class RoundUnit(models.Model):
    """A unit as it was when the round opened (the frozen unit division). Reports are built on
    these rows, never on the live org tree, so a later re-organisation changes nothing."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey(OrgUnit, null=True, on_delete=models.SET_NULL, related_name="+")
    code = models.CharField(max_length=64)
    name_nb = models.CharField(max_length=200)
    name_en = models.CharField(max_length=200)
    kind = models.CharField(max_length=20)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    path = models.CharField(max_length=1024)  # "/<code>/<code>/" in this round's tree
    depth = models.PositiveSmallIntegerField(default=0)
    # The pre-flight merge: this unit's directly attached staff are reported under another unit.
    report_as = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    # Per-unit counts by reporting unit; kept after close when per-person statuses are deleted.
    invited_count = models.PositiveIntegerField(default=0)
    submitted_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["round", "path"]
        constraints = [
            models.UniqueConstraint(fields=["round", "code"], name="roundunit_round_code_unique"),
        ]
        indexes = [
            # Subtree queries within a round (response rates rolled up the tree).
            models.Index(fields=["round", "path"], name="roundunit_round_path"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.round_id})"


class InvitationStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    STARTED = "started", _("Started")
    SUBMITTED = "submitted", _("Submitted")


class Invitation(models.Model):
    """One per person in scope while the round is open. Holds only a keyed hash of the token
    and a status — no times. Deleted at close (after the per-unit counts are kept)."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # Where this person's answers are filed: their unit, or its parent for the unit's leader.
    reporting_unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    status = models.CharField(
        max_length=16, choices=InvitationStatus.choices, default=InvitationStatus.INVITED
    )
    language = models.CharField(max_length=8, default="nb")  # of the e-mail, not stored on answers
    # Coarse background categories frozen at opening, copied to the response for breakdowns.
    background = models.JSONField(default=dict)
    email_failed = models.BooleanField(default=False)  # bounce or invalid address
    email_error = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "person"], name="invitation_round_person_unique"
            ),
        ]
        indexes = [
            # Response-rate counts per reporting unit and status.
            models.Index(
                fields=["round", "reporting_unit", "status"], name="invitation_round_unit_status"
            ),
        ]

    def __str__(self) -> str:
        return f"invitation {self.pk} ({self.status})"


class Draft(models.Model):
    """Answers saved after every page, under a second keyed hash of the token. Deleted on
    submit and, for everybody, at close. No times."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64, unique=True)
    answers = models.JSONField(default=dict)
    page = models.PositiveSmallIntegerField(default=0)  # furthest page reached
    # No language: the interface language lives in the respondent's cookie only.

    def __str__(self) -> str:
        return f"draft {self.pk}"


def _random_id() -> uuid.UUID:
    return uuid.uuid4()


class Response(models.Model):
    """A submitted questionnaire: a random id, the round, the reporting unit, background
    categories (for the breakdowns DESIGN §3 allows) and the answers. Nothing else."""

    id = models.UUIDField(primary_key=True, default=_random_id, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    reporting_unit = models.ForeignKey(
        RoundUnit, on_delete=models.CASCADE, related_name="responses"
    )
    background = models.JSONField(default=dict)
    answers = models.JSONField(default=dict)  # item code → value (free text lives in Comment)

    class Meta:
        indexes = [models.Index(fields=["round", "reporting_unit"], name="response_round_unit")]

    def __str__(self) -> str:
        return f"response {self.id}"


class Comment(models.Model):
    """An answer to an open question, stored apart from its response so that a comment
    cannot be joined to the rest of someone's answers."""

    id = models.UUIDField(primary_key=True, default=_random_id, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="comments")
    reporting_unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="comments")
    question = models.CharField(max_length=64)
    text = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["round", "reporting_unit"], name="comment_round_unit")]

    def __str__(self) -> str:
        return f"comment {self.id}"


class ResponseImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    APPLIED = "applied", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class ResponseImportBatch(models.Model):
    """An uploaded responses file kept between the preview and the confirmation, so that what
    is imported is exactly what was previewed."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file_name = models.CharField(max_length=255)
    data = models.BinaryField()
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="+")
    round_name = models.CharField(max_length=200)
    opens_on = models.DateField()
    closes_on = models.DateField()
    status = models.CharField(
        max_length=16, choices=ResponseImportStatus.choices, default=ResponseImportStatus.PENDING
    )
    survey_round = models.ForeignKey(
        SurveyRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.JSONField(default=dict, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.file_name} → {self.round_name} ({self.status})"


class UnitMerge(models.Model):
    """A pre-flight merge the administrator accepted before opening: the staff attached
    directly to `unit` (not its sub-units, not leaders filed higher up) are reported under
    `into`, one of its sub-units, so that no small residual group is left in `unit`."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="merges")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    into = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="unitmerge_round_unit_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} → {self.into_id} ({self.round_id})"


class MailingKind(models.TextChoices):
    INVITATION = "invitation", _("Invitations")
    REMINDER = "reminder", _("Reminder")


class Mailing(models.Model):
    """One sending of e-mails for a round (the invitations, or one of at most two reminders),
    with the progress counts the sender's progress bar shows. No per-person data."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="mailings")
    kind = models.CharField(max_length=16, choices=MailingKind.choices)
    number = models.PositiveSmallIntegerField(default=1)  # reminders: 1 or 2
    total = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)  # answered before the reminder went out
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.kind} {self.number} ({self.sent}/{self.total})"

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped

    @property
    def is_finished(self) -> bool:
        return self.done >= self.total

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, self.done * 100 // self.total)


class RateSnapshot(models.Model):
    """Response-rate counts of one frozen unit and everything below it, refreshed on a
    schedule (daily by default) — never live, never per person. Only the latest snapshot
    is kept; pages show it rounded and only where enough people were invited."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="rates")
    unit = models.OneToOneField(RoundUnit, on_delete=models.CASCADE, related_name="rate")
    invited = models.PositiveIntegerField(default=0)
    started = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ["round", "unit__path"]

    def __str__(self) -> str:
        return f"{self.unit_id}: {self.submitted}/{self.invited}"
