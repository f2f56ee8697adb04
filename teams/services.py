"""Start Smart use cases. Each is one typed, keyword-only function run in a transaction that
writes an audit entry for governance-relevant changes and sends mail on commit. Views, the
API and the demo command call these."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import acting_user, record
from orgs.models import OrgUnit
from teams import clock, mail
from teams import steps as method
from teams.models import (
    PULSE_REMINDER_BEFORE,
    ContractConfirmation,
    Contribution,
    MemberLink,
    PulseReceipt,
    PulseReminder,
    PulseResponse,
    SessionKind,
    SessionStatus,
    Team,
    TeamContract,
    TeamMember,
    TeamSession,
    link_digest,
    new_link_token,
)
from teams.pulse import ITEM_KEYS

log = logging.getLogger(__name__)

PREPARATION_FIELDS = (
    "strengths",
    "contribute",
    "learn",
    "expectations",
    "ways_of_working",
    "needs",
)
SHORT_PREPARATION_FIELDS = ("strengths", "expectations", "needs")  # members who join later
NOTE_MAX_LENGTH = 1000
FIRST_FOLLOW_UP_WEEKS = 6  # "about 4–6 weeks" after the contract (issue 7)
RHYTHM_WEEKS = (4, 6, 8, 12, 0)  # the rhythms a team chooses from; 0: no regular follow-ups


@dataclass(frozen=True)
class NewMember:
    name: str
    email: str


def _user_for(email: str) -> User | None:
    return User.objects.filter(email__iexact=email, is_active=True).first()


def issue_link(*, member: TeamMember) -> str:
    """Make a new personal link for `member` and return it; only its keyed hash is stored,
    so the caller shows or sends it once (e-mail, the demo's printout)."""
    raw = new_link_token()
    MemberLink.objects.create(member=member, digest=link_digest(raw))
    return raw


def _mail_on_commit(member: TeamMember, template: str, session: TeamSession | None = None) -> None:
    """Issue a fresh personal link now; send it once the transaction has committed."""
    raw = issue_link(member=member)
    transaction.on_commit(
        lambda: mail.send_to_member(member=member, raw=raw, template=template, session=session)
    )


def _add_member(team: Team, new: NewMember, *, founding: bool) -> TeamMember:
    email = new.email.strip().lower()
    if team.members.active().filter(email__iexact=email).exists():
        raise ValidationError(
            _("%(email)s is already a member of this team.") % {"email": email}, code="duplicate"
        )
    return TeamMember.objects.create(
        team=team,
        name=new.name.strip(),
        email=email,
        user=_user_for(email),
        joined_on=clock.today(),
        is_founding=founding,
    )


@transaction.atomic
def create_team(
    *,
    name: str,
    purpose: str,
    unit: OrgUnit | None,
    facilitator: User,
    members: Sequence[NewMember],
    starts_at: dt.datetime,
    duration_minutes: int = 120,
    location: str = "",
    actor: Any,
) -> Team:
    """Create a team with its members and start session, and invite every member by e-mail
    with a personal link and a calendar file."""
    team = Team.objects.create(
        name=name.strip(), purpose=purpose.strip(), unit=unit, facilitator=facilitator,
        created_by=acting_user(actor),
    )  # fmt: skip
    created = [_add_member(team, new, founding=True) for new in members]
    session = TeamSession.objects.create(
        team=team,
        kind=SessionKind.START,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
    )
    for member in created:
        _mail_on_commit(member, "invitation", session)
    record(
        "teams.team.create",
        actor=actor,
        obj=team,
        data={
            "after": {
                "name": team.name,
                "unit": unit.code if unit else None,
                "facilitator": facilitator.email,
                "members": [m.email for m in created],
                "start_session": starts_at.isoformat(),
            }
        },
    )
    return team


@transaction.atomic
def add_member(*, team: Team, name: str, email: str, actor: Any) -> TeamMember:
    """Add a member. Before the first contract they are invited to the start session; after it
    they join later: they get the contract, a short preparation and are asked to confirm."""
    joins_later = team.contracts.exists()
    member = _add_member(team, NewMember(name, email), founding=not joins_later)
    if joins_later:
        _mail_on_commit(member, "joined")
    else:
        _mail_on_commit(member, "invitation", team.next_session())
    record(
        "teams.member.add",
        actor=actor,
        obj=team,
        data={"after": {"member": member.email, "joins_later": joins_later}},
    )
    return member


@transaction.atomic
def remove_member(*, member: TeamMember, actor: Any) -> None:
    """Take a member out of the team: their personal links stop working, their notes and
    confirmations stay. If everybody left has confirmed the current version, it is fixed."""
    if member.left_on is not None:
        return
    team = member.team
    if not team.members.active().exclude(pk=member.pk).exists():
        raise ValidationError(_("A team keeps at least one member."), code="last")
    member.left_on = clock.today()
    member.save(update_fields=["left_on"])
    record("teams.member.remove", actor=actor, obj=team, data={"member": member.email})
    contract = team.latest_contract()
    if contract is None or contract.confirmed_at is not None:
        return
    if contract.confirmations.exists() and not missing_confirmations(contract):
        _confirmed_by_all(contract)


@transaction.atomic
def change_facilitator(*, team: Team, facilitator: User, actor: Any) -> Team:
    """Hand the team to another facilitator (a login); the previous one loses the
    facilitator's pages at once."""
    if team.facilitator_id == facilitator.pk:
        raise ValidationError(
            _("%(email)s already facilitates this team.") % {"email": facilitator.email},
            code="same",
        )
    before = team.facilitator.email if team.facilitator else None
    team.facilitator = facilitator
    team.save(update_fields=["facilitator"])
    record(
        "teams.team.facilitator",
        actor=actor,
        obj=team,
        data={"before": {"facilitator": before}, "after": {"facilitator": facilitator.email}},
    )
    return team


@transaction.atomic
def send_new_link(*, member: TeamMember, actor: Any) -> None:
    """Send the member a new personal link (earlier links keep working)."""
    session = member.team.next_session()
    _mail_on_commit(member, "invitation" if member.is_founding else "joined", session)
    record("teams.member.new_link", actor=actor, obj=member.team, data={"member": member.email})


@transaction.atomic
def schedule_session(
    *,
    team: Team,
    starts_at: dt.datetime,
    duration_minutes: int = 90,
    location: str = "",
    actor: Any,
) -> TeamSession:
    """Schedule a follow-up session and invite the members with a calendar file."""
    session = TeamSession.objects.create(
        team=team,
        kind=SessionKind.FOLLOW_UP,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        location=location,
    )
    for member in team.members.active():
        _mail_on_commit(member, "session", session)
    record(
        "teams.session.schedule",
        actor=actor,
        obj=team,
        data={"after": {"kind": session.kind, "starts_at": starts_at.isoformat()}},
    )
    return session


@transaction.atomic
def reschedule_session(
    *,
    session: TeamSession,
    starts_at: dt.datetime,
    duration_minutes: int,
    location: str,
    actor: Any,
) -> TeamSession:
    """Move a planned session; the calendar SEQUENCE goes up so calendars replace the event."""
    if session.status != SessionStatus.PLANNED:
        raise ValidationError(_("Only a planned session can be moved."), code="not_planned")
    before = {"starts_at": session.starts_at.isoformat(), "location": session.location}
    session.starts_at, session.duration_minutes = starts_at, duration_minutes
    session.location = location
    session.sequence += 1
    session.save(update_fields=["starts_at", "duration_minutes", "location", "sequence"])
    for member in session.team.members.active():
        _mail_on_commit(member, "update", session)
    after = {"starts_at": starts_at.isoformat(), "location": location}
    record(
        "teams.session.reschedule",
        actor=actor,
        obj=session.team,
        data={"before": before, "after": after},
    )
    return session


@transaction.atomic
def cancel_session(*, session: TeamSession, actor: Any) -> TeamSession:
    """Cancel a planned follow-up session: the members get a cancellation that removes it from
    their calendars (same UID, higher SEQUENCE, METHOD:CANCEL). The start session is moved,
    not cancelled; a session that has begun cannot be cancelled."""
    locked = TeamSession.objects.select_for_update(of=("self",)).get(pk=session.pk)
    if locked.kind != SessionKind.FOLLOW_UP:
        raise ValidationError(
            _("The start session can be moved, not cancelled."), code="start_session"
        )
    if locked.status != SessionStatus.PLANNED:
        raise ValidationError(_("Only a planned session can be cancelled."), code="not_planned")
    locked.status = SessionStatus.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence"])
    for member in locked.team.members.active():
        _mail_on_commit(member, "cancellation", locked)
    record(
        "teams.session.cancel",
        actor=actor,
        obj=locked.team,
        data={"kind": locked.kind, "starts_at": locked.starts_at.isoformat()},
    )
    return locked


def save_preparation(*, member: TeamMember, data: Mapping[str, str]) -> TeamMember:
    """Store a member's own preparation (personal notes: not audited)."""
    for name in PREPARATION_FIELDS:
        if name in data:
            setattr(member, name, data[name].strip())
    member.prepared_at = clock.now()
    member.save(update_fields=[*PREPARATION_FIELDS, "prepared_at"])
    return member


def _assign_subgroups(team: Team) -> int:
    members = list(team.members.active().order_by("name", "pk"))
    groups = method.subgroup_count(len(members))
    for index, member in enumerate(members):
        member.subgroup = (index % groups) + 1 if groups else None
    TeamMember.objects.bulk_update(members, ["subgroup"])
    return groups


@transaction.atomic
def start_session(*, session: TeamSession, actor: Any) -> TeamSession:
    """Open the workshop: first step, timer running; teams over eight split into sub-groups."""
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("This session is already closed."), code="closed")
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session was cancelled."), code="cancelled")
    if session.status == SessionStatus.RUNNING:
        return session
    groups = _assign_subgroups(session.team)
    session.status, session.step, session.step_started_at = SessionStatus.RUNNING, 0, clock.now()
    session.spotlight = 0
    session.save(update_fields=["status", "step", "step_started_at", "spotlight"])
    record("teams.session.start", actor=actor, obj=session.team, data={"subgroups": groups})
    return session


