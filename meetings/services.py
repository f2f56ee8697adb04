"""Meeting use cases. Each is one typed, keyword-only function run in a transaction that
writes an audit entry for governance-relevant changes and queues e-mail (a background task)
on commit. Views, the API, the demo and the commands call these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.models import acting_user, record
from meetings import tasks
from meetings.models import (
    PHASE_ORDER,
    AgendaItem,
    Meeting,
    MeetingStatus,
    MethodCard,
    Participant,
    Phase,
)
from orgs.models import OrgUnit, Person, Role, RoleAssignment
from surveys.models import SurveyRound

METHODS_FILE = Path(__file__).resolve().parent / "methods.yaml"
NOTES_MAX_LENGTH = 50_000
ROLE_FIELDS = ("meeting_leader", "presenter", "note_taker", "documented_by")
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "place", "video_link")


class Conflict(Exception):
    """Somebody else saved first. Carries what is stored now, so the page can show both."""

    def __init__(self, *, current: Any, revision: int) -> None:
        super().__init__("conflict")
        self.current = current
        self.revision = revision


# --- people -------------------------------------------------------------------------------


def _covering(role: str, unit: OrgUnit) -> Q:
    on_unit = Q(unit=unit)
    above = Q(include_subtree=True, unit__pk__in=unit.ancestor_ids)
    return Q(role=role, person__left_on__isnull=True) & (on_unit | above)


def key_people(unit: OrgUnit) -> list[Person]:
    """The unit's leader, safety representative and process facilitator: the people of the
    preparation meeting. The leader is the one of the unit itself; safety representatives
    and facilitators may hold their role over a larger area."""
    active = RoleAssignment.objects.active().select_related("person")
    leaders = list(active.filter(role=Role.LEADER, unit=unit, person__left_on__isnull=True))
    others = list(
        active.filter(_covering(Role.SAFETY_REP, unit) | _covering(Role.FACILITATOR, unit))
    )
    people: dict[int, Person] = {}
    for assignment in [*leaders, *others]:
        people.setdefault(assignment.person_id, assignment.person)
    return list(people.values())


def unit_facilitators(unit: OrgUnit) -> list[Person]:
    """The process facilitators assigned to the unit (or to a unit above it with sub-units)."""
    active = RoleAssignment.objects.active().select_related("person")
    return [a.person for a in active.filter(_covering(Role.FACILITATOR, unit))]


def candidates(meeting: Meeting, *, include_subunits: bool = False) -> list[Person]:
    """People who may be invited and are not yet: the unit's members (optionally those of its
    sub-units) and its leader, safety representative and facilitator."""
    members = Person.objects.active()
    members = (
        members.filter(unit__path__startswith=meeting.unit.path)
        if include_subunits
        else members.filter(unit=meeting.unit)
    )
    taken = set(meeting.participants.values_list("person_id", flat=True))
    people = {p.pk: p for p in members.select_related("unit")}
    for person in key_people(meeting.unit):
        people.setdefault(person.pk, person)
    found = [p for p in people.values() if p.pk not in taken]
    return sorted(found, key=lambda p: (p.family_name, p.given_name, p.pk))


def queue_mail(meeting: Meeting, person_ids: list[int], kind: str) -> None:
    """Send `kind` to these participants by a background task once the change is committed."""
    if not person_ids:
        return
    language = translation.get_language() or "nb"
    transaction.on_commit(
        lambda: tasks.send_meeting_mail.enqueue(meeting.pk, person_ids, kind, language)
    )


# --- planning -----------------------------------------------------------------------------


def default_title(kind: str, unit: OrgUnit) -> str:
    return _("%(kind)s: %(unit)s") % {"kind": Phase(kind).label, "unit": unit.name}


def _default_titles(kind: str, unit: OrgUnit) -> set[str]:
    """The default title of `kind` for `unit` in every language (a meeting keeps the one of
    the language it was planned in)."""
    titles = set()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            titles.add(default_title(kind, unit))
    return titles


def _check_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if ends_at <= starts_at:
        raise ValidationError(
            {"ends_at": _("The meeting must end after it starts.")}, code="ends_before_start"
        )


@transaction.atomic
def plan_meeting(
    *,
    unit: OrgUnit,
    kind: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    title: str = "",
    place: str = "",
    video_link: str = "",
    round: SurveyRound | None = None,
    actor: Any,
) -> Meeting:
    """Plan a meeting for a unit. The leader, safety representative and facilitator of the
    unit (and the planner) are participants from the start; invitations go out when the
    planner sends them."""
    _check_times(starts_at, ends_at)
    meeting = Meeting.objects.create(
        unit=unit, round=round, kind=Phase(kind), title=title.strip() or default_title(kind, unit),
        starts_at=starts_at, ends_at=ends_at, place=place.strip(), video_link=video_link.strip(),
        created_by=acting_user(actor),
    )  # fmt: skip
    people = key_people(unit)
    planner = getattr(actor, "person", None)
    if planner is not None and planner.pk not in {p.pk for p in people}:
        people.append(planner)
    Participant.objects.bulk_create([Participant(meeting=meeting, person=p) for p in people])
    record("meetings.meeting.plan", actor=actor, obj=meeting, data={"after": _snapshot(meeting)})
    return meeting


def _snapshot(meeting: Meeting) -> dict[str, Any]:
    roles = {name: getattr(meeting, f"{name}_id") for name in ROLE_FIELDS}
    return {
        "unit": meeting.unit.code,
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat(),
        "ends_at": meeting.ends_at.isoformat(),
        "place": meeting.place,
        "video_link": meeting.video_link,
        "status": meeting.status,
        "round": meeting.round.name if meeting.round else None,
        **roles,
    }


def locked(meeting: Meeting) -> Meeting:
    """The meeting, read again with its row locked until the transaction ends."""
    return Meeting.objects.with_people().select_for_update(of=("self",)).get(pk=meeting.pk)


@transaction.atomic
def update_meeting(
    *, meeting: Meeting, version: int, values: Mapping[str, Any], actor: Any
) -> Meeting:
    """Change a meeting's details from the form the user started at `version`. If its kind,
    time, place or title changed, the calendar SEQUENCE goes up and everyone already invited
    gets an update that replaces the event in their calendar. A new kind also renames a
    meeting whose title was the old kind's default; an empty title becomes the default."""
    current = locked(meeting)
    if current.version != version:
        raise Conflict(current=current, revision=current.version)
    if not current.is_planned:
        raise ValidationError(_("Only a planned meeting can be changed."), code="not_planned")
    before = _snapshot(current)
    kind = values.get("kind", current.kind)
    if kind not in Phase.values:
        raise ValidationError({"kind": _("Choose the kind of meeting.")}, code="kind")
    for name in (*CALENDAR_FIELDS, "round", *ROLE_FIELDS):
        if name in values:
            value = values[name]
            setattr(current, name, value.strip() if isinstance(value, str) else value)
    if kind != current.kind and current.title in _default_titles(current.kind, current.unit):
        current.title = default_title(kind, current.unit)
    current.kind = kind
    if not current.title:
        current.title = default_title(kind, current.unit)
    _check_times(current.starts_at, current.ends_at)
    after = _snapshot(current)
    moved = any(before[name] != after[name] for name in (*CALENDAR_FIELDS, "kind"))
    current.version += 1
    if moved:
        current.sequence += 1
    current.save()
    if moved:
        _send_updates(current)
    record(
        "meetings.meeting.move" if moved else "meetings.meeting.edit",
        actor=actor,
        obj=current,
        data={"before": before, "after": after},
    )
    return current


