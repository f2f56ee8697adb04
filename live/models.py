"""Live meeting mode: a session the facilitator runs on the projector, anonymous cards that
participants write on their phones, the facilitator's clusters and the participants' dots.

Nothing here links a card to a person. A participant is only a keyed hash of a random key in
their browser's cookie, kept so that they can edit their own cards and so that the dot limit
holds; cards and votes have no times. Closing a session tallies the votes into the clusters
and deletes the participants and votes, which also drops the cards' author links."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgUnit
from surveys.models import SurveyRound

CODE_LENGTH = 6
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read off a projector is typed right the first time.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
MAX_TEXT = 500
MAX_GROUPS = 12
MAX_VOTES = 10


class Status(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("closed")


class Phase(models.TextChoices):
    COLLECT = "collect", _("Writing")
    GROUP = "group", _("Grouping")
    VOTE = "vote", _("Voting")
    DONE = "done", _("Results")


class Prompt(models.TextChoices):
    PRESERVE = "preserve", _("What works well?")
    IMPROVE = "improve", _("What should improve?")
    IDEA = "idea", _("Ideas for measures")


class Kind(models.TextChoices):
    PRESERVE = "preserve", _("Preserve")
    IMPROVE = "improve", _("Improve")


class LiveSessionQuerySet(models.QuerySet["LiveSession"]):
    def joinable(self) -> LiveSessionQuerySet:
        return self.filter(status=Status.OPEN, expires_at__gt=timezone.now())


class LiveSession(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(
        SurveyRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    code = models.CharField(max_length=CODE_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.COLLECT)
    # 0: everybody writes to the shared board; N: the room works in N small groups.
    small_groups = models.PositiveSmallIntegerField(_("small groups"), default=0)
    votes_per_participant = models.PositiveSmallIntegerField(_("dots per participant"), default=3)
    # Bumped on every change the boards show, so an unchanged board answers a poll with 204.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = LiveSessionQuerySet.as_manager()

    class Meta:
        constraints = [
            # A code names one open session; closed sessions give theirs back.
            models.UniqueConstraint(
                fields=["code"], condition=Q(status="open"), name="livesession_open_code_unique"
            ),
            models.CheckConstraint(
                condition=Q(votes_per_participant__gte=1, votes_per_participant__lte=MAX_VOTES),
                name="livesession_votes_range",
            ),
            models.CheckConstraint(
                condition=Q(small_groups__lte=MAX_GROUPS), name="livesession_groups_range"
            ),
        ]
        # The facilitator's list: a unit's sessions, newest first.
        indexes = [models.Index(fields=["unit", "status"], name="livesession_unit_status")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN and self.expires_at > timezone.now()

    @property
    def uses_groups(self) -> bool:
        return self.small_groups > 0

    @property
    def group_numbers(self) -> list[int]:
        return list(range(1, self.small_groups + 1))

    @property
    def accepts_cards(self) -> bool:
        return self.is_open and self.phase == Phase.COLLECT

    @property
    def accepts_votes(self) -> bool:
        return self.is_open and self.phase == Phase.VOTE


class Participant(models.Model):
    """A phone in the room: a keyed hash of the random key in its cookie, and its group."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="participants")
    key_hash = models.CharField(max_length=64)
    group_no = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["session", "key_hash"], name="participant_session_key_unique"
            )
        ]

    def __str__(self) -> str:
        return "participant"  # never the key hash


class Cluster(models.Model):
    """A group of cards the facilitator made, to preserve or to improve."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="clusters")
    title = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    dimension = models.CharField(_("questionnaire dimension"), max_length=64, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    votes = models.PositiveIntegerField(default=0)  # the tally, written when the session closes

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Card(models.Model):
    """One anonymous contribution. No time, no name; shown in the order of its random uid."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="cards")
    # Only so that the author can edit and delete it; cleared (SET_NULL) at close.
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards"
    )
    prompt = models.CharField(max_length=10, choices=Prompt.choices)
    text = models.TextField(max_length=MAX_TEXT)
    group_no = models.PositiveSmallIntegerField(null=True, blank=True)
    shared = models.BooleanField(default=True)  # False: still only within its small group
    # Taken off the shared screen by the facilitator (a name, something hurtful).
    hidden = models.BooleanField(default=False)
    cluster = models.ForeignKey(
        Cluster, null=True, blank=True, on_delete=models.SET_NULL, related_name="cards"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["uid"]  # random, never the order of arrival
        # The shared screen: a session's shared cards.
        indexes = [models.Index(fields=["session", "shared"], name="card_session_shared")]

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    """One dot. `slot` runs from 1 to the session's dots per participant; the unique
    (participant, slot) pair makes the database refuse a dot beyond the limit even when
    several requests from one phone arrive at once."""

    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="dots")
    slot = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "slot"], name="vote_participant_slot"),
            models.CheckConstraint(
                condition=Q(slot__gte=1, slot__lte=MAX_VOTES), name="vote_slot_range"
            ),
        ]

    def __str__(self) -> str:
        return "dot"
