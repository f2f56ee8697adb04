"""Action-plan use cases. Each is one typed, keyword-only function run in a transaction that
writes an audit entry; views, commands, tasks, the API, the demo and other apps (the live
meeting mode: `add_focus_areas`) call these.

Versions: a plan is edited as a draft, then the leader agrees it (version 1) and the safety
representative (and, where the institution wants it, a union representative) co-signs. Any
change of content after that — focus areas or a measure's fields — starts the next version
as a draft that must be agreed and signed again; the agreed version stays in the history as
a full JSON snapshot. Progress entries and status changes are follow-up, not content: they
never reopen an agreed plan.

Concurrency: plans, focus areas and measures carry a `revision`. Every edit names the
revision it was loaded with; if the stored one differs, `Conflict` is raised with the stored
object and nothing is changed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actions.models import (
    ActionPlan,
    FocusArea,
    FocusKind,
    FocusSource,
    Measure,
    MeasureReminder,
    MeasureStatus,
    PlanStatus,
    PlanVersion,
    ProgressEntry,
    ReminderKind,
    Signature,
    SignatureRole,
)
from audit.models import acting_user, actor_name, record
from orgs.models import OrgUnit, Person, RoleAssignment
from surveys.models import SurveyRound


class Conflict(Exception):
    """Somebody else saved the object since it was loaded; `current` is the stored one."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("conflict")
        self.current = current


# --- plans ------------------------------------------------------------------------------


@transaction.atomic
def get_or_create_plan(*, actor: Any, unit: OrgUnit, round: SurveyRound | None) -> ActionPlan:
    """The unit's plan for `round`, created as a draft when there is none."""
    plan = ActionPlan.objects.filter(unit=unit, round=round).first()
    if plan is not None:
        return plan
    try:
        with transaction.atomic():
            plan = ActionPlan.objects.create(unit=unit, round=round, created_by=acting_user(actor))
    except IntegrityError:  # created a moment ago by somebody else
        return ActionPlan.objects.get(unit=unit, round=round)
    record(
        "actions.plan.create",
        actor=actor,
        obj=plan,
        label=str(plan),
        data={"after": {"unit": unit.code, "round": round.name if round else None}},
    )
    return plan


def _lock_plan(plan: ActionPlan) -> ActionPlan:
    return (
        ActionPlan.objects.select_for_update(of=("self",))
        .select_related("unit", "round")
        .get(pk=plan.pk)
    )


def _content_changed(plan: ActionPlan, actor: Any) -> None:
    """Bump the plan's revision; if it was agreed, start the next version as a draft."""
    if plan.status == PlanStatus.AGREED:
        now = timezone.now()
        PlanVersion.objects.filter(plan=plan, number=plan.version).update(
            superseded_at=now, superseded_by_name=actor_name(actor)
        )
        record(
            "actions.plan.reopen",
            actor=actor,
            obj=plan,
            label=str(plan),
            data={"before": {"version": plan.version}, "after": {"version": plan.version + 1}},
        )
        plan.status = PlanStatus.DRAFT
        plan.version += 1
    plan.revision += 1
    plan.save(update_fields=["status", "version", "revision", "updated_at"])


# --- focus areas ------------------------------------------------------------------------


@dataclass(frozen=True)
class FocusAreaValues:
    kind: str
    title: str
    description: str = ""
    dimension: str = ""


def _item_values(item: Any) -> FocusAreaValues:
    get = item.get if isinstance(item, Mapping) else (lambda k, d="": getattr(item, k, d))
    return FocusAreaValues(
        kind=str(get("kind", "")),
        title=str(get("title", "") or "").strip(),
        description=str(get("description", "") or "").strip(),
        dimension=str(get("dimension", "") or "").strip(),
    )


def _check_focus(values: FocusAreaValues, round: SurveyRound | None) -> None:
    errors: dict[str, list[str]] = {}
    if values.kind not in FocusKind.values:
        errors["kind"] = [_("Choose preserve or improve.")]
    if not values.title:
        errors["title"] = [_("Give the focus area a title.")]
    if values.dimension and values.dimension not in dimension_codes(round):
        errors["dimension"] = [
            _("“%(code)s” is not a dimension of this round's questionnaire.")
            % {"code": values.dimension}
        ]
    if errors:
        raise ValidationError(errors)


