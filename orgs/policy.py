"""The one place that answers "may this user do this to this unit?".

A user's grants come from the role assignments of the person they are linked to (active on
today's date), plus the implicit *member* grant on their own primary unit. A permission is a
named string; each names the roles that carry it. Institution-wide permissions (import, role
management, the audit log) need a grant that covers a whole tree from its root.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from actions.models import ActionPlan, Measure
from conversations.models import Conversation
from meetings.models import Meeting, MeetingQuerySet
from orgs.models import OrgUnit, OrgUnitQuerySet, Role, RoleAssignment
from teams.models import Team, TeamMember, TeamQuerySet

MEMBER = "member"  # not a Role: everybody is a member of their own primary unit

ALL_ROLES = frozenset(Role.values)
STAFF_ROLES = ALL_ROLES  # every assigned role sees the unit pages in its scope

PERMISSIONS: dict[str, frozenset[str]] = {
    "orgs.view_unit": STAFF_ROLES | {MEMBER},
    "orgs.view_people": frozenset(
        {Role.ADMINISTRATOR, Role.HR_PARTNER, Role.LEADER, Role.TOP_MANAGEMENT, Role.SAFETY_REP}
    ),
    "orgs.import": frozenset({Role.ADMINISTRATOR}),
    "orgs.manage_roles": frozenset({Role.ADMINISTRATOR}),
    "audit.view": frozenset({Role.ADMINISTRATOR}),
    "api.read": frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER}),
    "surveys.import_responses": frozenset({Role.ADMINISTRATOR}),
    # Set up, open, remind, extend and close survey rounds (the working group).
    "surveys.manage_rounds": frozenset({Role.ADMINISTRATOR}),
    # Follow the response rates of a round's units within one's scope (DESIGN §3 rules).
    "surveys.view_rates": frozenset(
        {Role.ADMINISTRATOR, Role.HR_PARTNER, Role.LEADER, Role.TOP_MANAGEMENT}
    ),
    # Released survey reports (DESIGN §2/§3): a unit's report in one's scope; the unit's
    # employees read it only after its leader released it to them (reports.access).
    "reports.view_unit": frozenset(
        {
            Role.ADMINISTRATOR,
            Role.HR_PARTNER,
            Role.LEADER,
            Role.TOP_MANAGEMENT,
            Role.SAFETY_REP,
            Role.FACILITATOR,
        }
    ),
    "reports.view_released": frozenset({MEMBER}),
    "reports.release_to_staff": frozenset({Role.LEADER, Role.ADMINISTRATOR}),
    # The overview report (heatmap across units) for a part of the organisation.
    "reports.view_overview": frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER, Role.TOP_MANAGEMENT}),
    # Compute, audit and publish a round's reports (the working group).
    "reports.release": frozenset({Role.ADMINISTRATOR}),
    # The progress plan (fremdriftsplan): read it for one's units; the working group keeps it;
    # leaders, safety representatives and facilitators tick their unit's steps; leaders and
    # safety representatives write the unit's fact sheets.
    "progress.view": STAFF_ROLES,
    "progress.manage": frozenset({Role.ADMINISTRATOR}),
    "progress.unit_work": frozenset(
        {Role.ADMINISTRATOR, Role.LEADER, Role.SAFETY_REP, Role.FACILITATOR}
    ),
    "progress.write_fact_sheet": frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.SAFETY_REP}),
    # The process dashboard: where every unit in scope stands, and reminding late leaders.
    "progress.dashboard": frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER}),
    # Start Smart: who may start a team (and read the facilitator guide).
    "teams.create": frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER, Role.LEADER, Role.FACILITATOR}),
    # Run a live meeting session (the anonymous phones, grouping, dot voting) for a unit.
    "live.run": frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.FACILITATOR}),
    # Action plans (issue 5): read a unit's plan in any state, incl. drafts and the history.
    "actions.view_plan": frozenset(
        {
            Role.ADMINISTRATOR,
            Role.HR_PARTNER,
            Role.LEADER,
            Role.TOP_MANAGEMENT,
            Role.SAFETY_REP,
            Role.UNION_REP,
            Role.FACILITATOR,
        }
    ),
    # Read a plan once it has been agreed (the unit's employees, read-only); see `get_plan`.
    "actions.view_agreed_plan": STAFF_ROLES | {MEMBER},
    # Edit focus areas and measures, write progress.
    "actions.edit_plan": frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.FACILITATOR}),
    # Mark the plan agreed (with reasons for measures that fail a SMART criterion).
    "actions.agree_plan": frozenset({Role.LEADER}),
    # Co-sign an agreed plan: the safety representative; the union representative where the
    # institution wants it (MEDVIRK_UNION_COSIGN).
    "actions.cosign_plan": frozenset({Role.SAFETY_REP, Role.UNION_REP}),
    # Meetings of the cycle: who sees a unit's meetings (participants also see those they are
    # invited to, see `get_meeting`), and who plans and runs them.
    # The roll-up: read a unit's overview (common themes, what was passed up, decisions).
    "overviews.view": frozenset(
        {
            Role.ADMINISTRATOR,
            Role.HR_PARTNER,
            Role.LEADER,
            Role.TOP_MANAGEMENT,
            Role.SAFETY_REP,
            Role.UNION_REP,
            Role.FACILITATOR,
        }
    ),
    # Confirm themes, choose what to pass up and send the unit's overview.
    "overviews.write": frozenset({Role.ADMINISTRATOR, Role.LEADER}),
    # Compile the summary per faculty or centre for the dean or director.
    "overviews.compile": frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER}),
    # Decide on the items of a faculty's compilation (the dean or director).
    "overviews.decide": frozenset({Role.TOP_MANAGEMENT, Role.LEADER}),
    # Record the institution's decision on what the deans passed to the rector: the rector
    # (top management or leader of the institution), or the working group on their behalf.
    # Checked on the institution's top unit.
    "overviews.decide_institution": frozenset(
        {Role.TOP_MANAGEMENT, Role.LEADER, Role.ADMINISTRATOR}
    ),
    # Status reports for AMU, LAMU and the IDF meeting: read them (the preview, the frozen
    # reports, their documents and discussions) for a subtree in scope.
    "committees.view": frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER, Role.TOP_MANAGEMENT}),
    # Freeze a report for a committee and record when the committee discussed it.
    "committees.prepare": frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER}),
    # The union representatives read the saved reports for the IDF meeting (information and
    # discussion with the unions) on their part of the organisation, and their documents; not
    # the preview, nor the reports for AMU and LAMU (committees/access.py).
    "committees.read_idf": frozenset({Role.UNION_REP}),
    "meetings.view": frozenset(
        {
            Role.ADMINISTRATOR,
            Role.HR_PARTNER,
            Role.LEADER,
            Role.TOP_MANAGEMENT,
            Role.SAFETY_REP,
            Role.FACILITATOR,
        }
    ),
    "meetings.manage": frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.FACILITATOR}),
    # The facilitator's own page ("My units"): only the process facilitator role.
    "meetings.facilitate": frozenset({Role.FACILITATOR}),
    # The methods toolbox: every staff role reads it; administrators write the cards.
    "meetings.use_methods": STAFF_ROLES,
    "meetings.manage_methods": frozenset({Role.ADMINISTRATOR}),
    # Evaluation (docs/evaluation.md). The facilitator's evaluation of a held meeting: written
    # by the unit's process facilitators and administrators. Participants' anonymous feedback,
    # as averages and shuffled texts from five answers: the facilitator, the leaders, the
    # safety representatives and HR. The working group (administrators, HR partners) reads
    # every evaluation in scope and keeps the notes of the experience-sharing sessions, which
    # the facilitators read too.
    "meetings.evaluate": frozenset({Role.ADMINISTRATOR, Role.FACILITATOR}),
    "meetings.view_feedback": frozenset(
        {Role.ADMINISTRATOR, Role.HR_PARTNER, Role.LEADER, Role.SAFETY_REP, Role.FACILITATOR}
    ),
    "meetings.view_evaluations": frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER}),
    "meetings.read_experience": frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER, Role.FACILITATOR}),
    "meetings.write_experience": frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER}),
    # Annual work-environment conversations (years without a survey): who follows them; who
    # plans them, marks them held and turns their points into the action plan; and who writes
    # the notes in the discussion guide (the safety representative too).
    "conversations.view": frozenset(
        {
            Role.ADMINISTRATOR,
            Role.HR_PARTNER,
            Role.LEADER,
            Role.TOP_MANAGEMENT,
            Role.SAFETY_REP,
            Role.FACILITATOR,
        }
    ),
    "conversations.manage": frozenset({Role.ADMINISTRATOR, Role.LEADER, Role.FACILITATOR}),
    "conversations.write_notes": frozenset(
        {Role.ADMINISTRATOR, Role.LEADER, Role.FACILITATOR, Role.SAFETY_REP}
    ),
}

INSTITUTION_WIDE = frozenset(
    {
        "meetings.manage_methods",
        "orgs.import",
        "orgs.manage_roles",
        "audit.view",
        "surveys.import_responses",
        "surveys.manage_rounds",
        "reports.release",
        "progress.manage",
    }
)

# Roles whose holders must log in with a second factor (TOTP).
MFA_ROLES = frozenset({Role.ADMINISTRATOR, Role.HR_PARTNER})


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    path: str
    subtree: bool
    is_root: bool

    def covers(self, unit: OrgUnit) -> bool:
        return unit.pk == self.unit_id or (self.subtree and unit.path.startswith(self.path))


def grants(user: Any) -> tuple[Grant, ...]:
    """The user's grants, computed once per user object (that is, once per request)."""
    cached = getattr(user, "_medvirk_grants", None)
    if cached is not None:
        return cached
    result: tuple[Grant, ...] = ()
    person_id = (
        getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None
    )
    if person_id:
        assignments = (
            RoleAssignment.objects.active().filter(person_id=person_id).select_related("unit")
        )
        result = tuple(
            Grant(a.role, a.unit_id, a.unit.path, a.include_subtree, a.unit.parent_id is None)
            for a in assignments
            if a.unit.valid_to is None
        )
        person = user.person
        if person.left_on is None:
            unit = person.unit
            result += (Grant(MEMBER, unit.pk, unit.path, False, unit.parent_id is None),)
    if user is not None:
        user._medvirk_grants = result
    return result