def _send_updates(meeting: Meeting) -> None:
    invited = meeting.participants.filter(invited_sequence__isnull=False)
    ids = list(invited.values_list("person_id", flat=True))
    invited.update(invited_sequence=meeting.sequence)
    queue_mail(meeting, ids, "update")


@dataclass(frozen=True)
class Sent:
    invited: int
    updated: int


@transaction.atomic
def send_invitations(*, meeting: Meeting, actor: Any) -> Sent:
    """E-mail every participant who has not had the current calendar file: an invitation to
    the new ones, an update to those who have an older version."""
    current = locked(meeting)
    if not current.is_planned:
        raise ValidationError(_("Only a planned meeting can be sent out."), code="not_planned")
    participants = list(current.participants.all())
    new = [p.person_id for p in participants if p.invited_sequence is None]
    old = [
        p.person_id
        for p in participants
        if p.invited_sequence is not None and p.invited_sequence < current.sequence
    ]
    if not new and not old:
        raise ValidationError(
            _("Everybody has the invitation already. Add participants first."), code="nobody"
        )
    current.participants.filter(person_id__in=new + old).update(invited_sequence=current.sequence)
    current.invitations_sent_at = timezone.now()
    current.save(update_fields=["invitations_sent_at"])
    queue_mail(current, new, "invitation")
    queue_mail(current, old, "update")
    record(
        "meetings.meeting.invite",
        actor=actor,
        obj=current,
        data={"invited": len(new), "updated": len(old), "sequence": current.sequence},
    )
    return Sent(len(new), len(old))