def dimension_codes(round: SurveyRound | None) -> list[str]:
    if round is None:
        return []
    return [d.code for d in round.instrument.definition.dimensions]


def dimension_choices(round: SurveyRound | None, language: str) -> list[tuple[str, str]]:
    if round is None:
        return []
    lang = "en" if language.startswith("en") else "nb"
    return [
        (d.code, d.title.get(lang) or next(iter(d.title.values()), d.code))
        for d in round.instrument.definition.dimensions
    ]


def _next_position(unit: OrgUnit, round: SurveyRound | None, kind: str) -> int:
    last = (
        FocusArea.objects.filter(unit=unit, round=round, kind=kind)
        .aggregate(m=models.Max("position"))
        .get("m")
    )
    return (last or 0) + 1


@transaction.atomic
def add_focus_areas(
    *,
    actor: Any,
    unit: OrgUnit,
    round: SurveyRound | None,
    items: Iterable[Any],
    source: str = FocusSource.MEETING,
) -> list[FocusArea]:
    """Add focus areas to the unit's plan for `round` (creating the plan if needed). `items`
    are dicts or objects with `kind` ("preserve"/"improve"), `title`, `description` and
    `dimension` (a dimension code of the round's questionnaire, or ""). All or nothing: a
    `ValidationError` names the first bad item. The live meeting mode calls this with a
    meeting's outcome."""
    values = [_item_values(item) for item in items]
    for number, value in enumerate(values, start=1):
        try:
            _check_focus(value, round)
        except ValidationError as error:
            raise ValidationError(
                _("Focus area %(number)s: %(errors)s")
                % {"number": number, "errors": " ".join(error.messages)}
            ) from error
    plan = _lock_plan(get_or_create_plan(actor=actor, unit=unit, round=round))
    created = []
    for value in values:
        created.append(
            FocusArea.objects.create(
                unit=unit,
                round=round,
                position=_next_position(unit, round, value.kind),
                source=source,
                created_by=acting_user(actor),
                **asdict(value),
            )
        )
    if created:
        _content_changed(plan, actor)
        record(
            "actions.focus.add",
            actor=actor,
            obj=plan,
            label=str(plan),
            data={"after": [asdict(v) for v in values], "source": source},
        )
    return created


@transaction.atomic
def update_focus_area(
    *, actor: Any, area: FocusArea, values: FocusAreaValues, revision: int
) -> FocusArea:
    locked = FocusArea.objects.select_for_update().get(pk=area.pk)
    if locked.revision != revision:
        raise Conflict(locked)
    _check_focus(values, locked.round)
    before = {k: getattr(locked, k) for k in asdict(values)}
    for key, value in asdict(values).items():
        setattr(locked, key, value)
    if locked.kind != before["kind"]:
        locked.position = _next_position(locked.unit, locked.round, locked.kind)
    locked.revision += 1
    locked.save()
    plan = _lock_plan(ActionPlan.objects.get(unit=locked.unit, round=locked.round))
    _content_changed(plan, actor)
    record(
        "actions.focus.edit",
        actor=actor,
        obj=plan,
        label=str(plan),
        data={"before": before, "after": asdict(values)},
    )
    return locked


