"""Named people every test can use. The organisation:

    UVF  Universitetet i Vestfjord (institution)
    ├── HF   Faculty of Humanities          – HR partner Hanne (subtree), dean Dag (top management)
    │   ├── HF-01  Department of Music       – head Leif (leader, subtree), safety rep Siri
    │   │   └── HF-01-01  Section for Performance – section leader Sofie; facilitator Frida; employee Erik
    │   └── HF-02  Department of Cultural Studies
    └── MN   Faculty of Science              – outsider Otto is an employee here, with no roles
Administrator Ada holds the administrator role on UVF with its subtree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from accounts.models import User
from orgs.models import OrgUnit, Person, Role, RoleAssignment, UnitKind

PASSWORD = "correct-horse-battery-staple"


@dataclass
class Org:
    root: OrgUnit
    hf: OrgUnit
    music: OrgUnit
    performance: OrgUnit
    culture: OrgUnit
    mn: OrgUnit


@dataclass
class Personas:
    org: Org
    admin: User
    hr: User
    dean: User
    head: User
    section_leader: User
    safety_rep: User
    facilitator: User
    employee: User
    outsider: User
    totp_secrets: dict[str, str]

    def all(self) -> dict[str, User]:
        return {
            "admin": self.admin,
            "hr": self.hr,
            "dean": self.dean,
            "head": self.head,
            "section_leader": self.section_leader,
            "safety_rep": self.safety_rep,
            "facilitator": self.facilitator,
            "employee": self.employee,
            "outsider": self.outsider,
        }


def build_org() -> Org:
    make = OrgUnit.objects.create_unit
    root = make(code="UVF", name_nb="Universitetet i Vestfjord", name_en="University of Vestfjord",
                kind=UnitKind.INSTITUTION)
    hf = make(code="HF", name_nb="Det humanistiske fakultet", name_en="Faculty of Humanities",
              kind=UnitKind.FACULTY, parent=root)
    music = make(code="HF-01", name_nb="Institutt for musikk", name_en="Department of Music",
                 kind=UnitKind.DEPARTMENT, parent=hf)
    performance = make(code="HF-01-01", name_nb="Seksjon for utøving", name_en="Section for Performance",
                       kind=UnitKind.SECTION, parent=music)
    culture = make(code="HF-02", name_nb="Institutt for kulturvitenskap", name_en="Department of Cultural Studies",
                   kind=UnitKind.DEPARTMENT, parent=hf)
    mn = make(code="MN", name_nb="Det matematisk-naturvitenskapelige fakultet", name_en="Faculty of Science",
              kind=UnitKind.FACULTY, parent=root)
    return Org(root, hf, music, performance, culture, mn)


def _person(key: str, given: str, family: str, unit: OrgUnit) -> User:
    email = f"{key}@vestfjord.test"
    person = Person.objects.create(
        employee_id=f"P-{key}", given_name=given, family_name=family, email=email, unit=unit,
        position_group="academic", age_group="40-49", gender="woman", employment="permanent",
    )
    person.memberships.create(unit=unit, valid_from=dt.date(2020, 1, 1))
    return User.objects.create_user(email, PASSWORD, person=person)


def _role(user: User, role: str, unit: OrgUnit, *, subtree: bool = False) -> None:
    RoleAssignment.objects.create(person=user.person, role=role, unit=unit, include_subtree=subtree)


def build_personas() -> Personas:
    org = build_org()
    p = Personas(
        org=org,
        admin=_person("ada", "Ada", "Admin", org.root),
        hr=_person("hanne", "Hanne", "Hansen", org.hf),
        dean=_person("dag", "Dag", "Dekan", org.hf),
        head=_person("leif", "Leif", "Leder", org.music),
        section_leader=_person("sofie", "Sofie", "Seksjonsleder", org.performance),
        safety_rep=_person("siri", "Siri", "Verneombud", org.music),
        facilitator=_person("frida", "Frida", "Fasilitator", org.root),
        employee=_person("erik", "Erik", "Employee", org.performance),
        outsider=_person("otto", "Otto", "Outsider", org.mn),
        totp_secrets={},
    )
    _role(p.admin, Role.ADMINISTRATOR, org.root, subtree=True)
    _role(p.hr, Role.HR_PARTNER, org.hf, subtree=True)
    _role(p.dean, Role.TOP_MANAGEMENT, org.hf, subtree=True)
    _role(p.head, Role.LEADER, org.music, subtree=True)
    _role(p.section_leader, Role.LEADER, org.performance)
    _role(p.safety_rep, Role.SAFETY_REP, org.music, subtree=True)
    _role(p.facilitator, Role.FACILITATOR, org.performance)
    for user in (p.admin, p.hr):
        secret = generate_totp_secret()
        TOTP.activate(user, secret)
        p.totp_secrets[user.email] = secret
    return p
