"""Annual-conversation use cases. Each is one typed, keyword-only function run in a transaction
that writes an audit entry for governance-relevant changes; views, the demo and the commands
call these. What a conversation adds to the action plan goes through `actions.services`, so
the plan's versions, revisions and audit entries work exactly as for a meeting's outcome.

Concurrency: the plan form carries the conversation's `version`, each section's notes their
`revision`; a save from an older one is refused with `Conflict`, which carries what is
stored now (never a silent overwrite)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actions import services as actions
from actions.models import ActionPlan, FocusArea, FocusKind, FocusSource, Measure
from audit.models import acting_user, record
from conversations.guide import guide
from conversations.models import (
    Conversation,
    ConversationNote,
    ConversationOutcome,
    ConversationStatus,
)
from orgs.models import OrgUnit, Person, Role, RoleAssignment

NOTES_MAX_LENGTH = 20_000


class Conflict(Exception):
    """Somebody else saved first. Carries what is stored now, so the page can show both."""

    def __init__(self, *, current: Any, revision: int) -> None:
        super().__init__("conflict")
        self.current = current
        self.revision = revision


# --- people -------------------------------------------------------------------------------


def _covering(role: str, unit: OrgUnit) -> Q:
    above = Q(include_subtree=True, unit__pk__in=unit.ancestor_ids)
    return Q(role=role, person__left_on__isnull=True) & (Q(unit=unit) | above)


def safety_reps(unit: OrgUnit) -> list[Person]:
    """The safety representatives whose role covers the unit (on it, or above it with
    sub-units): the ones who may take part as the unit's safety representative."""
    found = RoleAssignment.objects.active().filter(_covering(Role.SAFETY_REP, unit))
    ids = found.values("person_id")
    return list(Person.objects.filter(pk__in=ids).order_by("family_name", "given_name"))


def unit_leaders(unit: OrgUnit) -> list[Person]:
    """The active leaders of the unit itself (those reminded about its conversation)."""
    ids = (
        RoleAssignment.objects.active()
        .filter(role=Role.LEADER, unit=unit, person__left_on__isnull=True)
        .values("person_id")
    )
    return list(Person.objects.filter(pk__in=ids).order_by("family_name", "given_name"))


def candidates(unit: OrgUnit, *, include_subunits: bool = False) -> list[Person]:
    """The people who may take part: the unit's own staff (optionally its sub-units' too),
    plus its leaders."""
    people = Person.objects.active().select_related("unit")
    query = Q(unit__path__startswith=unit.path) if include_subunits else Q(unit=unit)
    leaders = [p.pk for p in unit_leaders(unit)]
    return list(
        people.filter(query | Q(pk__in=leaders)).order_by("unit__path", "family_name", "given_name")
    )


# --- planning -----------------------------------------------------------------------------


@dataclass
class PlanValues:
    date: dt.date
    time: dt.time | None = None
    place: str = ""
    safety_rep: Person | None = None
    participants: list[Person] = field(default_factory=list)


def _check_plan(unit: OrgUnit, values: PlanValues, *, exclude: int | None = None) -> None:
    errors: dict[str, list[str]] = {}
    taken = Conversation.objects.filter(unit=unit, year=values.date.year)
    if exclude is not None:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        errors["date"] = [
            _("%(unit)s already has an annual conversation in %(year)s.")
            % {"unit": unit.name, "year": values.date.year}
        ]
    if values.safety_rep is not None and values.safety_rep not in safety_reps(unit):
        errors["safety_rep"] = [_("Choose a safety representative of this unit.")]
    allowed = set(
        Person.objects.active()
        .filter(Q(unit__path__startswith=unit.path) | Q(pk__in=[p.pk for p in unit_leaders(unit)]))
        .filter(pk__in=[p.pk for p in values.participants])
        .values_list("pk", flat=True)
    )
    if any(p.pk not in allowed for p in values.participants):
        errors["participants"] = [_("Choose participants from the unit.")]
    if errors:
        raise ValidationError(errors)


def _described(values: PlanValues) -> dict[str, Any]:
    return {
        "date": values.date.isoformat(),
        "time": values.time.strftime("%H:%M") if values.time else None,
        "place": values.place,
        "safety_rep": values.safety_rep.full_name if values.safety_rep else None,
        "participants": sorted(p.full_name for p in values.participants),
    }


