"""Use cases for the organisation: importing the units and people files.

`plan_import` compares the files with the current organisation and returns a plan of every
change (or the problems that stop it); `apply_import` writes a plan in bulk, in one transaction
with one audit entry; `run_import` does both, for the command, the upload page and the API.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext_noop

from audit.models import acting_user, record
from lib.orgcsv import CsvFile, ParsedOrg, PersonRow, Problem, UnitRow, parse
from orgs.models import (
    ImportBatch,
    ImportStatus,
    Membership,
    OrgUnit,
    Person,
    Role,
    RoleAssignment,
    RoleSource,
    UnitKind,
    UnitVersion,
)

BATCH = 500
PERSON_DETAILS = (
    "given_name",
    "family_name",
    "email",
    "position_group",
    "age_group",
    "gender",
    "employment",
)
T = TypeVar("T")


def _chunks(items: Sequence[T], size: int = BATCH) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True)
class Change:
    """One line of the preview: what (code or employee id, name) and before → after."""

    key: str
    name: str
    before: str = ""
    after: str = ""


@dataclass
class ImportPlan:
    units_file: str
    people_file: str | None
    problems: list[Problem]
    fingerprint: str = ""
    new_units: list[Change] = field(default_factory=list)
    moved_units: list[Change] = field(default_factory=list)
    renamed_units: list[Change] = field(default_factory=list)
    kind_changed_units: list[Change] = field(default_factory=list)
    removed_units: list[Change] = field(default_factory=list)
    new_people: list[Change] = field(default_factory=list)
    moved_people: list[Change] = field(default_factory=list)
    changed_people: list[Change] = field(default_factory=list)
    left_people: list[Change] = field(default_factory=list)
    returning_people: list[Change] = field(default_factory=list)
    new_leaders: list[Change] = field(default_factory=list)
    ended_leaders: list[Change] = field(default_factory=list)
    # What apply_import needs: the parsed files and the database rows the plan was built from.
    _parsed: ParsedOrg | None = None
    _units: dict[str, OrgUnit] = field(default_factory=dict)
    _people: dict[str, Person] = field(default_factory=dict)
    _leader_roles: dict[tuple[str, str], int] = field(default_factory=dict)
    _ended_role_ids: list[int] = field(default_factory=list)

    CHANGE_LISTS = (
        "new_units",
        "moved_units",
        "renamed_units",
        "kind_changed_units",
        "removed_units",
        "new_people",
        "moved_people",
        "changed_people",
        "left_people",
        "returning_people",
        "new_leaders",
        "ended_leaders",
    )

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def file_names(self) -> list[str]:
        return [n for n in (self.units_file, self.people_file) if n]

    def counts(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in self.CHANGE_LISTS}

    @property
    def has_changes(self) -> bool:
        return any(self.counts().values())


@dataclass(frozen=True)
class ImportSummary:
    counts: dict[str, int]
    audit_entry_id: int | None


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    summary: ImportSummary | None  # None on errors, on a dry run and when nothing changed


# --- planning -------------------------------------------------------------------------------


def _fingerprint(
    units: Iterable[OrgUnit], people: Iterable[Person], roles: dict[tuple[str, str], int]
) -> str:
    digest = hashlib.sha256()
    for u in sorted(units, key=lambda u: u.pk):
        digest.update(repr((u.pk, u.code, u.parent_id, u.name_nb, u.name_en, u.kind)).encode())
    for p in sorted(people, key=lambda p: p.pk):
        values = (
            p.pk,
            p.employee_id,
            p.unit_id,
            p.left_on,
            *(getattr(p, f) for f in PERSON_DETAILS),
        )
        digest.update(repr(values).encode())
    digest.update(repr(sorted(roles.values())).encode())
    return digest.hexdigest()


def _load(plan: ImportPlan) -> None:
    units = OrgUnit.objects.current().select_related(None)
    plan._units = {u.code: u for u in units}
    plan._people = {p.employee_id: p for p in Person.objects.all()}
    imported = RoleAssignment.objects.filter(
        role=Role.LEADER, source=RoleSource.IMPORT, ends_on__isnull=True
    ).values_list("pk", "person__employee_id", "unit__code", "unit__valid_to", "unit_id")
    plan._leader_roles = {
        (eid, code if valid_to is None else f"#{unit_id}"): pk
        for pk, eid, code, valid_to, unit_id in imported
    }
    plan.fingerprint = _fingerprint(plan._units.values(), plan._people.values(), plan._leader_roles)


def _plan_units(plan: ImportPlan, rows: list[UnitRow]) -> None:
    by_id = {u.pk: u for u in plan._units.values()}
    in_file = set()
    for row in rows:
        in_file.add(row.code)
        unit = plan._units.get(row.code)
        if unit is None:
            plan.new_units.append(Change(row.code, row.name_nb, after=row.parent_code))
            continue
        old_parent = by_id[unit.parent_id].code if unit.parent_id in by_id else ""
        if old_parent != row.parent_code:
            plan.moved_units.append(Change(row.code, row.name_nb, old_parent, row.parent_code))
        if (unit.name_nb, unit.name_en) != (row.name_nb, row.name_en):
            before, after = f"{unit.name_nb} / {unit.name_en}", f"{row.name_nb} / {row.name_en}"
            plan.renamed_units.append(Change(row.code, row.name_nb, before, after))
        if unit.kind != row.kind:
            plan.kind_changed_units.append(Change(row.code, row.name_nb, unit.kind, row.kind))
    for code, unit in sorted(plan._units.items()):
        if code not in in_file:
            plan.removed_units.append(Change(code, unit.name_nb))


def _plan_people(plan: ImportPlan, rows: list[PersonRow], people_file: str) -> None:
    codes = {
        u.pk: u.code
        for u in OrgUnit.objects.filter(pk__in={p.unit_id for p in plan._people.values()})
    }
    in_file = set()
    for row in rows:
        in_file.add(row.employee_id)
        person = plan._people.get(row.employee_id)
        name = f"{row.given_name} {row.family_name}"
        if person is None:
            plan.new_people.append(Change(row.employee_id, name, after=row.unit_code))
            continue
        old_unit = codes.get(person.unit_id, "")
        if person.left_on is not None:
            plan.returning_people.append(Change(row.employee_id, name, old_unit, row.unit_code))
            continue
        if old_unit != row.unit_code:
            plan.moved_people.append(Change(row.employee_id, name, old_unit, row.unit_code))
        changed = [f for f in PERSON_DETAILS if getattr(person, f) != getattr(row, f)]
        if _new_language(person, row):
            changed.append("language")
        if changed:
            before = "; ".join(f"{f}: {getattr(person, f)}" for f in changed)
            after = "; ".join(f"{f}: {getattr(row, f)}" for f in changed)
            plan.changed_people.append(Change(row.employee_id, name, before, after))
    for eid, person in sorted(plan._people.items()):
        if person.left_on is None and eid not in in_file:
            plan.left_people.append(Change(eid, person.full_name, codes.get(person.unit_id, "")))
    _check_emails(plan, rows, in_file, people_file)


def _new_language(person: Person, row: PersonRow) -> str:
    """The language the file gives a person, where it changes theirs: the file's empty value
    says nothing, and a language the person chose on their account page is theirs."""
    if row.language and not person.language_chosen and row.language != person.language:
        return row.language
    return ""


def _check_emails(
    plan: ImportPlan, rows: list[PersonRow], in_file: set[str], people_file: str
) -> None:
    """An address may not belong to somebody else who stays in Medvirk under it (the database
    keeps addresses unique, also for people who have left)."""
    kept = {p.email.lower(): p for eid, p in plan._people.items() if eid not in in_file}
    for row in rows:
        other = kept.get(row.email.lower())
        if other is not None:
            plan.problems.append(
                Problem(
                    people_file,
                    row.line,
                    gettext_noop(
                        "The e-mail address “%(email)s” already belongs to %(name)s "
                        "(employee id %(id)s), who is not in this file. "
                        "Each person needs their own address."
                    ),
                    (("email", row.email), ("name", other.full_name), ("id", other.employee_id)),
                )
            )


def _plan_leaders(plan: ImportPlan, rows: list[PersonRow]) -> None:
    names = {r.employee_id: f"{r.given_name} {r.family_name}" for r in rows}
    desired = {(r.employee_id, r.leads_unit) for r in rows if r.leads_unit}
    for eid, code in sorted(desired - plan._leader_roles.keys()):
        plan.new_leaders.append(Change(eid, names[eid], after=code))
    for eid, code in sorted(plan._leader_roles.keys() - desired):
        plan._ended_role_ids.append(plan._leader_roles[(eid, code)])
        person = plan._people.get(eid)
        unit = code if not code.startswith("#") else ""
        plan.ended_leaders.append(Change(eid, person.full_name if person else eid, before=unit))


def _check_removals_without_people(plan: ImportPlan) -> None:
    """Without a people file nobody moves, so a unit that still has people cannot go."""
    removed = {plan._units[c.key].pk: c.key for c in plan.removed_units}
    staying = Person.objects.active().filter(unit_id__in=removed.keys())
    for unit_id, count in _count_by(staying.values_list("unit_id", flat=True)).items():
        plan.problems.append(
            Problem(
                plan.units_file,
                0,
                gettext_noop(
                    "The unit “%(code)s” is not in the file, but %(count)s people still belong "
                    "to it. Upload the people file too, so they can move or leave."
                ),
                (("code", removed[unit_id]), ("count", count)),
            )
        )


def _count_by(values: Iterable[int]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return counts


def plan_import(*, units: CsvFile, people: CsvFile | None) -> ImportPlan:
    """Check the files and compare them with the current organisation. Reads only."""
    parsed = parse(units=units, people=people, kinds=UnitKind.values)
    plan = ImportPlan(units.name, people.name if people else None, list(parsed.problems))
    if parsed.errors:
        return plan
    plan._parsed = parsed
    _load(plan)
    _plan_units(plan, parsed.units)
    if people is None:
        _check_removals_without_people(plan)
    else:
        _plan_people(plan, parsed.people, people.name)
        if parsed.has_leaders:
            _plan_leaders(plan, parsed.people)
    order = {plan.units_file: 0, plan.people_file: 1}
    plan.problems.sort(key=lambda p: (order.get(p.file, 2), p.line))
    return plan


# --- applying -------------------------------------------------------------------------------


def _file_depths(rows: list[UnitRow]) -> dict[str, int]:
    parent = {r.code: r.parent_code for r in rows}
    depth: dict[str, int] = {}

    def walk(code: str) -> int:
        if code not in depth:
            depth[code] = 0 if not parent[code] else walk(parent[code]) + 1
        return depth[code]

    for row in rows:
        walk(row.code)
    return depth


def _apply_units(plan: ImportPlan, rows: list[UnitRow], today: dt.date) -> dict[str, OrgUnit]:
    """Create, move, rename and remove units; rewrite every path in memory. Returns the
    current units by code."""
    depth = _file_depths(rows)
    rows = sorted(rows, key=lambda r: depth[r.code])
    units = dict(plan._units)
    fresh = [r for r in rows if r.code not in units]
    for level in sorted({depth[r.code] for r in fresh}):
        # Parents first: a level's parents exist once the levels above are created.
        batch = [
            OrgUnit(
                code=r.code,
                name_nb=r.name_nb,
                name_en=r.name_en,
                kind=r.kind,
                path="",
                parent=units.get(r.parent_code),
                depth=level,
                valid_from=today,
            )
            for r in fresh
            if depth[r.code] == level
        ]
        OrgUnit.objects.bulk_create(batch, batch_size=BATCH)
        _ensure_pks(batch, OrgUnit.objects.current(), "code")
        units.update({u.code: u for u in batch})
    fresh_codes = {r.code for r in fresh}
    changed, versioned = [], []
    for row in rows:
        unit = units[row.code]
        parent = units.get(row.parent_code)
        before = (unit.parent_id, unit.name_nb, unit.name_en, unit.kind, unit.path, unit.depth)
        unit.parent, unit.name_nb, unit.name_en, unit.kind = (
            parent,
            row.name_nb,
            row.name_en,
            row.kind,
        )
        unit.compute_path()
        after = (unit.parent_id, unit.name_nb, unit.name_en, unit.kind, unit.path, unit.depth)
        if before != after:
            changed.append(unit)
            if row.code in fresh_codes or before[:4] != after[:4]:
                versioned.append((unit, row.parent_code))
    fields = ["parent", "name_nb", "name_en", "kind", "path", "depth"]
    OrgUnit.objects.bulk_update(changed, fields, batch_size=BATCH)
    removed = [plan._units[c.key].pk for c in plan.removed_units]
    for ids in _chunks(removed):
        OrgUnit.objects.filter(pk__in=ids).update(valid_to=today)
    _write_versions(versioned, removed, today)
    return {code: unit for code, unit in units.items() if code in depth}


def _write_versions(
    versioned: list[tuple[OrgUnit, str]], removed: list[int], today: dt.date
) -> None:
    closing = [u.pk for u, _ in versioned] + removed
    for ids in _chunks(closing):
        UnitVersion.objects.filter(unit_id__in=ids, valid_to__isnull=True).update(valid_to=today)
    UnitVersion.objects.bulk_create(
        [
            UnitVersion(
                unit=u,
                code=u.code,
                parent_code=parent_code,
                name_nb=u.name_nb,
                name_en=u.name_en,
                kind=u.kind,
                valid_from=today,
            )
            for u, parent_code in versioned
        ],
        batch_size=BATCH,
    )


def _ensure_pks(objects: list[Any], queryset: Any, key: str) -> None:
    """Backends that cannot return ids from a bulk insert: look them up by a unique key."""
    missing = [o for o in objects if o.pk is None]
    if not missing:
        return
    ids: dict[str, int] = {}
    for chunk in _chunks([getattr(o, key) for o in missing]):
        ids.update(queryset.filter(**{f"{key}__in": chunk}).values_list(key, "pk"))
    for obj in missing:
        obj.pk = ids[getattr(obj, key)]


def _apply_people(
    plan: ImportPlan, rows: list[PersonRow], units: dict[str, OrgUnit], today: dt.date
) -> dict[str, Person]:
    people = dict(plan._people)
    fresh, updated, new_memberships, closing = [], [], [], []
    languages: dict[str, list[int]] = {}
    readdressed: list[int] = []  # people whose e-mail address changes
    for row in rows:
        person = people.get(row.employee_id)
        unit = units[row.unit_code]
        details = {f: getattr(row, f) for f in PERSON_DETAILS}
        if person is None:
            person = Person(
                employee_id=row.employee_id, unit=unit, language=row.language, **details
            )
            fresh.append(person)
            people[row.employee_id] = person
            continue
        if language := _new_language(person, row):
            languages.setdefault(language, []).append(person.pk)
        before = (person.unit_id, person.left_on, *(getattr(person, f) for f in PERSON_DETAILS))
        returning = person.left_on is not None
        moved = person.unit_id != unit.pk
        if person.email != row.email:
            readdressed.append(person.pk)
        for name, value in details.items():
            setattr(person, name, value)
        person.unit, person.left_on = unit, None
        if before != (person.unit_id, person.left_on, *details.values()):
            updated.append(person)
        if moved and not returning:
            closing.append(person.pk)
        if moved or returning:
            new_memberships.append(person)
    # Addresses are unique and checked row by row: two people who swap addresses, or a new
    # person who takes the address somebody else gives up, would collide halfway. So every
    # changing address is first set aside (a placeholder that is no address, unique by id).
    for chunk in _chunks(readdressed):
        Person.objects.filter(pk__in=chunk).update(
            email=Concat(Value("changing-"), Cast("pk", CharField()), Value("@import.invalid"))
        )
    Person.objects.bulk_create(fresh, batch_size=BATCH)
    _ensure_pks(fresh, Person.objects.all(), "employee_id")
    Person.objects.bulk_update(updated, ["unit", "left_on", *PERSON_DETAILS], batch_size=BATCH)
    for language, pks in languages.items():  # never over a choice made since the preview
        for chunk in _chunks(pks):
            Person.objects.filter(pk__in=chunk, language_chosen=False).update(language=language)
    in_file = {r.employee_id for r in rows}
    leaving = [people[c.key].pk for c in plan.left_people if c.key not in in_file]
    for ids in _chunks(leaving):
        Person.objects.filter(pk__in=ids).update(left_on=today)
    for ids in _chunks(closing + leaving):
        Membership.objects.filter(person_id__in=ids, valid_to__isnull=True).update(valid_to=today)
    Membership.objects.bulk_create(
        [
            Membership(person=p, unit_id=p.unit_id, valid_from=today)
            for p in fresh + new_memberships
        ],
        batch_size=BATCH,
    )
    return people


def _apply_leaders(
    plan: ImportPlan,
    people: dict[str, Person],
    units: dict[str, OrgUnit],
    actor: Any,
    today: dt.date,
) -> None:
    creator = acting_user(actor)
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                person=people[c.key],
                unit=units[c.after],
                role=Role.LEADER,
                include_subtree=True,
                source=RoleSource.IMPORT,
                starts_on=today,
                created_by=creator,
            )
            for c in plan.new_leaders
        ],
        batch_size=BATCH,
    )
    for ids in _chunks(plan._ended_role_ids):
        RoleAssignment.objects.filter(pk__in=ids).update(ends_on=today)


def apply_import(*, plan: ImportPlan, actor: Any) -> ImportSummary:
    """Write a plan without errors: units, people, memberships, imported leader roles and one
    audit entry, all in one transaction. A plan without changes writes nothing."""
    if plan.errors or plan._parsed is None:
        raise ValueError("an import plan with errors cannot be applied")
    counts = plan.counts()
    if not plan.has_changes:
        return ImportSummary(counts=counts, audit_entry_id=None)
    today = timezone.localdate()
    with transaction.atomic():
        units = _apply_units(plan, plan._parsed.units, today)
        if plan.people_file is not None:
            people = _apply_people(plan, plan._parsed.people, units, today)
            if plan._parsed.has_leaders:
                _apply_leaders(plan, people, units, actor, today)
        entry = record(
            "orgs.import",
            actor=actor,
            label=", ".join(plan.file_names),
            data={"files": plan.file_names, "counts": counts},
        )
    return ImportSummary(counts=counts, audit_entry_id=entry.pk)


def run_import(
    *, units: CsvFile, people: CsvFile | None, actor: Any, dry_run: bool
) -> ImportResult:
    """Plan and, unless this is a dry run or the files have errors, apply — atomically, so
    nobody can change the organisation between the two."""
    with transaction.atomic():
        plan = plan_import(units=units, people=people)
        if plan.errors or dry_run:
            return ImportResult(plan=plan, summary=None)
        return ImportResult(plan=plan, summary=apply_import(plan=plan, actor=actor))


# --- the upload page's two steps ------------------------------------------------------------


def _batch_files(batch: ImportBatch) -> tuple[CsvFile, CsvFile | None]:
    units = CsvFile(batch.units_name, bytes(batch.units_data))
    people = (
        CsvFile(batch.people_name, bytes(batch.people_data))
        if batch.people_data is not None
        else None
    )
    return units, people


def _sha256(units: CsvFile, people: CsvFile | None) -> str:
    digest = hashlib.sha256(units.data)
    digest.update(people.data if people else b"")
    return digest.hexdigest()


def upload_import(
    *, units: CsvFile, people: CsvFile | None, actor: Any
) -> tuple[ImportPlan, ImportBatch | None]:
    """Plan the uploaded files; without errors, keep them as a pending batch for the preview."""
    plan = plan_import(units=units, people=people)
    if plan.errors:
        return plan, None
    batch = ImportBatch.objects.create(
        units_name=units.name,
        units_data=units.data,
        people_name=people.name if people else "",
        people_data=people.data if people else None,
        sha256=_sha256(units, people),
        fingerprint=plan.fingerprint,
        uploaded_by=actor,
    )
    return plan, batch


def preview_batch(*, batch: ImportBatch) -> tuple[ImportPlan, bool]:
    """Re-plan a stored batch; the flag says whether the organisation changed since upload."""
    units, people = _batch_files(batch)
    plan = plan_import(units=units, people=people)
    return plan, plan.fingerprint != batch.fingerprint


class StaleImport(Exception):
    """The organisation changed between the preview and the confirmation."""


def confirm_batch(*, batch: ImportBatch, actor: Any) -> ImportSummary:
    """Apply a previewed batch exactly as previewed, or raise StaleImport."""
    units, people = _batch_files(batch)
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        summary = None
        if batch.status == ImportStatus.PENDING:
            plan = plan_import(units=units, people=people)
            if plan.errors or plan.fingerprint != batch.fingerprint:
                batch.status = ImportStatus.DISCARDED
            else:
                summary = apply_import(plan=plan, actor=actor)
                batch.status = ImportStatus.APPLIED
                batch.summary = {"counts": summary.counts, "audit_entry_id": summary.audit_entry_id}
            batch.save(update_fields=["status", "summary"])
    if summary is None:
        raise StaleImport
    return summary


def discard_pending(*, actor: Any) -> None:
    """A new upload replaces the user's earlier unconfirmed ones."""
    ImportBatch.objects.filter(uploaded_by=actor, status=ImportStatus.PENDING).update(
        status=ImportStatus.DISCARDED
    )