def go_to_step(*, session: TeamSession, step: int) -> TeamSession:
    """Move the running workshop to `step` and restart its timer."""
    if not session.is_running:
        raise ValidationError(_("The session is not running."), code="not_running")
    session.step = max(0, min(step, len(session.steps) - 1))
    session.step_started_at = clock.now()
    session.save(update_fields=["step", "step_started_at"])
    return session


def go_to_member(*, session: TeamSession, index: int) -> TeamSession:
    """ "Who are we?": show the preparation of member number `index` (from 0) on the shared
    screen and the phones."""
    if not session.is_running or not session.current_step.shows_preparations:
        raise ValidationError(_("The team is not looking at the preparations now."), code="step")
    count = len(session.presented_members())
    session.spotlight = max(0, min(index, count - 1))
    session.save(update_fields=["spotlight"])
    return session


def spotlit_member(session: TeamSession) -> tuple[TeamMember | None, int, int]:
    """The member whose preparation is shown now, their number (from 1) and how many there are."""
    members = session.presented_members()
    if not members:
        return None, 0, 0
    index = min(session.spotlight, len(members) - 1)
    return members[index], index + 1, len(members)


def add_note(
    *,
    session: TeamSession,
    member: TeamMember | None,
    topic: str,
    text: str,
    about: TeamMember | None = None,
) -> Contribution:
    """A note on a topic of the current step, from a member's phone or the facilitator; in
    "Who are we?" it may be about one member's preparation instead of the whole team."""
    text = text.strip()
    if not session.is_running:
        raise ValidationError(_("The session is not running."), code="not_running")
    if topic not in {t.key for t in session.current_step.topics}:
        raise ValidationError(_("This topic is not open now."), code="topic")
    if about is not None and (
        not session.current_step.shows_preparations
        or about.team_id != session.team_id
        or about.left_on is not None
    ):
        raise ValidationError(_("Notes about a member belong to “Who are we?”."), code="about")
    if not text:
        raise ValidationError(_("Write a note first."), code="empty")
    return Contribution.objects.create(
        session=session,
        member=member,
        about=about,
        topic=topic,
        subgroup=member.subgroup if member else None,
        text=text[:NOTE_MAX_LENGTH],
    )


