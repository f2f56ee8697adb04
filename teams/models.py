"""Start Smart teams: members with personal links, sessions (start and follow-up), workshop
notes, versioned team contracts with confirmations, and the anonymous team pulse."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from orgs.models import OrgUnit
from teams import steps as method

_LINK_SALT = "medvirk.teams.MemberLink"


def new_link_token() -> str:
    """A personal link secret: 32 random bytes (256 bits), URL-safe."""
    return secrets.token_urlsafe(32)


def link_digest(raw: str) -> str:
    """The keyed hash (HMAC-SHA256 keyed by SECRET_KEY) stored instead of the link token."""
    return salted_hmac(_LINK_SALT, raw, algorithm="sha256").hexdigest()


class TeamQuerySet(models.QuerySet["Team"]):
    def with_people(self) -> TeamQuerySet:
        return self.select_related("unit", "facilitator", "facilitator__person")


class Team(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("team name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True)
    unit = models.ForeignKey(
        OrgUnit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams",
        verbose_name=_("unit"),
    )
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="facilitated_teams",
        verbose_name=_("facilitator"),
    )
    # The rhythm the team chose; 0 means no regular follow-ups after the first one.
    follow_up_weeks = models.PositiveSmallIntegerField(_("weeks between follow-ups"), default=6)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def active_members(self) -> models.QuerySet[TeamMember]:
        return self.members.filter(left_on__isnull=True)

    def latest_contract(self) -> TeamContract | None:
        return self.contracts.order_by("-version").first()

    def confirmed_contract(self) -> TeamContract | None:
        return self.contracts.filter(confirmed_at__isnull=False).order_by("-version").first()

    def next_session(self) -> TeamSession | None:
        return self.sessions.filter(status__in=ACTIVE_STATUSES).order_by("starts_at").first()


class TeamMemberQuerySet(models.QuerySet["TeamMember"]):
    def active(self) -> TeamMemberQuerySet:
        return self.filter(left_on__isnull=True)

    def by_link(self, raw: str) -> TeamMember | None:
        """The active member a personal link belongs to, or None."""
        if not raw or len(raw) > 100:
            return None
        link = (
            MemberLink.objects.select_related("member", "member__team")
            .filter(digest=link_digest(raw), member__left_on__isnull=True)
            .first()
        )
        return link.member if link else None


class TeamMember(models.Model):
    """A member of a team. Members need no login: they act through personal links, of which
    only keyed hashes are stored (MemberLink). A member with a login is linked to it."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="team_memberships",
    )
    joined_on = models.DateField(_("joined on"))
    # False for members added after the start session: they get the short preparation.
    is_founding = models.BooleanField(default=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    subgroup = models.PositiveSmallIntegerField(null=True, blank=True)
    # Individual preparation; shown to the others only in the session.
    strengths = models.TextField(_("My strengths and competences"), blank=True)
    contribute = models.TextField(_("What I want to contribute"), blank=True)
    learn = models.TextField(_("What I want to learn"), blank=True)
    expectations = models.TextField(_("What I expect of the team"), blank=True)
    ways_of_working = models.TextField(_("How I prefer to work"), blank=True)
    needs = models.TextField(_("What I need from the others"), blank=True)
    prepared_at = models.DateTimeField(null=True, blank=True)

    objects = TeamMemberQuerySet.as_manager()

    class Meta:
        ordering = ["team", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["team", "email"],
                condition=Q(left_on__isnull=True),
                name="teammember_active_email_unique",
            ),
        ]
        indexes = [
            # "My teams" for a logged-in user.
            models.Index(fields=["user", "left_on"], name="teammember_user_left"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def has_prepared(self) -> bool:
        return self.prepared_at is not None


class MemberLink(models.Model):
    """One personal link sent to a member. Each e-mail carries a fresh link; all stay valid
    while the member is in the team. The raw token is never stored."""

    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="links")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"link for {self.member_id}"


class SessionKind(models.TextChoices):
    START = "start", _("Start session")
    FOLLOW_UP = "follow_up", _("Follow-up session")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    RUNNING = "running", _("running")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


# A session still to be held (or being held): neither closed nor cancelled.
ACTIVE_STATUSES = (SessionStatus.PLANNED, SessionStatus.RUNNING)


class TeamSession(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="sessions")
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    location = models.CharField(_("place"), max_length=200, blank=True)
    # The calendar SEQUENCE: raised on every change so calendars replace the event.
    sequence = models.PositiveIntegerField(default=0)
    status = models.CharField(
        max_length=16, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    step = models.PositiveSmallIntegerField(default=0)
    step_started_at = models.DateTimeField(null=True, blank=True)
    # "Who are we?": which member's preparation is on the shared screen and the phones, as an
    # index into `presented_members()`.
    spotlight = models.PositiveSmallIntegerField(default=0)
    # The facilitator's merged text per topic (start) or per contract section (follow-up).
    merged = models.JSONField(default=dict, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team", "starts_at"]
        indexes = [
            # The team page and the follow-up scheduler look up a team's sessions by time.
            models.Index(fields=["team", "starts_at"], name="teamsession_team_start"),
        ]

    def __str__(self) -> str:
        return f"{self.team} – {self.get_kind_display()} {self.starts_at:%Y-%m-%d}"

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def steps(self) -> tuple[method.Step, ...]:
        return method.steps_for(self.kind)

    @property
    def current_step(self) -> method.Step:
        return self.steps[min(self.step, len(self.steps) - 1)]

    @property
    def is_last_step(self) -> bool:
        return self.step >= len(self.steps) - 1

    @property
    def is_running(self) -> bool:
        return self.status == SessionStatus.RUNNING

    @property
    def is_follow_up(self) -> bool:
        return self.kind == SessionKind.FOLLOW_UP

    def seconds_left(self, now: dt.datetime) -> int:
        """Seconds left of the current step's time box (negative when over time)."""
        if self.step_started_at is None:
            return self.current_step.minutes * 60
        used = (now - self.step_started_at).total_seconds()
        return int(self.current_step.minutes * 60 - used)

    def presented_members(self) -> list[TeamMember]:
        """The members in the order "Who are we?" presents them."""
        return list(self.team.members.active().order_by("name", "pk"))

    def pulse_is_open(self, now: dt.datetime) -> bool:
        """The pulse is answered in the two weeks before a follow-up, until it closes."""
        return (
            self.kind == SessionKind.FOLLOW_UP
            and self.status in ACTIVE_STATUSES
            and now >= self.starts_at - PULSE_OPENS_BEFORE
        )


PULSE_OPENS_BEFORE = dt.timedelta(days=14)
# Members who have not answered by then are reminded once (`medvirk teamreminders`): a week
# after the pulse opened, a week before the session.
PULSE_REMINDER_BEFORE = dt.timedelta(days=7)


class Contribution(models.Model):
    """A note a member (or the facilitator) writes during a session, on one topic."""

    session = models.ForeignKey(TeamSession, on_delete=models.CASCADE, related_name="notes")
    member = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.CharField(max_length=32)
    # "Who are we?": a note about one member's preparation; none for the team as a whole.
    about = models.ForeignKey(
        TeamMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    subgroup = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session", "topic", "subgroup", "pk"]
        indexes = [
            # The shared screen polls the notes of one session's current topics.
            models.Index(fields=["session", "topic"], name="contribution_session_topic"),
        ]

    def __str__(self) -> str:
        return f"{self.topic}: {self.text[:40]}"


class TeamContract(models.Model):
    """One version of a team's contract. A version is edited until every member has confirmed
    it; then it is fixed, and a follow-up session makes the next version."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="contracts")
    version = models.PositiveIntegerField()
    sections = models.JSONField(default=dict)
    session = models.ForeignKey(
        TeamSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="contracts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["team", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["team", "version"], name="teamcontract_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.team} v{self.version}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    def section_text(self, key: str) -> str:
        return str(self.sections.get(key, ""))

    def parts(self) -> list[dict[str, Any]]:
        """The contract's parts and sections with their text, for templates and the PDF."""
        return [
            {
                "title": part.title,
                "sections": [
                    {"key": s.key, "title": s.title, "blocks": _blocks(self.section_text(s.key))}
                    for s in part.sections
                    if self.section_text(s.key).strip()
                ],
            }
            for part in method.CONTRACT_PARTS
        ]


def _blocks(text: str) -> list[dict[str, Any]]:
    """Plain text to blocks: paragraphs, and lists made of consecutive "- " lines."""
    blocks: list[dict[str, Any]] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(("- ", "* ")):
            if not blocks or not blocks[-1]["is_list"]:
                blocks.append({"is_list": True, "items": []})
            blocks[-1]["items"].append(stripped[2:].strip())
        else:
            blocks.append({"is_list": False, "items": [stripped]})
    return blocks


class ContractConfirmation(models.Model):
    contract = models.ForeignKey(
        TeamContract, on_delete=models.CASCADE, related_name="confirmations"
    )
    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="confirmations")
    confirmed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["contract", "member"], name="contractconfirmation_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} confirmed {self.contract_id}"


class PulseResponse(models.Model):
    """One anonymous pulse answer: the session and the answers only — no member, no time. The
    key is random, so the order of answers cannot be matched with the order of receipts."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(TeamSession, on_delete=models.CASCADE, related_name="pulse")
    answers = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"pulse for {self.session_id}"


class PulseReceipt(models.Model):
    """That a member has answered a session's pulse (so nobody answers twice); it does not
    say which response is theirs."""

    session = models.ForeignKey(TeamSession, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="pulsereceipt_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} answered {self.session_id}"


class PulseReminder(models.Model):
    """That a member was reminded to answer a session's pulse: never twice (the constraint
    makes `medvirk teamreminders` idempotent, also when two runs overlap)."""

    session = models.ForeignKey(TeamSession, on_delete=models.CASCADE, related_name="+")
    member = models.ForeignKey(TeamMember, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="pulsereminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} reminded for {self.session_id}"