@transaction.atomic
def move_focus_area(*, actor: Any, area: FocusArea, up: bool) -> None:
    """Swap a focus area with its neighbour of the same kind (reordering)."""
    siblings = list(
        FocusArea.objects.select_for_update()
        .filter(unit=area.unit, round=area.round, kind=area.kind)
        .order_by("position", "pk")
    )
    index = next(i for i, a in enumerate(siblings) if a.pk == area.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            FocusArea.objects.filter(pk=sibling.pk).update(position=position)
    plan = _lock_plan(ActionPlan.objects.get(unit=area.unit, round=area.round))
    _content_changed(plan, actor)
    record("actions.focus.move", actor=actor, obj=plan, label=str(plan), data={"area": area.title})


# --- measures ---------------------------------------------------------------------------


@dataclass
class MeasureValues:
    """The editable fields of a measure, as the form and the API give them."""

    title: str
    description: str = ""
    focus_area: FocusArea | None = None
    indicator: str = ""
    target: str = ""
    index_code: str = ""
    index_value: Decimal | None = None
    agreed_at: dt.date | None = None
    agreed_where: str = ""
    agreed_by: str = ""
    resources: str = ""
    within_authority: bool | None = None
    start: dt.date | None = None
    due: dt.date | None = None
    follow_up: list[dt.date] = field(default_factory=list)
    responsible_person: Person | None = None
    responsible_name: str = ""

    def stored(self) -> dict[str, Any]:
        values = {f: getattr(self, f) for f in self.__dataclass_fields__}
        values["follow_up"] = sorted(d.isoformat() for d in self.follow_up)
        return values


def _check_measure(plan: ActionPlan, values: MeasureValues) -> None:
    errors: dict[str, list[str]] = {}
    if not values.title.strip():
        errors["title"] = [_("Give the measure a title.")]
    if values.start and values.due and values.due < values.start:
        errors["due"] = [_("The due date is before the start date.")]
    if bool(values.index_code) != (values.index_value is not None):
        errors["index_value"] = [_("Give both the index and its target value, or neither.")]
    area = values.focus_area
    if area is not None and (area.unit_id != plan.unit_id or area.round_id != plan.round_id):
        errors["focus_area"] = [_("Choose a focus area of this plan.")]
    person = values.responsible_person
    if person is not None and person.unit_id != plan.unit_id:
        unit_people = Person.objects.active().filter(unit__path__startswith=plan.unit.path)
        if not unit_people.filter(pk=person.pk).exists():
            errors["responsible_person"] = [_("Choose a person of this unit.")]
    if errors:
        raise ValidationError(errors)


def _audit_values(measure: Measure) -> dict[str, Any]:
    return {
        "title": measure.title,
        "description": measure.description,
        "focus_area": measure.focus_area.title if measure.focus_area else None,
        "indicator": measure.indicator,
        "target": measure.target,
        "index": f"{measure.index_code} {measure.index_value}" if measure.index_code else "",
        "agreed_at": measure.agreed_at.isoformat() if measure.agreed_at else None,
        "agreed_where": measure.agreed_where,
        "agreed_by": measure.agreed_by,
        "resources": measure.resources,
        "within_authority": measure.within_authority,
        "start": measure.start.isoformat() if measure.start else None,
        "due": measure.due.isoformat() if measure.due else None,
        "follow_up": list(measure.follow_up or []),
        "responsible": measure.responsible,
    }


@transaction.atomic
def create_measure(*, actor: Any, plan: ActionPlan, values: MeasureValues) -> Measure:
    plan = _lock_plan(plan)
    _check_measure(plan, values)
    last = plan.measures.aggregate(m=models.Max("position"))["m"] or 0
    measure = Measure.objects.create(
        plan=plan, position=last + 1, created_by=acting_user(actor), **values.stored()
    )
    _content_changed(plan, actor)
    record(
        "actions.measure.create",
        actor=actor,
        obj=measure,
        label=f"{plan.unit.code}: {measure.title}",
        data={"after": _audit_values(measure)},
    )
    return measure


@transaction.atomic
def move_measure(*, actor: Any, measure: Measure, up: bool) -> None:
    """Swap a measure with its neighbour under the same focus area (or among the measures
    without one): the order is the plan's priority. The plan's measures are numbered 1, 2, …
    in their order afterwards."""
    measures = list(
        Measure.objects.select_for_update(of=("self",))
        .filter(plan_id=measure.plan_id)
        .order_by("position", "pk")
    )
    siblings = [i for i, m in enumerate(measures) if m.focus_area_id == measure.focus_area_id]
    index = next(n for n, i in enumerate(siblings) if measures[i].pk == measure.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    a, b = siblings[index], siblings[other]
    measures[a], measures[b] = measures[b], measures[a]
    for position, each in enumerate(measures, start=1):
        if each.position != position:
            Measure.objects.filter(pk=each.pk).update(position=position)
    plan = _lock_plan(measure.plan)
    _content_changed(plan, actor)
    record(
        "actions.measure.move",
        actor=actor,
        obj=measure,
        label=f"{plan.unit.code}: {measure.title}",
        data={"to": "up" if up else "down"},
    )


@transaction.atomic
def update_measure(
    *, actor: Any, measure: Measure, values: MeasureValues, revision: int
) -> Measure:
    """Save a measure's fields, refusing with `Conflict` if it changed since `revision`."""
    locked = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("plan__unit")
        .get(pk=measure.pk)
    )
    if locked.revision != revision:
        raise Conflict(locked)
    plan = _lock_plan(locked.plan)
    _check_measure(plan, values)
    before = _audit_values(locked)
    for key, value in values.stored().items():
        setattr(locked, key, value)
    after = _audit_values(locked)
    if before == after:
        return locked
    locked.revision += 1
    locked.save()
    _content_changed(plan, actor)
    record(
        "actions.measure.edit",
        actor=actor,
        obj=locked,
        label=f"{plan.unit.code}: {locked.title}",
        data={"before": before, "after": after},
    )
    return locked


@transaction.atomic
def remove_measure(*, actor: Any, measure: Measure, revision: int) -> None:
    """Remove a measure that was added by mistake. One with a progress log is kept: its
    status is set to dropped instead. Earlier agreed versions keep it in their snapshot."""
    locked = (
        Measure.objects.select_for_update(of=("self",))
        .select_related("plan__unit", "focus_area", "responsible_person")
        .get(pk=measure.pk)
    )
    if locked.revision != revision:
        raise Conflict(locked)
    if locked.progress.exists():
        raise ValidationError(
            _("This measure has a progress log. Set its status to dropped instead.")
        )
    plan = _lock_plan(locked.plan)
    before = _audit_values(locked)
    locked.delete()
    _content_changed(plan, actor)
    record(
        "actions.measure.remove",
        actor=actor,
        obj=plan,
        label=f"{plan.unit.code}: {before['title']}",
        data={"before": before},
    )


@transaction.atomic
def remove_focus_area(*, actor: Any, area: FocusArea, revision: int) -> None:
    """Remove a focus area; its measures stay in the plan without a focus area."""
    locked = FocusArea.objects.select_for_update().get(pk=area.pk)
    if locked.revision != revision:
        raise Conflict(locked)
    plan = _lock_plan(ActionPlan.objects.get(unit=locked.unit, round=locked.round))
    before = {"kind": locked.kind, "title": locked.title, "measures": locked.measures.count()}
    locked.delete()
    _content_changed(plan, actor)
    record("actions.focus.remove", actor=actor, obj=plan, label=str(plan), data={"before": before})


@transaction.atomic
def log_progress(
    *,
    actor: Any,
    measure: Measure,
    text: str,
    status: str = "",
    date: dt.date | None = None,
) -> ProgressEntry:
    """Add a dated progress entry, optionally changing the measure's status. Follow-up only:
    an agreed plan stays agreed."""
    text = text.strip()
    if status and status not in MeasureStatus.values:
        raise ValidationError({"status": [_("Choose a status from the list.")]})
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    changes = bool(status) and status != locked.status
    if not text and not changes:
        raise ValidationError({"text": [_("Write what has happened, or change the status.")]})
    entry = ProgressEntry.objects.create(
        measure=locked,
        date=date or timezone.localdate(),
        text=text,
        status_from=locked.status if changes else "",
        status_to=status if changes else "",
        author=acting_user(actor),
        author_name=actor_name(actor),
    )
    if changes:
        Measure.objects.filter(pk=locked.pk).update(status=status, revision=F("revision") + 1)
    record(
        "actions.measure.progress",
        actor=actor,
        obj=locked,
        label=locked.title,
        data={
            "text": text,
            "status": {"before": locked.status, "after": status} if changes else {},
        },
    )
    return entry


# --- agreeing and signing ---------------------------------------------------------------


def union_cosign_required() -> bool:
    return bool(getattr(settings, "MEDVIRK_UNION_COSIGN", False))


def required_cosigners() -> list[str]:
    roles = [SignatureRole.SAFETY_REP.value]
    if union_cosign_required():
        roles.append(SignatureRole.UNION_REP.value)
    return roles


def failing_measures(
    plan: ActionPlan, today: dt.date | None = None, *, measures: Iterable[Measure] | None = None
) -> list[tuple[Measure, Any]]:
    """The measures that fail at least one SMART criterion, with their results. Dropped
    measures are not judged. `measures`: the plan's measures already fetched (with their
    responsible person), to judge a list of plans without a query per plan."""
    if measures is None:
        measures = plan.measures.select_related("responsible_person")
    found = []
    for measure in measures:
        if measure.status == MeasureStatus.DROPPED:
            continue
        result = measure.smart_check(today)
        if result.failed:
            found.append((measure, result))
    return found


def snapshot(plan: ActionPlan) -> dict[str, Any]:
    """The full content of the plan as JSON (stored per agreed version)."""
    areas = list(plan.focus_areas().order_by("kind", "position", "pk"))
    measures = plan.measures.select_related("focus_area", "responsible_person").order_by(
        "position", "pk"
    )
    return {
        "version": plan.version,
        "unit": {
            "code": plan.unit.code,
            "name_nb": plan.unit.name_nb,
            "name_en": plan.unit.name_en,
        },
        "round": plan.round.name if plan.round else None,
        "focus_areas": [
            {
                "uid": str(a.uid),
                "kind": a.kind,
                "title": a.title,
                "description": a.description,
                "dimension": a.dimension,
            }
            for a in areas
        ],
        "measures": [
            {
                "uid": str(m.uid),
                **_audit_values(m),
                "index_code": m.index_code,
                "index_value": str(m.index_value) if m.index_value is not None else None,
                "escalate": m.escalate,
                "status": m.status,
                "smart_failed": list(m.smart_check().failed),
                "smart_reason": m.smart_reason,
            }
            for m in measures
        ],
    }


@transaction.atomic
def agree_plan(
    *, actor: Any, plan: ActionPlan, revision: int, reasons: Mapping[str, str] | None = None
) -> PlanVersion:
    """The leader marks the plan agreed. Refused while a measure fails a SMART criterion
    unless `reasons` (measure uid → text) says why for that measure; the reasons are stored.
    Records the leader's signature and a full snapshot as the version's content."""
    locked = _lock_plan(plan)
    if locked.revision != revision:
        raise Conflict(locked)
    if locked.is_agreed:
        raise ValidationError(_("This version of the plan is already agreed."))
    if not locked.measures.exists():
        raise ValidationError(_("Add at least one measure before the plan is agreed."))
    reasons = {k: v.strip() for k, v in (reasons or {}).items()}
    missing = {}
    for measure, result in failing_measures(locked):
        reason = reasons.get(str(measure.uid), "")
        if not reason:
            missing[f"reason_{measure.uid}"] = [
                _("“%(title)s” fails %(criteria)s: say why the plan is agreed anyway.")
                % {"title": measure.title, "criteria": ", ".join(result.failed)}
            ]
        elif reason != measure.smart_reason:
            Measure.objects.filter(pk=measure.pk).update(smart_reason=reason)
    if missing:
        raise ValidationError(missing)
    now = timezone.now()
    name = actor_name(actor)
    locked.status = PlanStatus.AGREED
    locked.revision += 1
    locked.save(update_fields=["status", "revision", "updated_at"])
    Signature.objects.create(
        plan=locked,
        version=locked.version,
        role=SignatureRole.LEADER,
        user=acting_user(actor),
        name=name,
        signed_at=now,
    )
    version = PlanVersion.objects.create(
        plan=locked,
        number=locked.version,
        snapshot=snapshot(locked),
        agreed_at=now,
        agreed_by=acting_user(actor),
        agreed_by_name=name,
    )
    _ask_cosigners(locked, name)
    record(
        "actions.plan.agree",
        actor=actor,
        obj=locked,
        label=str(locked),
        data={"version": locked.version, "reasons": {k: v for k, v in reasons.items() if v}},
    )
    return version


def cosigners(plan: ActionPlan) -> list[Person]:
    """The people who co-sign the plan: safety representatives (and union representatives
    when the institution wants them) whose active role covers the plan's unit."""
    roles = required_cosigners()
    assignments = (
        RoleAssignment.objects.active()
        .filter(role__in=roles, person__left_on__isnull=True)
        .filter(Q(unit=plan.unit) | Q(unit_id__in=plan.unit.ancestor_ids, include_subtree=True))
        .select_related("person")
        .order_by("person__family_name", "person_id")
    )
    return list({a.person_id: a.person for a in assignments}.values())


def _ask_cosigners(plan: ActionPlan, agreed_by: str) -> None:
    from actions import mail

    def send(person: Person) -> Callable[[], None]:
        return lambda: mail.send_cosign_request(plan=plan, person=person, agreed_by=agreed_by)

    for person in cosigners(plan):
        transaction.on_commit(send(person))


@transaction.atomic
def cosign_plan(*, actor: Any, plan: ActionPlan, role: str, revision: int) -> Signature:
    """A safety or union representative co-signs the agreed version of the plan."""
    locked = _lock_plan(plan)
    if locked.revision != revision:
        raise Conflict(locked)
    if not locked.is_agreed:
        raise ValidationError(_("Only an agreed plan can be co-signed."))
    if role not in (SignatureRole.SAFETY_REP, SignatureRole.UNION_REP):
        raise ValidationError(_("Only safety and union representatives co-sign."))
    if Signature.objects.filter(plan=locked, version=locked.version, role=role).exists():
        raise ValidationError(_("This version is already co-signed in this role."))
    signature = Signature.objects.create(
        plan=locked,
        version=locked.version,
        role=role,
        user=acting_user(actor),
        name=actor_name(actor),
        signed_at=timezone.now(),
    )
    locked.revision += 1
    locked.save(update_fields=["revision", "updated_at"])
    record(
        "actions.plan.cosign",
        actor=actor,
        obj=locked,
        label=str(locked),
        data={"version": locked.version, "role": role},
    )
    return signature


def missing_signatures(plan: ActionPlan) -> list[str]:
    """The co-signing roles still missing on the current agreed version."""
    if not plan.is_agreed:
        return []
    signed = set(plan.signatures_of().values_list("role", flat=True))
    return [role for role in required_cosigners() if role not in signed]


# --- history ----------------------------------------------------------------------------

COMPARED = (
    "title",
    "description",
    "focus_area",
    "indicator",
    "target",
    "index",
    "agreed_at",
    "agreed_where",
    "agreed_by",
    "resources",
    "within_authority",
    "start",
    "due",
    "follow_up",
    "responsible",
)


@dataclass
class Change:
    kind: str  # "added", "removed", "changed"
    what: str  # "measure" or "focus_area"
    title: str
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)