def _stored(conversation: Conversation) -> PlanValues:
    return PlanValues(
        date=conversation.date,
        time=conversation.time,
        place=conversation.place,
        safety_rep=conversation.safety_rep,
        participants=list(conversation.participants.all()),
    )


@transaction.atomic
def plan_conversation(*, actor: Any, unit: OrgUnit, values: PlanValues) -> Conversation:
    """Plan the unit's annual conversation of the year of `values.date`."""
    values.place = values.place.strip()
    _check_plan(unit, values)
    try:
        with transaction.atomic():
            conversation = Conversation.objects.create(
                unit=unit,
                year=values.date.year,
                date=values.date,
                time=values.time,
                place=values.place,
                safety_rep=values.safety_rep,
                created_by=acting_user(actor),
            )
    except IntegrityError:  # planned a moment ago by somebody else
        raise ValidationError(
            {"date": [_("This unit's conversation for that year was planned a moment ago.")]}
        ) from None
    conversation.participants.set(values.participants)
    record(
        "conversations.plan",
        actor=actor,
        obj=conversation,
        label=f"{unit.code} {conversation.year}",
        data={"after": _described(values)},
    )
    return conversation


def _locked(conversation: Conversation) -> Conversation:
    return (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("unit", "safety_rep")
        .get(pk=conversation.pk)
    )


@transaction.atomic
def update_conversation(
    *, actor: Any, conversation: Conversation, values: PlanValues, version: int
) -> Conversation:
    """Change the date, time, place or people of a planned conversation, refusing with
    `Conflict` if somebody changed it since `version`."""
    current = _locked(conversation)
    if current.version != version:
        raise Conflict(current=current, revision=current.version)
    if current.is_held:
        raise ValidationError(_("The conversation has been held; its plan can no longer change."))
    values.place = values.place.strip()
    _check_plan(current.unit, values, exclude=current.pk)
    before = _described(_stored(current))
    after = _described(values)
    if before == after:
        return current
    current.date, current.time, current.place = values.date, values.time, values.place
    current.year = values.date.year
    current.safety_rep = values.safety_rep
    current.version += 1
    current.save()
    current.participants.set(values.participants)
    record(
        "conversations.edit",
        actor=actor,
        obj=current,
        label=f"{current.unit.code} {current.year}",
        data={"before": before, "after": after},
    )
    return current


@transaction.atomic
def mark_held(
    *, actor: Any, conversation: Conversation, today: dt.date | None = None
) -> Conversation:
    current = _locked(conversation)
    if current.is_held:
        return current
    if not current.may_mark_held(today):
        raise ValidationError(_("The conversation can be marked as held on its date or later."))
    current.status = ConversationStatus.HELD
    current.held_at = timezone.now()
    current.held_by = acting_user(actor)
    current.save(update_fields=["status", "held_at", "held_by", "updated_at"])
    record(
        "conversations.held",
        actor=actor,
        obj=current,
        label=f"{current.unit.code} {current.year}",
        data={"date": current.date.isoformat()},
    )
    return current


# --- notes --------------------------------------------------------------------------------


@transaction.atomic
def save_note(
    *, actor: Any, conversation: Conversation, section: str, text: str, revision: int
) -> ConversationNote:
    """Save one section's notes written from `revision`. If somebody saved in between,
    nothing is written and `Conflict` carries the stored text."""
    if guide().section(section) is None:
        raise ValidationError(_("The guide has no such section."), code="section")
    if len(text) > NOTES_MAX_LENGTH:
        raise ValidationError(
            _("The notes can be at most %(count)s characters.") % {"count": NOTES_MAX_LENGTH},
            code="too_long",
        )
    ConversationNote.objects.get_or_create(conversation=conversation, section=section)
    note = ConversationNote.objects.select_for_update().get(
        conversation=conversation, section=section
    )
    if note.revision != revision:
        raise Conflict(current=note.text, revision=note.revision)
    if note.text == text:
        return note
    note.text = text
    note.revision += 1
    note.updated_at = timezone.now()
    note.updated_by = acting_user(actor)
    note.save(update_fields=["text", "revision", "updated_at", "updated_by"])
    return note