def merge_keys(session: TeamSession) -> tuple[str, ...]:
    """What the facilitator merges: topics (start session) or contract sections (follow-up)."""
    if session.is_follow_up:
        return method.SECTION_KEYS
    return tuple(t.key for s in session.steps for t in s.topics)


def merge_draft(session: TeamSession) -> dict[str, str]:
    """The merge form's starting text: what was merged already, else every distinct note as a
    bullet (start) or the current contract (follow-up)."""
    if session.merged:
        return {k: str(session.merged.get(k, "")) for k in merge_keys(session)}
    if session.is_follow_up:
        contract = session.team.latest_contract()
        return {k: contract.section_text(k) if contract else "" for k in method.SECTION_KEYS}
    draft: dict[str, list[str]] = {k: [] for k in merge_keys(session)}
    for note in session.notes.select_related("about").order_by("subgroup", "pk"):
        lines = draft.setdefault(note.topic, [])
        about = f"{note.about.name}: " if note.about else ""
        bullet = "- " + about + " ".join(note.text.split())
        if bullet.lower() not in {line.lower() for line in lines}:
            lines.append(bullet)
    return {k: "\n".join(v) for k, v in draft.items()}


def merge(*, session: TeamSession, texts: Mapping[str, str]) -> TeamSession:
    """Store the facilitator's merged text per topic or section."""
    keys = merge_keys(session)
    session.merged = {k: texts.get(k, "").strip() for k in keys}
    session.save(update_fields=["merged"])
    return session