@transaction.atomic
def cancel_meeting(*, meeting: Meeting, actor: Any) -> Meeting:
    """Cancel a planned meeting; everyone invited gets a cancellation (METHOD:CANCEL) that
    removes the event from their calendar."""
    current = locked(meeting)
    if not current.is_planned:
        raise ValidationError(_("Only a planned meeting can be cancelled."), code="not_planned")
    current.status = MeetingStatus.CANCELLED
    current.sequence += 1
    current.version += 1
    current.save(update_fields=["status", "sequence", "version"])
    _send_cancellations(current)
    record("meetings.meeting.cancel", actor=actor, obj=current, data={"title": current.title})
    return current


def _send_cancellations(meeting: Meeting) -> None:
    invited = meeting.participants.filter(invited_sequence__isnull=False)
    ids = list(invited.values_list("person_id", flat=True))
    invited.update(invited_sequence=meeting.sequence)
    queue_mail(meeting, ids, "cancellation")


@transaction.atomic
def mark_held(*, meeting: Meeting, actor: Any) -> Meeting:
    """Record that the meeting took place: the unit's next step moves on, and the
    participants' anonymous feedback opens for MEDVIRK_FEEDBACK_DAYS."""
    current = locked(meeting)
    if not current.is_planned:
        raise ValidationError(
            _("Only a planned meeting can be marked as held."), code="not_planned"
        )
    if current.starts_at > timezone.now():
        raise ValidationError(
            _("The meeting has not started yet. Move it if it was held earlier."), code="future"
        )
    current.status = MeetingStatus.HELD
    current.version += 1
    current.open_feedback(now=timezone.now(), days=settings.MEDVIRK_FEEDBACK_DAYS)
    current.save(update_fields=["status", "version", "feedback_code", "feedback_closes_at"])
    record("meetings.meeting.held", actor=actor, obj=current, data={"title": current.title})
    return current


# --- participants -------------------------------------------------------------------------


@transaction.atomic
def add_participants(*, meeting: Meeting, people: Iterable[Person], actor: Any) -> int:
    """Add people to the meeting (those already in it are skipped); they are invited with
    the next "send invitations"."""
    taken = set(meeting.participants.values_list("person_id", flat=True))
    new = []
    for person in people:
        if person.pk not in taken:
            taken.add(person.pk)
            new.append(Participant(meeting=meeting, person=person))
    Participant.objects.bulk_create(new)
    if new:
        record(
            "meetings.participants.add",
            actor=actor,
            obj=meeting,
            data={"people": [p.person.email for p in new]},
        )
    return len(new)


@transaction.atomic
def remove_participant(*, meeting: Meeting, person: Person, actor: Any) -> None:
    """Take a person off the meeting. If they were invited to a planned meeting, they get a
    cancellation so the event leaves their calendar."""
    participant = meeting.participants.filter(person=person).first()
    if participant is None:
        return
    if participant.is_invited and meeting.is_planned:
        queue_mail(meeting, [person.pk], "cancellation")
    participant.delete()
    record("meetings.participants.remove", actor=actor, obj=meeting, data={"person": person.email})


# --- notes --------------------------------------------------------------------------------


