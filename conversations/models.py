"""The annual work-environment conversation (arbeidsmiljøsamtale) of a unit in a year without a
survey: when and where, who takes part, notes per section of the discussion guide, what it
added to the unit's action plan, and the reminders sent about it."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgUnit, Person


class ConversationStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    HELD = "held", _("held")


def deadline(year: int) -> dt.date:
    """After this day a conversation of `year` that has not been held is overdue."""
    month, day = settings.MEDVIRK_CONVERSATION_DEADLINE
    return dt.date(year, month, day)


def plan_by(year: int) -> dt.date:
    """By this day a unit that needs a conversation in `year` should have planned it."""
    month, day = settings.MEDVIRK_CONVERSATION_PLAN_BY
    return dt.date(year, month, day)


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def with_people(self) -> ConversationQuerySet:
        return self.select_related("unit", "safety_rep", "created_by__person", "held_by")


class Conversation(models.Model):
    """One unit's annual conversation in one year (the year of its date)."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="annual_conversations")
    year = models.PositiveSmallIntegerField(_("year"))
    date = models.DateField(_("date"))
    time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    safety_rep = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("safety representative"),
    )  # fmt: skip
    participants = models.ManyToManyField(Person, blank=True, related_name="+")
    status = models.CharField(
        max_length=16, choices=ConversationStatus.choices, default=ConversationStatus.PLANNED
    )
    # Optimistic locking of the plan form (date, place, people): a save names the version it
    # was loaded with, and an older one is refused with what is stored now.
    version = models.PositiveIntegerField(default=1)
    held_at = models.DateTimeField(null=True, blank=True)
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="conversation_unit_year"),
        ]
        indexes = [
            # The daily reminder finds planned conversations whose date has passed.
            models.Index(fields=["status", "date"], name="conversation_status_date"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} {self.year}"

    @property
    def is_held(self) -> bool:
        return self.status == ConversationStatus.HELD

    def may_mark_held(self, today: dt.date | None = None) -> bool:
        return not self.is_held and self.date <= (today or timezone.localdate())

    def waits_to_be_marked_held(self, today: dt.date | None = None) -> bool:
        """Planned and its day has passed: mark it held (or move it)."""
        return not self.is_held and self.date < (today or timezone.localdate())


class ConversationNote(models.Model):
    """The notes of one section of the guide. `revision` counts saves: a save names the
    revision it started from, and one from an older revision is refused with both texts."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="notes")
    section = models.SlugField(max_length=64)
    text = models.TextField(blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["conversation", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "section"], name="conversationnote_section"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.conversation} {self.section}"


class ConversationOutcome(models.Model):
    """A focus area and/or a measure the conversation added to the unit's action plan. The
    title is kept for the record if the plan's item is removed later."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="outcomes"
    )
    focus_area = models.ForeignKey(
        "actions.FocusArea", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measure = models.ForeignKey(
        "actions.Measure", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(max_length=200)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ReminderKind(models.TextChoices):
    UNPLANNED = "unplanned", _("Not planned yet")
    NOT_HELD = "not_held", _("Not marked as held")


class ConversationReminder(models.Model):
    """That a unit's leaders were reminded: about a conversation not planned by the plan-by
    day (period: the year), or about one not marked held a week after its date (period: that
    date, so moving the conversation starts a new period). Claimed before sending; the
    constraint makes "never twice" hold when two jobs run at once."""

    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    period = models.CharField(max_length=16)
    recipients = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind", "period"], name="conversationreminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.unit_id} {self.year} {self.period}"