def forget(user: Any) -> None:
    """Drop the cached grants, e.g. after the user's roles changed in this request."""
    if hasattr(user, "_medvirk_grants"):
        del user._medvirk_grants


def _relevant(user: Any, permission: str) -> list[Grant]:
    roles = PERMISSIONS[permission]
    return [g for g in grants(user) if g.role in roles]


def _is_superuser(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_superuser)


def can(user: Any, permission: str, unit: OrgUnit | None = None) -> bool:
    """May `user` do `permission` to `unit`? Without a unit: anywhere at all (or, for an
    institution-wide permission, over a whole tree)."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if _is_superuser(user):
        return True
    relevant = _relevant(user, permission)
    if permission in INSTITUTION_WIDE:
        relevant = [g for g in relevant if g.is_root and g.subtree]
    if unit is None:
        return bool(relevant)
    return any(g.covers(unit) for g in relevant)


def units_for(user: Any, permission: str) -> OrgUnitQuerySet:
    """The units on which `user` holds `permission`, as one query."""
    units = OrgUnit.objects.all()
    if _is_superuser(user):
        return units
    relevant = _relevant(user, permission) if getattr(user, "is_authenticated", False) else []
    if not relevant:
        return units.none()
    query = Q()
    for g in relevant:
        query |= Q(path__startswith=g.path) if g.subtree else Q(pk=g.unit_id)
    return units.filter(query)


def roles_of(user: Any) -> set[str]:
    return {g.role for g in grants(user)}


def needs_mfa(user: Any) -> bool:
    return _is_superuser(user) or bool(roles_of(user) & MFA_ROLES)


def get_unit(user: Any, permission: str, uid: Any) -> OrgUnit:
    """Fetch a unit by its public id for a view, or refuse: 404 if it does not exist,
    403 if it exists outside the user's scope for `permission`."""
    unit = get_object_or_404(OrgUnit.objects.select_related("parent"), uid=uid)
    if not can(user, permission, unit):
        raise PermissionDenied
    return unit