@transaction.atomic
def save_notes(*, meeting: Meeting, text: str, revision: int, actor: Any) -> Meeting:
    """Save the meeting notes written from `revision`. If somebody saved in between, nothing
    is written and `Conflict` carries the stored text: the page shows both versions and
    keeps the user's text."""
    if len(text) > NOTES_MAX_LENGTH:
        raise ValidationError(
            _("The notes can be at most %(count)s characters.") % {"count": NOTES_MAX_LENGTH},
            code="too_long",
        )
    current = locked(meeting)
    if current.revision != revision:
        raise Conflict(current=current.notes, revision=current.revision)
    if current.notes == text:
        return current
    current.notes = text
    current.revision += 1
    current.notes_updated_at = timezone.now()
    current.notes_updated_by = acting_user(actor)
    current.save(update_fields=["notes", "revision", "notes_updated_at", "notes_updated_by"])
    return current


# --- agenda -------------------------------------------------------------------------------


def _check_minutes(minutes: int) -> None:
    if not 1 <= minutes <= 480:
        raise ValidationError(
            {"minutes": _("An agenda item takes between 1 and 480 minutes.")}, code="minutes"
        )


@transaction.atomic
def add_agenda_item(
    *,
    meeting: Meeting,
    title: str = "",
    minutes: int | None = None,
    method: MethodCard | None = None,
    notes: str = "",
    actor: Any,
) -> AgendaItem:
    """Add an item at the end of the agenda: a method card (its title and duration are the
    defaults) or a free item."""
    title = title.strip() or (method.title if method else "")
    if not title:
        raise ValidationError({"title": _("Give the item a title or pick a method.")})
    if minutes is None:
        minutes = method.duration_minutes if method else 10
    _check_minutes(minutes)
    last = meeting.agenda_items.order_by("-position").values_list("position", flat=True).first()
    return AgendaItem.objects.create(
        meeting=meeting,
        position=(last or 0) + 1,
        title=title,
        minutes=minutes,
        method=method,
        notes=notes.strip(),
    )


@transaction.atomic
def update_agenda_item(*, item: AgendaItem, title: str, minutes: int, notes: str) -> AgendaItem:
    if not title.strip():
        raise ValidationError({"title": _("Give the item a title.")})
    _check_minutes(minutes)
    item.title, item.minutes, item.notes = title.strip(), minutes, notes.strip()
    item.save(update_fields=["title", "minutes", "notes"])
    return item


@transaction.atomic
def move_agenda_item(*, item: AgendaItem, up: bool) -> None:
    """Swap the item with its neighbour above (or below); positions are renumbered 1..n."""
    items = list(item.meeting.agenda_items.order_by("position", "pk"))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if up else index + 1
    if 0 <= target < len(items):
        items[index], items[target] = items[target], items[index]
    for position, other in enumerate(items, start=1):
        if other.position != position:
            other.position = position
            other.save(update_fields=["position"])


@transaction.atomic
def remove_agenda_item(*, item: AgendaItem) -> None:
    item.delete()


# --- the facilitator's overview -----------------------------------------------------------


@dataclass
class UnitProgress:
    """Where a unit is in the cycle: the next kind of meeting, and what is due."""

    unit: OrgUnit
    next_kind: str
    next_meeting: Meeting | None  # planned meeting of the next kind, if any
    upcoming: list[Meeting] = field(default_factory=list)
    overdue: list[Meeting] = field(default_factory=list)
    held: list[Meeting] = field(default_factory=list)

    @property
    def next_label(self) -> str:
        return str(Phase(self.next_kind).label)


def next_kind(held_kinds: set[str]) -> str:
    """Preparation → mapping → action → follow-up (follow-ups repeat)."""
    for kind in PHASE_ORDER:
        if kind not in held_kinds:
            return str(kind)
    return str(Phase.FOLLOW_UP)


def unit_progress(units: list[OrgUnit], *, now: dt.datetime) -> list[UnitProgress]:
    """One query for all units' meetings, then each unit's next step and what is due."""
    meetings = Meeting.objects.active().filter(unit__in=units).order_by("starts_at", "pk")
    by_unit: dict[int, list[Meeting]] = {}
    for meeting in meetings:
        by_unit.setdefault(meeting.unit_id, []).append(meeting)
    result = []
    for unit in units:
        items = by_unit.get(unit.pk, [])
        held = [m for m in items if m.status == MeetingStatus.HELD]
        planned = [m for m in items if m.is_planned]
        kind = next_kind({m.kind for m in held})
        result.append(
            UnitProgress(
                unit=unit,
                next_kind=kind,
                next_meeting=next((m for m in planned if m.kind == kind), None),
                upcoming=[m for m in planned if not m.is_overdue(now)],
                overdue=[m for m in planned if m.is_overdue(now)],
                held=held,
            )
        )
    return result