def _member_lines(members: Iterable[TeamMember]) -> str:
    lines = []
    for member in members:
        if member.strengths.strip():
            strengths = " ".join(member.strengths.split())
            lines.append(f"- {member.name}: {strengths}")
    return "\n".join(lines)


def _with_lead(lead: Any, text: str) -> str:
    text = text.strip()
    return f"{lead}\n{text}" if text else ""


def generate_sections(session: TeamSession) -> dict[str, str]:
    """The contract text from a session, in plain language: each section opens with a short
    sentence followed by the team's own points."""
    texts = session.merged or merge_draft(session)
    if session.is_follow_up:
        return {k: str(texts.get(k, "")).strip() for k in method.SECTION_KEYS}
    sections = {}
    members = _member_lines(session.team.members.active().order_by("name"))
    for part in method.CONTRACT_PARTS:
        for section in part.sections:
            text = members if section.key == "members" else str(texts.get(section.key, ""))
            sections[section.key] = _with_lead(section.lead, text)
    return sections


@transaction.atomic
def close_session(*, session: TeamSession, actor: Any) -> TeamContract:
    """Close the workshop and make the next contract version from it."""
    if session.status == SessionStatus.CLOSED:
        raise ValidationError(_("This session is already closed."), code="closed")
    if session.status == SessionStatus.CANCELLED:
        raise ValidationError(_("This session was cancelled."), code="cancelled")
    team = session.team
    previous = team.latest_contract()
    version = (previous.version if previous else 0) + 1
    contract = TeamContract.objects.create(
        team=team, version=version, sections=generate_sections(session), session=session
    )
    session.status, session.closed_at = SessionStatus.CLOSED, clock.now()
    session.save(update_fields=["status", "closed_at"])
    record("teams.session.close", actor=actor, obj=team, data={"kind": session.kind})
    record(
        "teams.contract.new_version",
        actor=actor,
        obj=team,
        label=str(contract),
        data={"version": version, "from_session": str(session.uid)},
    )
    return contract


@transaction.atomic
def edit_contract(
    *, contract: TeamContract, sections: Mapping[str, str], actor: Any
) -> TeamContract:
    """Edit a version that is not yet confirmed by everybody. Confirmations given so far are
    withdrawn: they were for the earlier text."""
    if contract.is_confirmed:
        raise ValidationError(
            _("This version is confirmed and can no longer be changed."), code="confirmed"
        )
    before = dict(contract.sections)
    after = {k: sections.get(k, before.get(k, "")).strip() for k in method.SECTION_KEYS}
    if after == {k: before.get(k, "") for k in method.SECTION_KEYS}:
        return contract
    withdrawn = contract.confirmations.count()
    contract.confirmations.all().delete()
    contract.sections, contract.edited_at = after, clock.now()
    contract.save(update_fields=["sections", "edited_at"])
    changed = [k for k in after if after[k] != before.get(k, "")]
    record(
        "teams.contract.edit",
        actor=actor,
        obj=contract.team,
        label=str(contract),
        data={"version": contract.version, "sections": changed, "withdrawn": withdrawn},
    )
    return contract


