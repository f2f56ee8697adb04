"""Role management use cases: assign, edit, end and bulk assign role assignments.

Every function is keyword-only, runs in one transaction, writes an audit entry with the
before/after data and drops the acting user's cached grants when their own roles changed.
The validation rules are shared by the form, the CSV upload and the services themselves.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.models import acting_user, record
from lib import orgcsv
from orgs import policy
from orgs.models import OrgUnit, Person, Role, RoleAssignment, RoleSource

CSV_COLUMNS = (
    "email_or_employee_id",
    "role",
    "unit_code",
    "include_subtree",
    "starts_on",
    "ends_on",
)
CSV_MAX_BYTES = 2 * 1024 * 1024
TRUE_WORDS = frozenset({"true", "yes", "ja", "1"})
FALSE_WORDS = frozenset({"false", "no", "nei", "0", ""})


@dataclass(frozen=True)
class RoleRequest:
    """What an administrator asks for: one role for one person in one unit."""

    person: Person
    role: str
    unit: OrgUnit
    include_subtree: bool = False
    starts_on: dt.date | None = None
    ends_on: dt.date | None = None

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def snapshot(assignment: RoleAssignment) -> dict[str, Any]:
    """The audited fields of an assignment, as JSON-friendly values."""
    return {
        "person": assignment.person.employee_id,
        "person_name": assignment.person.full_name,
        "role": assignment.role,
        "unit": assignment.unit.code,
        "include_subtree": assignment.include_subtree,
        "starts_on": assignment.starts_on.isoformat() if assignment.starts_on else None,
        "ends_on": assignment.ends_on.isoformat() if assignment.ends_on else None,
        "source": assignment.source,
    }


def _period_errors(starts_on: dt.date | None, ends_on: dt.date | None) -> dict[str, list[str]]:
    if starts_on and ends_on and ends_on < starts_on:
        return {"ends_on": [_("The end date cannot be before the start date.")]}
    return {}


def _scope_errors(role: str, unit: OrgUnit, include_subtree: bool) -> dict[str, list[str]]:
    # The policy grants institution-wide permissions only over a whole tree from its root.
    if role == Role.ADMINISTRATOR and (unit.parent_id is not None or not include_subtree):
        return {
            "unit": [
                _(
                    "The administrator role is institution-wide: assign it on the top unit of the "
                    "organisation (a unit without a parent) and tick “includes sub-units”."
                )
            ]
        }
    return {}


def _overlapping(
    person: Person,
    role: str,
    unit: OrgUnit,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
    exclude: RoleAssignment | None = None,
) -> RoleAssignment | None:
    """An existing, not yet ended assignment of the same role in the same unit whose period
    overlaps the given one."""
    today = timezone.localdate()
    found = RoleAssignment.objects.filter(person=person, role=role, unit=unit).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )
    if ends_on:
        found = found.filter(Q(starts_on__isnull=True) | Q(starts_on__lte=ends_on))
    if starts_on:
        found = found.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=starts_on))
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.first()


def validate_request(request: RoleRequest) -> dict[str, list[str]]:
    """Field-keyed error messages for a new assignment (empty when it may be made)."""
    errors: dict[str, list[str]] = {}
    if request.person.left_on is not None:
        errors["person"] = [_("This person has left the organisation.")]
    if request.role not in Role.values:
        errors["role"] = [_("Choose one of the roles in the list.")]
    if not request.unit.is_current:
        errors.setdefault("unit", []).append(_("This unit has been removed from the organisation."))
    for key, messages in (
        _scope_errors(request.role, request.unit, request.include_subtree)
        | _period_errors(request.starts_on, request.ends_on)
    ).items():
        errors.setdefault(key, []).extend(messages)
    if not errors and _overlapping(
        request.person, request.role, request.unit, request.starts_on, request.ends_on
    ):
        errors["person"] = [
            _("This person already holds this role in this unit for (part of) the period.")
        ]
    return errors


def _forget_if_own(actor: Any, assignment: RoleAssignment) -> None:
    if getattr(actor, "person_id", None) == assignment.person_id:
        policy.forget(actor)


def _create(request: RoleRequest, *, actor: Any) -> RoleAssignment:
    return RoleAssignment.objects.create(
        person=request.person,
        role=request.role,
        unit=request.unit,
        include_subtree=request.include_subtree,
        starts_on=request.starts_on,
        ends_on=request.ends_on,
        source=RoleSource.MANUAL,
        created_by=acting_user(actor),
    )


@transaction.atomic
def assign_role(*, actor: Any, request: RoleRequest) -> RoleAssignment:
    """Give `request.person` a role; raises ValidationError (keyed by field) if not allowed."""
    # Lock the person so two administrators cannot create the same assignment at once.
    Person.objects.select_for_update().filter(pk=request.person.pk).first()
    errors = validate_request(request)
    if errors:
        raise ValidationError(errors)
    assignment = _create(request, actor=actor)
    record("orgs.role.assign", actor=actor, obj=assignment, data={"after": snapshot(assignment)})
    _forget_if_own(actor, assignment)
    return assignment


def _last_administrator(assignment: RoleAssignment, *, until: dt.date | None) -> bool:
    """Would the change leave nobody able to manage roles (after `until`)?"""
    if assignment.role != Role.ADMINISTRATOR or (until is None):
        return False
    others = (
        RoleAssignment.objects.active()
        .filter(role=Role.ADMINISTRATOR, include_subtree=True, unit__parent__isnull=True)
        .filter(unit__valid_to__isnull=True, person__left_on__isnull=True)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=until))
        .exclude(pk=assignment.pk)
    )
    return not others.exists()


@transaction.atomic
def edit_role(
    *,
    actor: Any,
    assignment: RoleAssignment,
    include_subtree: bool,
    starts_on: dt.date | None,
    ends_on: dt.date | None,
) -> RoleAssignment:
    """Change the scope and period of an assignment. Assignments from the people import keep
    their scope and start date (the next import sets them); only the end date may change."""
    assignment = (
        RoleAssignment.objects.select_for_update()
        .select_related("person", "unit")
        .get(pk=assignment.pk)
    )
    if assignment.source == RoleSource.IMPORT and (
        include_subtree != assignment.include_subtree or starts_on != assignment.starts_on
    ):
        raise ValidationError(
            {"ends_on": [_("Only the end date of an imported assignment can be changed.")]}
        )
    errors = _scope_errors(assignment.role, assignment.unit, include_subtree) | _period_errors(
        starts_on, ends_on
    )
    if not errors and _overlapping(
        assignment.person, assignment.role, assignment.unit, starts_on, ends_on, exclude=assignment
    ):
        errors["starts_on"] = [
            _("This person already holds this role in this unit for (part of) the period.")
        ]
    if not errors and _last_administrator(assignment, until=ends_on):
        errors["ends_on"] = [_("This is the last administrator: assign another one first.")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(assignment)
    assignment.include_subtree, assignment.starts_on, assignment.ends_on = (
        include_subtree,
        starts_on,
        ends_on,
    )
    assignment.save(update_fields=["include_subtree", "starts_on", "ends_on"])
    after = snapshot(assignment)
    if before != after:
        record(
            "orgs.role.edit", actor=actor, obj=assignment, data={"before": before, "after": after}
        )
    _forget_if_own(actor, assignment)
    return assignment


@transaction.atomic
def end_role(*, actor: Any, assignment: RoleAssignment, ends_on: dt.date) -> RoleAssignment:
    """End an assignment on `ends_on` (the last day it is in force)."""
    assignment = (
        RoleAssignment.objects.select_for_update()
        .select_related("person", "unit")
        .get(pk=assignment.pk)
    )
    errors = _period_errors(assignment.starts_on, ends_on)
    if not errors and _last_administrator(assignment, until=ends_on):
        errors["ends_on"] = [_("This is the last administrator: assign another one first.")]
    if errors:
        raise ValidationError(errors)
    before = snapshot(assignment)
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on"])
    record(
        "orgs.role.end",
        actor=actor,
        obj=assignment,
        data={"before": before, "after": snapshot(assignment)},
    )
    _forget_if_own(actor, assignment)
    return assignment


# --- Bulk assignment from CSV -------------------------------------------------------------


@dataclass(frozen=True)
class CsvError:
    line: int  # 0 for errors about the file as a whole
    column: str
    message: str


@dataclass
class BulkPlan:
    """The result of reading a CSV file: the requests to make, or every error found."""

    requests: list[tuple[int, RoleRequest]] = field(default_factory=list)
    errors: list[CsvError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.requests)


def decode_csv(data: bytes) -> tuple[str, list[CsvError]]:
    """The text of an uploaded file, or the errors that make it unreadable (too large, not
    UTF-8, empty…), worded as in the organisation import (lib.orgcsv.decode)."""
    if len(data) > CSV_MAX_BYTES:
        return "", [
            CsvError(0, "", _("The file is larger than 2 MB. Split it into smaller files."))
        ]
    problems: list[orgcsv.Problem] = []
    text = orgcsv.decode(orgcsv.CsvFile("", data), orgcsv.Collector("", problems))
    return text or "", [CsvError(p.line, "", p.render(_)) for p in problems]


def _header_errors(header: list[str] | None) -> list[CsvError]:
    if not header:
        return [CsvError(1, "", _("The file is empty: it needs a header line and data lines."))]
    problems: list[orgcsv.Problem] = []
    if orgcsv.wrong_delimiter(header, orgcsv.Collector("", problems)):
        return [CsvError(p.line, "", p.render(_)) for p in problems]
    names = [h.strip().lower() for h in header]
    missing = [c for c in CSV_COLUMNS if c not in names]
    unknown = [h for h in names if h and h not in CSV_COLUMNS]
    errors = [
        CsvError(1, c, _("The column “%(column)s” is missing.") % {"column": c}) for c in missing
    ]
    errors += [
        CsvError(1, h, _("The column “%(column)s” is not known.") % {"column": h}) for h in unknown
    ]
    return errors


def _parse_date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _parse_bool(text: str) -> bool:
    word = text.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(word)


def _find_person(key: str) -> Person | None:
    if "@" in key:
        return Person.objects.filter(email__iexact=key).first()
    return Person.objects.filter(employee_id=key).first()


class _RowReader:
    """Turns one CSV row into a RoleRequest, collecting every error on the way."""

    def __init__(self, line: int, row: dict[str, str]) -> None:
        self.line, self.row = line, row
        self.errors: list[CsvError] = []

    def error(self, column: str, message: str) -> None:
        self.errors.append(CsvError(self.line, column, message))

    def value(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def person(self) -> Person | None:
        key = self.value("email_or_employee_id")
        found = _find_person(key) if key else None
        if found is None:
            self.error(
                "email_or_employee_id",
                _("No person has the e-mail address or employee id “%(key)s”.") % {"key": key},
            )
        return found

    def role(self) -> str | None:
        role = self.value("role")
        if role not in Role.values:
            message = _("“%(role)s” is not a role. Use one of: %(roles)s.")
            self.error("role", message % {"role": role, "roles": ", ".join(Role.values)})
            return None
        return role

    def unit(self) -> OrgUnit | None:
        code = self.value("unit_code")
        found = OrgUnit.objects.current().filter(code=code).first() if code else None
        if found is None:
            self.error("unit_code", _("No current unit has the code “%(code)s”.") % {"code": code})
        return found

    def flag(self) -> bool | None:
        try:
            return _parse_bool(self.value("include_subtree"))
        except ValueError:
            message = _("“%(value)s” is not yes or no. Use true or false.")
            self.error("include_subtree", message % {"value": self.value("include_subtree")})
            return None

    def date(self, column: str) -> tuple[bool, dt.date | None]:
        try:
            return True, _parse_date(self.value(column))
        except ValueError:
            message = _("“%(value)s” is not a date. Write dates as YYYY-MM-DD, e.g. 2025-08-01.")
            self.error(column, message % {"value": self.value(column)})
            return False, None

    def read(self) -> RoleRequest | None:
        person, role, unit, flag = self.person(), self.role(), self.unit(), self.flag()
        (start_ok, starts_on), (end_ok, ends_on) = self.date("starts_on"), self.date("ends_on")
        if None in (person, role, unit, flag) or not (start_ok and end_ok):
            return None
        assert person is not None and role is not None and unit is not None and flag is not None
        request = RoleRequest(person, role, unit, flag, starts_on or timezone.localdate(), ends_on)
        columns = {"person": "email_or_employee_id", "unit": "unit_code"}
        for key, messages in validate_request(request).items():
            for message in messages:
                self.error(columns.get(key, key), message)
        return None if self.errors else request


def read_bulk_csv(text: str) -> BulkPlan:
    """Read and validate every line of a bulk-assignment CSV text. Nothing is written."""
    plan = BulkPlan()
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames
    except csv.Error as error:
        plan.errors.append(CsvError(1, "", str(error)))
        return plan
    plan.errors = _header_errors(list(header) if header else None)
    if plan.errors:
        return plan
    reader.fieldnames = [h.strip().lower() for h in header or []]
    seen: dict[tuple[int, str, int], int] = {}
    try:
        for row in reader:
            if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
                continue  # blank lines are allowed
            _read_row(plan, reader.line_num, row, seen)
    except csv.Error as error:
        plan.errors.append(CsvError(reader.line_num, "", str(error)))
    if not plan.errors and not plan.requests:
        plan.errors.append(CsvError(0, "", _("The file has no data lines.")))
    return plan


def _read_row(
    plan: BulkPlan, line: int, row: dict[str, Any], seen: dict[tuple[int, str, int], int]
) -> None:
    if row.get(None):  # type: ignore[call-overload]
        plan.errors.append(
            CsvError(line, "", _("The line has more values than there are columns."))
        )
        return
    reader = _RowReader(line, row)
    request = reader.read()
    plan.errors += reader.errors
    if request is None:
        return
    key = (request.person.pk, request.role, request.unit.pk)
    if key in seen:
        message = _("The same person, role and unit are already on line %(line)s.")
        plan.errors.append(CsvError(line, "", message % {"line": seen[key]}))
        return
    seen[key] = line
    plan.requests.append((line, request))


class BulkRejected(Exception):
    def __init__(self, errors: Sequence[CsvError]) -> None:
        super().__init__(f"{len(errors)} errors")
        self.errors = list(errors)


@transaction.atomic
def bulk_assign(*, actor: Any, text: str, file_name: str = "") -> list[RoleAssignment]:
    """Validate a whole CSV text again and make every assignment in it, or none (raising
    BulkRejected with every error)."""
    plan = read_bulk_csv(text)
    if not plan.ok:
        raise BulkRejected(plan.errors)
    created = [_create(request, actor=actor) for _line, request in plan.requests]
    record(
        "orgs.role.bulk_assign",
        actor=actor,
        label=_("%(count)s role assignments from %(file)s")
        % {"count": len(created), "file": file_name or "CSV"},
        data={"file": file_name, "after": [snapshot(a) | {"uid": str(a.uid)} for a in created]},
    )
    for assignment in created:
        _forget_if_own(actor, assignment)
    return created