def diff(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> list[Change]:
    """What changed between two snapshots: focus areas and measures added, removed or with
    changed fields (by uid)."""
    changes: list[Change] = []
    for what, keys in (("focus_area", ("kind", "title", "description", "dimension")),
                       ("measure", COMPARED)):  # fmt: skip
        collection = "focus_areas" if what == "focus_area" else "measures"
        old = {i["uid"]: i for i in (before or {}).get(collection, [])}
        new = {i["uid"]: i for i in after.get(collection, [])}
        for uid, item in new.items():
            if uid not in old:
                changes.append(Change("added", what, item["title"]))
                continue
            fields = [
                (k, old[uid].get(k), item.get(k)) for k in keys if old[uid].get(k) != item.get(k)
            ]
            if fields:
                changes.append(Change("changed", what, item["title"], fields))
        changes += [Change("removed", what, i["title"]) for uid, i in old.items() if uid not in new]
    return changes


# --- reminders --------------------------------------------------------------------------


def reminder_days() -> int:
    return int(getattr(settings, "MEDVIRK_MEASURE_REMINDER_DAYS", 7))


def _remind(measure: Measure, kind: str, today: dt.date) -> bool:
    email = measure.responsible_email
    if not email or measure.due is None:
        return False
    try:
        with transaction.atomic():
            MeasureReminder.objects.create(
                measure=measure, kind=kind, due=measure.due, email=email, sent_at=timezone.now()
            )
    except IntegrityError:  # already reminded for this due date
        return False
    from actions import mail  # mail imports the models; late to keep services light

    transaction.on_commit(lambda: mail.send_reminder(measure=measure, kind=kind, today=today))
    return True


@transaction.atomic
def send_measure_reminders(*, today: dt.date | None = None) -> int:
    """The daily job: remind the responsible person of every open measure of an agreed plan
    `reminder_days()` before its due date and once it is overdue — each at most once per
    due date. Returns how many reminders were sent."""
    day = today or timezone.localdate()
    agreed = Measure.objects.filter(plan__versions__isnull=False).distinct()
    base = agreed.select_related("plan__unit", "responsible_person").filter(
        responsible_person__isnull=False
    )
    count = 0
    for measure in base.due_within(reminder_days(), day).order_by("due", "pk"):
        count += _remind(measure, ReminderKind.BEFORE_DUE, day)
    for measure in base.overdue(day).order_by("due", "pk"):
        count += _remind(measure, ReminderKind.OVERDUE, day)
    if count:
        record("actions.measure.remind", actor="system", data={"reminders": count})
    return count