def missing_confirmations(contract: TeamContract) -> list[TeamMember]:
    confirmed = set(contract.confirmations.values_list("member_id", flat=True))
    return [m for m in contract.team.members.active() if m.pk not in confirmed]


def next_follow_up_start(team: Team) -> dt.datetime | None:
    """When the next follow-up should be, from the team's rhythm: counted from the day the last
    session was held, at the same time of day. The first follow-up comes after about 4–6 weeks
    whatever the rhythm (`FIRST_FOLLOW_UP_WEEKS` at most); after that, None when the team
    chose no regular follow-ups."""
    held = team.sessions.filter(status=SessionStatus.CLOSED).order_by("-closed_at").first()
    had_follow_up = team.sessions.filter(
        kind=SessionKind.FOLLOW_UP, status=SessionStatus.CLOSED
    ).exists()
    if had_follow_up:
        if not team.follow_up_weeks:
            return None
        weeks = team.follow_up_weeks
    else:
        weeks = min(team.follow_up_weeks or FIRST_FOLLOW_UP_WEEKS, FIRST_FOLLOW_UP_WEEKS)
    today = clock.today()
    day = timezone.localdate(held.closed_at) if held and held.closed_at else today
    day += dt.timedelta(weeks=weeks)
    if day <= today:
        day = today + dt.timedelta(weeks=weeks)
    local = timezone.localtime(held.starts_at) if held else None
    hour, minute = (local.hour, local.minute) if local else (9, 0)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def planned_follow_up(team: Team) -> TeamSession | None:
    return (
        team.sessions.filter(kind=SessionKind.FOLLOW_UP, status=SessionStatus.PLANNED)
        .order_by("starts_at")
        .first()
    )


@transaction.atomic
def set_follow_up_rhythm(*, team: Team, weeks: int, actor: Any) -> TeamSession | None:
    """Set the rhythm the team chose (0: no regular follow-ups) and plan the next follow-up
    from it: once the contract is confirmed, the planned follow-up moves to the date the rhythm
    gives (members get the update and a calendar file with a higher SEQUENCE), or one is
    scheduled if none is planned. Returns the planned follow-up, if any."""
    if weeks not in RHYTHM_WEEKS:
        raise ValidationError(_("Choose one of the rhythms offered."), code="rhythm")
    before = team.follow_up_weeks
    team.follow_up_weeks = weeks
    team.save(update_fields=["follow_up_weeks"])
    record(
        "teams.team.rhythm",
        actor=actor,
        obj=team,
        data={"before": {"weeks": before}, "after": {"weeks": weeks}},
    )
    planned = planned_follow_up(team)
    target = next_follow_up_start(team) if team.confirmed_contract() else None
    if target is None:
        return planned
    if planned is None:
        return schedule_session(team=team, starts_at=target, actor=actor)
    if planned.starts_at != target:
        reschedule_session(
            session=planned, starts_at=target, duration_minutes=planned.duration_minutes,
            location=planned.location, actor=actor,
        )  # fmt: skip
    return planned


@transaction.atomic
def confirm_contract(*, contract: TeamContract, member: TeamMember) -> ContractConfirmation:
    """Record that `member` confirms this version. When the last member confirms, the version
    is fixed and, if none is planned, the next follow-up session is scheduled."""
    if member.team_id != contract.team_id or member.left_on is not None:
        raise ValidationError(_("Only members of the team confirm its contract."), code="member")
    if contract != contract.team.latest_contract():
        raise ValidationError(_("Only the newest version can be confirmed."), code="old")
    confirmation, created = ContractConfirmation.objects.get_or_create(
        contract=contract, member=member, defaults={"confirmed_at": clock.now()}
    )
    if not created:
        return confirmation
    record(
        "teams.contract.confirm",
        actor=member,
        obj=contract.team,
        label=str(contract),
        data={"version": contract.version, "member": member.email},
    )
    if contract.confirmed_at is None and not missing_confirmations(contract):
        _confirmed_by_all(contract)
    return confirmation


