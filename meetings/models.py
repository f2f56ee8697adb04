"""Meetings of the work-environment cycle (preparation, mapping, action, follow-up) with
their participants, agenda and notes, and the method cards of the facilitator's toolbox."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgUnit, Person


def _english() -> bool:
    return (get_language() or "nb").startswith("en")


class Phase(models.TextChoices):
    """The meeting kinds, in the order the cycle runs them (also the phases of a method)."""

    PREPARATION = "preparation", _("Preparation meeting")
    MAPPING = "mapping", _("Mapping meeting")
    ACTION = "action", _("Action meeting")
    FOLLOW_UP = "follow_up", _("Follow-up meeting")


PHASE_ORDER = [Phase.PREPARATION, Phase.MAPPING, Phase.ACTION, Phase.FOLLOW_UP]


class MethodCard(models.Model):
    """One method of the toolbox, written in bokmål and English. `steps`, `materials` and
    `worksheet` hold one entry per line; the worksheet lines are the headings of the boxes of
    the blank worksheet printed with the material package."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=64, unique=True)
    title_nb = models.CharField(_("title (bokmål)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    purpose_nb = models.TextField(_("purpose (bokmål)"))
    purpose_en = models.TextField(_("purpose (English)"))
    steps_nb = models.TextField(_("steps (bokmål)"), help_text=_("One step per line."))
    steps_en = models.TextField(_("steps (English)"), help_text=_("One step per line."))
    materials_nb = models.TextField(_("materials (bokmål)"), blank=True)
    materials_en = models.TextField(_("materials (English)"), blank=True)
    tips_nb = models.TextField(_("facilitation tips (bokmål)"), blank=True)
    tips_en = models.TextField(_("facilitation tips (English)"), blank=True)
    worksheet_nb = models.TextField(_("worksheet boxes (bokmål)"), blank=True)
    worksheet_en = models.TextField(_("worksheet boxes (English)"), blank=True)
    phases = models.JSONField(_("phases"), default=list)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"))
    group_min = models.PositiveSmallIntegerField(_("smallest group"), default=2)
    group_max = models.PositiveSmallIntegerField(_("largest group"), default=60)
    sensitive_topics = models.BooleanField(_("suits sensitive topics"), default=False)
    # Optimistic locking of the edit form: two administrators never overwrite each other.
    revision = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.title

    def _text(self, name: str) -> str:
        value: str = getattr(self, f"{name}_en" if _english() else f"{name}_nb")
        return value or getattr(self, f"{name}_nb")

    @property
    def title(self) -> str:
        return self._text("title")

    @property
    def purpose(self) -> str:
        return self._text("purpose")

    @property
    def tips(self) -> str:
        return self._text("tips")

    @property
    def steps(self) -> list[str]:
        return _lines(self._text("steps"))

    @property
    def materials(self) -> list[str]:
        return _lines(self._text("materials"))

    @property
    def worksheet(self) -> list[str]:
        return _lines(self._text("worksheet"))

    def phase_labels(self) -> list[str]:
        return [str(Phase(p).label) for p in PHASE_ORDER if p in self.phases]

    def fits(
        self,
        *,
        phase: str = "",
        max_minutes: int | None = None,
        group_size: int | None = None,
        sensitive: bool = False,
    ) -> bool:
        """Whether the card passes the toolbox filters."""
        if phase and phase not in self.phases:
            return False
        if max_minutes is not None and self.duration_minutes > max_minutes:
            return False
        if group_size is not None and not (self.group_min <= group_size <= self.group_max):
            return False
        return self.sensitive_topics or not sensitive


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")
    CANCELLED = "cancelled", _("cancelled")


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def with_people(self) -> MeetingQuerySet:
        return self.select_related(
            "unit", "round", "meeting_leader", "presenter", "note_taker", "documented_by"
        )

    def active(self) -> MeetingQuerySet:
        return self.exclude(status=MeetingStatus.CANCELLED)


class Meeting(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("unit")
    )
    round = models.ForeignKey(
        "surveys.SurveyRound",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
        verbose_name=_("survey round"),
    )
    kind = models.CharField(_("kind of meeting"), max_length=16, choices=Phase.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    notes = models.TextField(_("notes"), blank=True)
    # Optimistic locking of the notes: a save names the revision it started from, and a save
    # from an older revision is refused with both texts (never a silent overwrite).
    revision = models.PositiveIntegerField(default=0)
    notes_updated_at = models.DateTimeField(null=True, blank=True)
    notes_updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    meeting_leader = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("meeting leader"),
    )  # fmt: skip
    presenter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("presenter of the results"),
    )  # fmt: skip
    note_taker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("note-taker"),
    )  # fmt: skip
    documented_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("documented by"),
    )  # fmt: skip
    # The calendar SEQUENCE (RFC 5545): raised on every change of time or place, so calendars
    # replace the event; it is also the edit form's version number.
    sequence = models.PositiveIntegerField(default=0)
    # Optimistic locking of the meeting's details form (time, place, roles).
    version = models.PositiveIntegerField(default=1)
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [
            # The facilitator's page and the unit's list: one unit's meetings by time.
            models.Index(fields=["unit", "starts_at"], name="meeting_unit_starts"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def length_minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def is_planned(self) -> bool:
        return self.status == MeetingStatus.PLANNED

    def is_overdue(self, now: dt.datetime) -> bool:
        """Planned, but its time is past: mark it held, or move it."""
        return self.is_planned and self.ends_at < now

    def agenda(self) -> Agenda:
        items = list(self.agenda_items.select_related("method").order_by("position", "pk"))
        rows, clock = [], self.starts_at
        for item in items:
            end = clock + dt.timedelta(minutes=item.minutes)
            rows.append(AgendaRow(item, clock, end))
            clock = end
        total = sum(item.minutes for item in items)
        return Agenda(rows, total, self.length_minutes)


@dataclass(frozen=True)
class AgendaRow:
    item: AgendaItem
    starts_at: dt.datetime
    ends_at: dt.datetime


@dataclass(frozen=True)
class Agenda:
    rows: list[AgendaRow]
    total_minutes: int
    length_minutes: int

    @property
    def over_by(self) -> int:
        return max(0, self.total_minutes - self.length_minutes)

    @property
    def left(self) -> int:
        return max(0, self.length_minutes - self.total_minutes)


class Participant(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    # The SEQUENCE of the last calendar file sent to this person; None: not invited yet.
    invited_sequence = models.PositiveIntegerField(null=True, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="participant_unique"),
        ]

    def __str__(self) -> str:
        return str(self.person)

    @property
    def is_invited(self) -> bool:
        return self.invited_sequence is not None


class AgendaItem(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    method = models.ForeignKey(
        MethodCard, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("method card"),
    )  # fmt: skip
    notes = models.TextField(_("notes for this item"), blank=True)

    class Meta:
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title