V = TypeVar("V", bound=Callable[..., HttpResponse])


def requires(permission: str) -> Callable[[V], V]:
    """View decorator: log in, then hold `permission` somewhere (institution-wide ones over a
    whole tree). Views that act on one unit also fetch it through `get_unit`."""
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")

    def decorate(view: V) -> V:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not can(request.user, permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorate


def visible_roots(user: Any, permission: str = "orgs.view_unit") -> list[OrgUnit]:
    """The top-most units the user may see, for the org browser and the home page."""
    units = list(units_for(user, permission).filter(valid_to__isnull=True).order_by("path"))
    roots: list[OrgUnit] = []
    for unit in units:
        if not any(unit.path.startswith(r.path) for r in roots):
            roots.append(unit)
    return roots


# --- Action plans -----------------------------------------------------------------------
# A plan belongs to a unit; its drafts are for the people who work on it, the agreed plan is
# for everybody in the unit as well (read-only).


def may_view_plan(user: Any, plan: ActionPlan) -> bool:
    if can(user, "actions.view_plan", plan.unit):
        return True
    return plan.versions.exists() and can(user, "actions.view_agreed_plan", plan.unit)


def get_plan(user: Any, permission: str, uid: Any) -> ActionPlan:
    """Fetch a plan by its public id for a view: 404 if unknown, 403 if the user lacks
    `permission` on its unit ("actions.view_plan" also admits members once it is agreed)."""
    plan = get_object_or_404(ActionPlan.objects.select_related("unit", "round"), uid=uid)
    allowed = (
        may_view_plan(user, plan)
        if permission == "actions.view_plan"
        else can(user, permission, plan.unit)
    )
    if not allowed:
        raise PermissionDenied
    return plan


def may_record_progress(user: Any, measure: Measure) -> bool:
    """Those who edit the plan, and the measure's responsible person (who is reminded to
    record how it is going), may add to a measure's progress log."""
    if can(user, "actions.edit_plan", measure.plan.unit):
        return True
    person_id = (
        getattr(user, "person_id", None) if getattr(user, "is_authenticated", False) else None
    )
    return (
        person_id is not None
        and measure.responsible_person_id == person_id
        and may_view_plan(user, measure.plan)
    )


def cosign_roles(user: Any, unit: OrgUnit, *, union: bool) -> list[str]:
    """The roles in which `user` may co-sign a plan of `unit`: safety representative, and
    union representative when the institution wants union co-signatures."""
    if not can(user, "actions.cosign_plan", unit):
        return []
    held = {g.role for g in grants(user) if g.covers(unit)}
    roles = [Role.SAFETY_REP.value] if Role.SAFETY_REP in held else []
    if union and Role.UNION_REP in held:
        roles.append(Role.UNION_REP.value)
    return roles


# --- Start Smart teams -------------------------------------------------------------------
# A team is not a unit: its permissions are decided per team from the user's relation to it.
# Only members, the team's facilitator and administrators see a team (DESIGN §2). Members
# need no login: opening a personal link puts their member id into the browser session.

TEAM_MEMBER = "team_member"
TEAM_FACILITATOR = "team_facilitator"
TEAM_ADMINISTRATOR = "team_administrator"

TEAM_PERMISSIONS: dict[str, frozenset[str]] = {
    "teams.view": frozenset({TEAM_MEMBER, TEAM_FACILITATOR, TEAM_ADMINISTRATOR}),
    "teams.take_part": frozenset({TEAM_MEMBER}),  # prepare, write notes, confirm, pulse
    "teams.facilitate": frozenset({TEAM_FACILITATOR}),  # members, sessions, the shared screen
}
LINK_SESSION_KEY = "teams.members"


@dataclass(frozen=True)
class TeamAccess:
    roles: frozenset[str]
    member: TeamMember | None  # the member the visitor acts as, if any

    def allows(self, permission: str) -> bool:
        return bool(self.roles & TEAM_PERMISSIONS[permission])


def _link_member_ids(request: HttpRequest | None) -> list[int]:
    session = getattr(request, "session", None)
    return list(session.get(LINK_SESSION_KEY, [])) if session is not None else []


def remember_link(request: HttpRequest, member: TeamMember) -> None:
    """Let this browser session act as `member` (called when a personal link is opened)."""
    ids = [i for i in _link_member_ids(request) if i != member.pk]
    request.session[LINK_SESSION_KEY] = [*ids, member.pk]
    request.session.cycle_key()


def _administers(user: Any, team: Team) -> bool:
    if _is_superuser(user):
        return True
    admin = [g for g in grants(user) if g.role == Role.ADMINISTRATOR]
    if team.unit is None:
        return any(g.is_root and g.subtree for g in admin)
    return any(g.covers(team.unit) for g in admin)


def team_access(request: HttpRequest, team: Team) -> TeamAccess:
    """The visitor's relation to `team`: member (by login or personal link), facilitator,
    administrator — any combination, or none."""
    user: Any = request.user
    roles: set[str] = set()
    members = team.members.active()
    member = members.filter(pk__in=_link_member_ids(request)).first()
    logged_in = getattr(user, "is_authenticated", False) and user.is_active
    if logged_in:
        member = member or members.filter(user=user).first()
        if team.facilitator_id == user.pk:
            roles.add(TEAM_FACILITATOR)
        if _administers(user, team):
            roles.add(TEAM_ADMINISTRATOR)
    if member is not None:
        roles.add(TEAM_MEMBER)
    return TeamAccess(frozenset(roles), member)


def get_team(request: HttpRequest, permission: str, uid: Any) -> tuple[Team, TeamAccess]:
    """Fetch a team by its public id for a view, or refuse: 404 if it does not exist, 403 if
    the visitor lacks `permission` on it."""
    if permission not in TEAM_PERMISSIONS:
        raise KeyError(f"unknown team permission {permission!r}")
    team = get_object_or_404(Team.objects.with_people(), uid=uid)
    access = team_access(request, team)
    if not access.allows(permission):
        raise PermissionDenied
    return team, access


def can_team(request: HttpRequest, permission: str, team: Team) -> bool:
    return team_access(request, team).allows(permission)


def teams_for(user: Any, request: HttpRequest | None = None) -> TeamQuerySet:
    """The teams the visitor may see: as member (login or link), facilitator or administrator."""
    teams = Team.objects.with_people()
    query = Q(members__pk__in=_link_member_ids(request), members__left_on__isnull=True)
    if getattr(user, "is_authenticated", False) and user.is_active:
        if _is_superuser(user):
            return teams.all()
        query |= Q(facilitator=user)
        query |= Q(members__user=user, members__left_on__isnull=True)
        for g in grants(user):
            if g.role == Role.ADMINISTRATOR:
                query |= Q(unit__path__startswith=g.path) if g.subtree else Q(unit_id=g.unit_id)
                if g.is_root and g.subtree:
                    query |= Q(unit__isnull=True)
    return teams.filter(query).distinct()


def uses_teams(request: HttpRequest) -> bool:
    """Whether to show Teams in the main menu: the user may create teams or has some."""
    user = request.user
    return can(user, "teams.create") or teams_for(user, request).exists()


def facilitates_a_team(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return Team.objects.filter(facilitator=user).exists()


def may_use_api(user: Any) -> bool:
    """Who may hold API tokens and use the API at all: holders of "api.read", and the
    facilitators of at least one team. Facilitators reach only the teams endpoints and /me
    (api/auth.py), where every team is still checked with `team_access`; the other endpoints
    keep demanding "api.read" and their own permissions."""
    return can(user, "api.read") or facilitates_a_team(user)


def requires_api(view: V) -> V:
    """View decorator for the API token pages: log in, then `may_use_api`."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not may_use_api(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)  # type: ignore[return-value]


def team_page(view: V) -> V:
    """View decorator for team pages: a visitor with neither a login nor a personal link is
    sent to the login page; the view then fetches the team through `get_team`."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not getattr(request.user, "is_authenticated", False) and not _link_member_ids(request):
            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    return wrapped  # type: ignore[return-value]


# --- Meetings of the cycle ------------------------------------------------------------------
# A meeting belongs to a unit: the unit's permissions decide. Invited participants (employees
# too) also see the meetings they are invited to, read-only.


def _person_id(user: Any) -> int | None:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return getattr(user, "person_id", None)


def may_see_meeting(user: Any, meeting: Meeting) -> bool:
    if can(user, "meetings.view", meeting.unit):
        return True
    person_id = _person_id(user)
    if not person_id:
        return False
    return meeting.participants.filter(person_id=person_id).exists()


def get_meeting(user: Any, permission: str, uid: Any) -> Meeting:
    """Fetch a meeting by its public id for a view, or refuse: 404 if it does not exist, 403
    if the user lacks `permission` on its unit ("meetings.view" also admits participants)."""
    if permission not in ("meetings.view", "meetings.manage", "meetings.evaluate"):
        raise KeyError(f"not a meeting permission: {permission!r}")
    meeting = get_object_or_404(Meeting.objects.with_people(), uid=uid)
    allowed = (
        may_see_meeting(user, meeting)
        if permission == "meetings.view"
        else can(user, permission, meeting.unit)
    )
    if not allowed:
        raise PermissionDenied
    return meeting


def meetings_for(user: Any) -> MeetingQuerySet:
    """The meetings the user may see: of units in scope, plus those they are invited to."""
    meetings = Meeting.objects.with_people()
    if _is_superuser(user):
        return meetings.all()
    query = Q(unit__in=units_for(user, "meetings.view"))
    person_id = _person_id(user)
    if person_id:
        query |= Q(participants__person_id=person_id)
    return meetings.filter(query).distinct()


def role_units(user: Any, permission: str) -> list[OrgUnit]:
    """The units the user's roles carrying `permission` are assigned to (not their
    sub-units): where a leader or safety representative starts from."""
    ids = {g.unit_id for g in _relevant(user, permission)} if can(user, permission) else set()
    return list(OrgUnit.objects.filter(pk__in=ids, valid_to__isnull=True).order_by("path"))


def facilitated_units(user: Any) -> list[OrgUnit]:
    """The current units where the user holds the process facilitator role: the assigned
    units, and their sub-units where the assignment includes them."""
    query = Q()
    for g in grants(user):
        if g.role == Role.FACILITATOR:
            query |= Q(path__startswith=g.path) if g.subtree else Q(pk=g.unit_id)
    if not query:
        return []
    return list(OrgUnit.objects.filter(query, valid_to__isnull=True).order_by("path"))


# --- Annual conversations -------------------------------------------------------------------
# A conversation belongs to a unit: the unit's permissions decide.

CONVERSATION_PERMISSIONS = (
    "conversations.view",
    "conversations.manage",
    "conversations.write_notes",
)


def get_conversation(user: Any, permission: str, uid: Any) -> Conversation:
    """Fetch an annual conversation by its public id for a view, or refuse: 404 if it does
    not exist, 403 if the user lacks `permission` on its unit."""
    if permission not in CONVERSATION_PERMISSIONS:
        raise KeyError(f"not a conversation permission: {permission!r}")
    conversation = get_object_or_404(Conversation.objects.with_people(), uid=uid)
    if not can(user, permission, conversation.unit):
        raise PermissionDenied
    return conversation


# -- The roll-up: overviews and HR's compilations -----------------------------------------------

OVERVIEW_READERS = ("overviews.view", "overviews.compile", "overviews.decide")


def may_see_overview(user: Any, overview: Any) -> bool:
    """A unit's overview: "overviews.view" on the unit. HR's compilation for a faculty also
    admits those who compile it or decide on it."""
    if can(user, "overviews.view", overview.unit):
        return True
    return overview.kind == "compilation" and (
        can(user, "overviews.compile", overview.unit)
        or can(user, "overviews.decide", overview.unit)
    )


def overviews_for(user: Any, prefix: str = "") -> Q:
    """The overviews `user` may see (the rule of `may_see_overview`) as a filter; `prefix`
    reaches an overview through a relation ("overview__")."""
    compilation = Q(**{f"{prefix}kind": "compilation"}) & (
        Q(**{f"{prefix}unit__in": units_for(user, "overviews.compile")})
        | Q(**{f"{prefix}unit__in": units_for(user, "overviews.decide")})
    )
    return Q(**{f"{prefix}unit__in": units_for(user, "overviews.view")}) | compilation
