"""GET /teams, /teams/{uid}, its contract versions and sessions: only for members, the
team's facilitator and administrators (orgs.policy decides)."""

# No `from __future__ import annotations`: django-ninja reads these signatures at runtime.

import datetime as dt
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination, paginate

from api.auth import TokenAuth
from api.schemas import Error
from orgs import policy
from teams.models import Team, TeamContract, TeamQuerySet, TeamSession

# Team facilitators without "api.read" may use these too; each team is checked below.
router = Router(tags=["teams"], auth=TokenAuth(teams=True))


class TeamOut(Schema):
    uid: UUID
    name: str
    purpose: str
    unit_code: str | None
    facilitator: str | None
    follow_up_weeks: int

    @staticmethod
    def resolve_unit_code(obj: Team) -> str | None:
        return obj.unit.code if obj.unit else None

    @staticmethod
    def resolve_facilitator(obj: Team) -> str | None:
        return obj.facilitator.email if obj.facilitator else None


class MemberOut(Schema):
    uid: UUID
    name: str
    email: str
    joined_on: dt.date
    joined_later: bool
    prepared: bool


class SessionOut(Schema):
    uid: UUID
    kind: str
    starts_at: dt.datetime
    duration_minutes: int
    location: str
    status: str
    sequence: int


class TeamDetailOut(TeamOut):
    members: list[MemberOut]
    sessions: list[SessionOut]
    contract_versions: list[int]

    @staticmethod
    def resolve_members(obj: Team) -> list[dict]:
        return [
            {
                "uid": m.uid,
                "name": m.name,
                "email": m.email,
                "joined_on": m.joined_on,
                "joined_later": not m.is_founding,
                "prepared": m.has_prepared,
            }
            for m in obj.members.active().order_by("name", "pk")
        ]

    @staticmethod
    def resolve_sessions(obj: Team) -> list[TeamSession]:
        return _sessions(obj)

    @staticmethod
    def resolve_contract_versions(obj: Team) -> list[int]:
        return list(obj.contracts.order_by("version").values_list("version", flat=True))


class ContractOut(Schema):
    version: int
    created_at: dt.datetime
    confirmed_at: dt.datetime | None
    sections: dict[str, str]
    confirmed_by: list[str]


def _team(request: HttpRequest, uid: UUID) -> Team:
    team = Team.objects.with_people().filter(uid=uid).first()
    if team is None:
        raise HttpError(404, "No team has this id.")
    if not policy.can_team(request, "teams.view", team):
        raise HttpError(403, "Only the team's members, its facilitator and administrators see it.")
    return team


def _sessions(team: Team) -> list[TeamSession]:
    return list(team.sessions.order_by("starts_at"))


def _contract_out(contract: TeamContract) -> dict:
    return {
        "version": contract.version,
        "created_at": contract.created_at,
        "confirmed_at": contract.confirmed_at,
        "sections": {k: str(v) for k, v in contract.sections.items()},
        "confirmed_by": sorted(c.member.email for c in contract.confirmations.all()),
    }


@router.get("/teams", response={200: list[TeamOut], 401: Error, 403: Error})
@paginate(LimitOffsetPagination)
def list_teams(request: HttpRequest) -> TeamQuerySet:
    """The teams the token's owner sees: as member, facilitator or administrator."""
    teams = policy.teams_for(request.user)
    if not policy.can(request.user, "teams.create") and not teams.exists():
        raise HttpError(403, "You are in no team.")
    return teams.order_by("name", "pk")


@router.get("/teams/{uid}", response={200: TeamDetailOut, 401: Error, 403: Error, 404: Error})
def get_team(request: HttpRequest, uid: UUID) -> Team:
    """One team with its members, sessions and contract version numbers."""
    return _team(request, uid)


@router.get(
    "/teams/{uid}/sessions", response={200: list[SessionOut], 401: Error, 403: Error, 404: Error}
)
def list_sessions(request: HttpRequest, uid: UUID) -> list[TeamSession]:
    return _sessions(_team(request, uid))


@router.get(
    "/teams/{uid}/contracts", response={200: list[ContractOut], 401: Error, 403: Error, 404: Error}
)
def list_contracts(request: HttpRequest, uid: UUID) -> list[dict]:
    """Every version of the team's contract, newest first."""
    team = _team(request, uid)
    contracts = team.contracts.prefetch_related("confirmations__member").order_by("-version")
    return [_contract_out(c) for c in contracts]


@router.get(
    "/teams/{uid}/contracts/{version}",
    response={200: ContractOut, 401: Error, 403: Error, 404: Error},
)
def get_contract(request: HttpRequest, uid: UUID, version: int) -> dict:
    team = _team(request, uid)
    contract = team.contracts.prefetch_related("confirmations__member").filter(version=version)
    found = contract.first()
    if found is None:
        raise HttpError(404, "The team has no contract with this version.")
    return _contract_out(found)