def _confirmed_by_all(contract: TeamContract) -> None:
    team = contract.team
    contract.confirmed_at = clock.now()
    contract.save(update_fields=["confirmed_at"])
    record(
        "teams.contract.confirmed",
        actor="system",
        obj=team,
        label=str(contract),
        data={"version": contract.version},
    )
    starts_at = next_follow_up_start(team)
    if planned_follow_up(team) is None and starts_at is not None:
        schedule_session(team=team, starts_at=starts_at, actor="system")


@transaction.atomic
def answer_pulse(*, session: TeamSession, member: TeamMember, answers: Mapping[str, int]) -> bool:
    """Store one anonymous pulse answer. False if the member had already answered. The answer
    row holds no member and no time; the receipt says only that the member has answered."""
    if member.team_id != session.team_id or not session.pulse_is_open(clock.now()):
        raise ValidationError(_("The team pulse is not open."), code="closed")
    clean = {k: int(answers[k]) for k in ITEM_KEYS if k in answers}
    if set(clean) != set(ITEM_KEYS) or not all(1 <= v <= 5 for v in clean.values()):
        raise ValidationError(_("Answer every statement."), code="incomplete")
    try:
        with transaction.atomic():
            PulseReceipt.objects.create(session=session, member=member)
    except IntegrityError:
        return False
    PulseResponse.objects.create(session=session, answers=clean)
    return True


def sessions_to_remind(now: dt.datetime) -> list[TeamSession]:
    """Planned follow-ups that start within `PULSE_REMINDER_BEFORE` and have not started."""
    return list(
        TeamSession.objects.select_related("team")
        .filter(
            kind=SessionKind.FOLLOW_UP,
            status=SessionStatus.PLANNED,
            starts_at__gt=now,
            starts_at__lte=now + PULSE_REMINDER_BEFORE,
        )
        .order_by("starts_at", "pk")
    )


@transaction.atomic
def _send_pulse_reminder(member: TeamMember, raw: str, claim: PulseReminder) -> None:
    try:
        mail.send_to_member(
            member=member, raw=raw, template="pulse_reminder", session=claim.session
        )
    except Exception:  # the mail server: free the claim, the next run tries again
        log.exception("pulse reminder to team member %s failed; tried again next run", member.pk)
        PulseReminder.objects.filter(pk=claim.pk).delete()


def remind_pulse(*, session: TeamSession) -> int:
    """Remind the members who have not answered `session`'s pulse, each with a fresh personal
    link, and return how many were reminded. Never twice for the same session and member: the
    reminder row is written first (a unique constraint), the e-mail goes on commit; when the
    mail server refuses it, the row is deleted again, so the next run tries once more."""
    now = clock.now()
    if not session.pulse_is_open(now):
        return 0
    answered = PulseReceipt.objects.filter(session=session).values("member_id")
    reminded = PulseReminder.objects.filter(session=session).values("member_id")
    members = session.team.members.active().exclude(pk__in=answered).exclude(pk__in=reminded)
    count = 0
    for member in members.order_by("pk"):
        try:
            with transaction.atomic():
                claim = PulseReminder.objects.create(session=session, member=member, sent_at=now)
        except IntegrityError:  # another run reminded them a moment ago
            continue
        member.team = session.team
        transaction.on_commit(
            partial(_send_pulse_reminder, member, issue_link(member=member), claim)
        )
        count += 1
    if count:
        record(
            "teams.pulse.remind",
            actor="system",
            obj=session.team,
            data={"session": str(session.uid), "members": count},
        )
    return count


def send_pulse_reminders() -> int:
    """The daily job (`medvirk teamreminders`): remind every follow-up that is due."""
    return sum(remind_pulse(session=s) for s in sessions_to_remind(clock.now()))