def notes_by_section(conversation: Conversation) -> dict[str, ConversationNote]:
    return {n.section: n for n in conversation.notes.all()}


# --- the action plan ----------------------------------------------------------------------


def open_measures(unit: OrgUnit) -> list[Measure]:
    """The unit's measures that are not finished, from all its action plans: what the
    conversation follows up under "what we agreed last time"."""
    return list(
        Measure.objects.open()
        .filter(plan__unit=unit)
        .select_related("plan__round", "responsible_person", "focus_area")
        .order_by("due", "plan__created_at", "position", "pk")
    )


def between_rounds_plan(unit: OrgUnit) -> ActionPlan | None:
    """The unit's action plan without a round: where the conversations' measures go."""
    return ActionPlan.objects.filter(unit=unit, round=None).first()


def plan_focus_areas(unit: OrgUnit) -> list[FocusArea]:
    return list(FocusArea.objects.filter(unit=unit, round=None).order_by("kind", "position", "pk"))


@dataclass
class OutcomeValues:
    """A focus area (an existing one of the plan between rounds, or a new one) and/or a
    measure, as the conversation page's form gives them."""

    focus_area: FocusArea | None = None
    new_kind: str = ""
    new_title: str = ""
    new_description: str = ""
    measure_title: str = ""
    measure_description: str = ""
    responsible_person: Person | None = None
    due: dt.date | None = None


def _check_outcome(values: OutcomeValues) -> None:
    errors: dict[str, list[str]] = {}
    if values.new_title and values.focus_area is not None:
        errors["focus_area"] = [_("Choose an existing focus area or write a new one, not both.")]
    if values.new_title and values.new_kind not in FocusKind.values:
        errors["new_kind"] = [_("Choose preserve or improve.")]
    if not values.new_title and not values.measure_title:
        errors["measure_title"] = [_("Write a new focus area, a measure, or both.")]
    if not values.measure_title and (
        values.measure_description or values.responsible_person or values.due
    ):
        errors["measure_title"] = [_("Give the measure a title.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def add_to_plan(
    *, actor: Any, conversation: Conversation, values: OutcomeValues
) -> ConversationOutcome:
    """Add what the conversation agreed to the unit's plan between rounds (created when
    needed): a new focus area, a measure (under the new or an existing focus area), or both.
    All or nothing. An agreed plan becomes a new draft version, as for any change."""
    for name in ("new_title", "new_description", "measure_title", "measure_description"):
        setattr(values, name, getattr(values, name).strip())
    _check_outcome(values)
    unit = conversation.unit
    area = values.focus_area
    if values.new_title:
        (area,) = actions.add_focus_areas(
            actor=actor,
            unit=unit,
            round=None,
            items=[
                {
                    "kind": values.new_kind,
                    "title": values.new_title,
                    "description": values.new_description,
                }
            ],
            source=FocusSource.MEETING,
        )
    measure = None
    if values.measure_title:
        plan = actions.get_or_create_plan(actor=actor, unit=unit, round=None)
        measure = actions.create_measure(
            actor=actor,
            plan=plan,
            values=actions.MeasureValues(
                title=values.measure_title,
                description=values.measure_description,
                focus_area=area,
                agreed_at=conversation.date,
                agreed_where=_("Annual work-environment conversation %(year)s")
                % {"year": conversation.year},
                agreed_by=_("The participants of the conversation"),
                responsible_person=values.responsible_person,
                due=values.due,
            ),
        )
    outcome = ConversationOutcome.objects.create(
        conversation=conversation,
        focus_area=area,
        measure=measure,
        title=values.measure_title or values.new_title,
        created_by=acting_user(actor),
    )
    record(
        "conversations.to_plan",
        actor=actor,
        obj=conversation,
        label=f"{unit.code} {conversation.year}",
        data={
            "focus_area": area.title if area else None,
            "new_focus_area": bool(values.new_title),
            "measure": measure.title if measure else None,
        },
    )
    return outcome


def outcomes(conversation: Conversation) -> Iterable[ConversationOutcome]:
    return conversation.outcomes.select_related("focus_area", "measure__plan").order_by(
        "created_at", "pk"
    )