# --- method cards -------------------------------------------------------------------------

CARD_TEXT_FIELDS = tuple(
    f"{name}_{language}"
    for name in ("title", "purpose", "steps", "materials", "tips", "worksheet")
    for language in ("nb", "en")
)
CARD_FIELDS = (
    *CARD_TEXT_FIELDS,
    "phases",
    "duration_minutes",
    "group_min",
    "group_max",
    "sensitive_topics",
)


def _check_card(values: Mapping[str, Any]) -> None:
    errors: dict[str, str] = {}
    if not values.get("phases"):
        errors["phases"] = _("Choose at least one phase.")
    elif any(p not in Phase.values for p in values["phases"]):
        errors["phases"] = _("Unknown phase.")
    if values.get("group_min", 1) > values.get("group_max", 60):
        errors["group_max"] = _("The largest group cannot be smaller than the smallest.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_method_card(
    *, card: MethodCard | None, values: Mapping[str, Any], revision: int | None, actor: Any
) -> MethodCard:
    """Create a card (card=None) or change one edited from `revision`; a change from an
    older revision is refused with the stored card (`Conflict`)."""
    _check_card(values)
    if card is None:
        if MethodCard.objects.filter(code=values["code"]).exists():
            raise ValidationError({"code": _("A method card has this code already.")})
        created = MethodCard.objects.create(
            code=values["code"], **{name: values[name] for name in CARD_FIELDS}
        )
        record("meetings.method.create", actor=actor, obj=created, data={"code": created.code})
        return created
    current = MethodCard.objects.select_for_update().get(pk=card.pk)
    if current.revision != revision:
        raise Conflict(current=current, revision=current.revision)
    before = {name: getattr(current, name) for name in CARD_FIELDS}
    for name in CARD_FIELDS:
        setattr(current, name, values[name])
    current.revision += 1
    current.save()
    changed = {name: values[name] for name in CARD_FIELDS if before[name] != values[name]}
    record(
        "meetings.method.edit",
        actor=actor,
        obj=current,
        data={"before": {k: before[k] for k in changed}, "after": changed},
    )
    return current


def read_methods_file(path: Path) -> list[dict[str, Any]]:
    """The cards of a methods file as model values; raises ValueError on a malformed file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or data.get("format") != "medvirk-methods/1":
        raise ValueError(f"{path}: not a medvirk-methods/1 file")
    cards = []
    for raw in data.get("cards", []):
        values: dict[str, Any] = {
            "code": raw["code"],
            "phases": list(raw["phases"]),
            "duration_minutes": int(raw["duration"]),
            "group_min": int(raw["group"][0]),
            "group_max": int(raw["group"][1]),
            "sensitive_topics": bool(raw.get("sensitive", False)),
        }
        for language in ("nb", "en"):
            text = raw[language]
            for name in ("title", "purpose", "tips"):
                values[f"{name}_{language}"] = str(text.get(name, "")).strip()
            for name in ("steps", "materials", "worksheet"):
                values[f"{name}_{language}"] = "\n".join(str(x) for x in text.get(name, []))
        cards.append(values)
    return cards


@dataclass(frozen=True)
class Loaded:
    created: int
    updated: int
    kept: int  # edited by an administrator since: left as they are


@transaction.atomic
def load_methods(*, path: Path = METHODS_FILE, actor: Any = None) -> Loaded:
    """Load the method cards of a file: new codes are created, cards never edited in Medvirk
    (revision 1) are refreshed from the file, edited cards are kept."""
    created = updated = kept = 0
    for values in read_methods_file(path):
        card = MethodCard.objects.filter(code=values["code"]).first()
        if card is None:
            MethodCard.objects.create(**values)
            created += 1
        elif card.revision > 1:
            kept += 1
        elif any(getattr(card, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(card, name, value)
            card.save()
            updated += 1
    if created or updated:
        record(
            "meetings.method.load",
            actor=actor,
            label=path.name,
            data={"created": created, "updated": updated, "kept": kept},
        )
    return Loaded(created, updated, kept)
