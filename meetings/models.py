"""Meetings of the work-environment cycle (preparation, mapping, action, follow-up) with
their participants, agenda and notes, and the method cards of the facilitator's toolbox."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from live.models import CODE_ALPHABET
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


FEEDBACK_CODE_LENGTH = 8


def new_feedback_code() -> str:
    """A random code for a meeting's feedback link (the live meetings' alphabet: no letters
    that are mistaken for digits). 25^8 codes: found only by being given the link."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(FEEDBACK_CODE_LENGTH))
        if not Meeting.objects.filter(feedback_code=code).exists():
            return code


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
    # Anonymous participant feedback (meetings/feedback_views.py): opened when the meeting is
    # marked held, with the code in its link, until `feedback_closes_at`. `feedback_unlinked`:
    # the rows were rewritten in random order at the close (meetings/evaluation.py).
    feedback_code = models.CharField(max_length=FEEDBACK_CODE_LENGTH, null=True, blank=True)
    feedback_closes_at = models.DateTimeField(null=True, blank=True)
    feedback_unlinked = models.BooleanField(default=False)
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
            # The feedback page finds its meeting by the code in the link.
            models.UniqueConstraint(fields=["feedback_code"], name="meeting_feedback_code_unique"),
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

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD

    def open_feedback(self, *, now: dt.datetime, days: int) -> None:
        """Give the meeting a feedback code, open for `days` (the caller saves)."""
        self.feedback_code = new_feedback_code()
        self.feedback_closes_at = now + dt.timedelta(days=days)

    def feedback_is_open(self, now: dt.datetime) -> bool:
        return bool(
            self.feedback_code and self.feedback_closes_at and self.feedback_closes_at > now
        )

    def feedback_is_closed(self, now: dt.datetime) -> bool:
        """Feedback was collected and is over: its results may be shown (from five answers)."""
        return bool(self.feedback_closes_at and self.feedback_closes_at <= now)

    def method_cards(self) -> list[MethodCard]:
        """The method cards of the agenda, each once, in agenda order."""
        cards: dict[int, MethodCard] = {}
        for item in self.agenda_items.select_related("method").order_by("position", "pk"):
            if item.method is not None:
                cards.setdefault(item.method.pk, item.method)
        return list(cards.values())

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


# --- evaluation and experience sharing ------------------------------------------------------

# DESIGN §3 in spirit: no number and no free text from fewer than five participants.
FEEDBACK_MIN_ANSWERS = 5
FEEDBACK_TEXT_MAX = 2000
EVALUATION_TEXT_MAX = 5000
RATINGS = range(1, 6)


class Change(models.TextChoices):
    """Would the facilitator change the method next time?"""

    NO = "no", _("No")
    YES = "yes", _("Yes")


class MeetingEvaluation(models.Model):
    """The facilitator's short evaluation of a held meeting: one per meeting, written by the
    unit's process facilitators (or an administrator) together; `revision` keeps two of them
    from overwriting each other. Not anonymous: the working group reads it."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="evaluation")
    rating = models.PositiveSmallIntegerField(_("overall rating"))
    worked = models.TextField(_("what worked"), blank=True)
    did_not_work = models.TextField(_("what did not work"), blank=True)
    change_method = models.CharField(
        _("would you change the method?"), max_length=3, choices=Change.choices
    )
    change_how = models.TextField(_("what would you change?"), blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=1, rating__lte=5), name="evaluation_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return str(self.meeting)


class MethodEvaluation(models.Model):
    """The facilitator's answer for one method card of the agenda: change it next time?"""

    evaluation = models.ForeignKey(
        MeetingEvaluation, on_delete=models.CASCADE, related_name="methods"
    )
    method = models.ForeignKey(MethodCard, on_delete=models.CASCADE, related_name="+")
    change_method = models.CharField(max_length=3, choices=Change.choices)
    change_how = models.TextField(blank=True)

    class Meta:
        ordering = ["evaluation", "method__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "method"], name="method_evaluation_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method.code}: {self.change_method}"


class FeedbackQuestion(models.TextChoices):
    """The statements participants rate from 1 (disagree) to 5 (agree); the value is the
    field of `Feedback` that holds the answer."""

    USEFUL = "useful", _("The meeting was useful.")
    VOICE = "voice", _("I could say what I meant.")
    NEXT_STEPS = "next_steps", _("I know what happens next.")


class Feedback(models.Model):
    """One participant's anonymous feedback on a meeting: the answers and nothing else. No
    person, session, address or time is stored, and the id is random, so not even the order
    of the rows says who answered when (meetings/evaluation.py rewrites them at the close)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="feedback")
    useful = models.PositiveSmallIntegerField(null=True, blank=True)
    voice = models.PositiveSmallIntegerField(null=True, blank=True)
    next_steps = models.PositiveSmallIntegerField(null=True, blank=True)
    comment = models.TextField(blank=True, max_length=FEEDBACK_TEXT_MAX)

    class Meta:
        ordering = ["id"]  # random
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    useful__gte=1,
                    useful__lte=5,
                    voice__gte=1,
                    voice__lte=5,
                    next_steps__gte=1,
                    next_steps__lte=5,
                ),
                name="feedback_ratings_range",
            ),
        ]

    def __str__(self) -> str:
        return "feedback"  # never its content


class Theme(models.TextChoices):
    """Themes of the experience-sharing sessions; "other" takes a theme of its own."""

    PREPARATION = "preparation", _("Preparing the meetings")
    RESULTS = "results", _("Presenting and reading the results")
    SAFETY = "safety", _("Psychological safety and sensitive topics")
    PARTICIPATION = "participation", _("Getting everybody to take part")
    MEASURES = "measures", _("From areas to SMART measures")
    FOLLOW_UP = "follow_up", _("Follow-up and keeping up the pace")
    DIGITAL = "digital", _("Digital and hybrid meetings")
    TIME = "time", _("Time and agenda")
    OTHER = "other", _("Another theme")


class ExperienceNote(models.Model):
    """Notes from one of the working group's experience-sharing sessions (erfaringsdeling),
    filed under a theme, optionally about a method card or a phase. Shared institution-wide."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    held_on = models.DateField(_("date of the session"))
    title = models.CharField(_("title"), max_length=200)
    text = models.TextField(_("notes"))
    theme = models.CharField(_("theme"), max_length=32, choices=Theme.choices)
    theme_other = models.CharField(_("other theme"), max_length=100, blank=True)
    method = models.ForeignKey(
        MethodCard, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("method card"),
    )  # fmt: skip
    phase = models.CharField(_("phase"), max_length=16, choices=Phase.choices, blank=True)
    revision = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "title", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def theme_label(self) -> str:
        if self.theme == Theme.OTHER:
            return self.theme_other
        return str(Theme(self.theme).label)
