"""The shapes /api/v1/ returns."""

from __future__ import annotations

import datetime as dt
from uuid import UUID

from ninja import Schema

from orgs.models import OrgUnit


class Error(Schema):
    detail: str


class UnitOut(Schema):
    uid: UUID
    code: str
    name_nb: str
    name_en: str
    kind: str
    parent_code: str | None
    depth: int
    valid_from: dt.date
    valid_to: dt.date | None

    @staticmethod
    def resolve_parent_code(obj: OrgUnit) -> str | None:
        return obj.parent.code if obj.parent_id else None  # type: ignore[union-attr]


class UnitDetailOut(UnitOut):
    children: list[str]
    people_count: int
    people_in_subtree_count: int

    @staticmethod
    def resolve_children(obj: OrgUnit) -> list[str]:
        return obj.child_codes  # type: ignore[attr-defined]


class PersonOut(Schema):
    uid: UUID
    employee_id: str
    given_name: str
    family_name: str
    email: str
    unit_code: str
    position_group: str
    age_group: str
    gender: str
    employment: str
    language: str  # "nb", "en", or "" when not known (docs/languages.md)
    left_on: dt.date | None

    @staticmethod
    def resolve_unit_code(obj: object) -> str:
        return obj.unit.code  # type: ignore[attr-defined]


class MePerson(Schema):
    uid: UUID
    employee_id: str
    given_name: str
    family_name: str
    unit_code: str
    language: str  # "nb", "en", or "" when not known (docs/languages.md)


class GrantOut(Schema):
    role: str
    unit_code: str
    include_subtree: bool


class MeOut(Schema):
    email: str
    is_superuser: bool
    person: MePerson | None
    grants: list[GrantOut]
    permissions: list[str]
