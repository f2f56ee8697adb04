"""Team personas on top of tests/personas.py: a Start Smart team of six facilitated by Frida
(the process facilitator). Erik (the employee persona, who has a login) is a member; the
other five have no login and act through personal links."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

from teams import services
from teams.models import Team, TeamMember, TeamSession
from tests.personas import Personas

MEMBERS = [
    ("Erik Employee", "erik@vestfjord.test"),
    ("Mia Moe", "mia@vestfjord.test"),
    ("Nils Nes", "nils@vestfjord.test"),
    ("Olga Ovesen", "olga@vestfjord.test"),
    ("Per Pedersen", "per@vestfjord.test"),
    ("Rita Ruud", "rita@vestfjord.test"),
]
EXTRA = [(f"Extra Member {i}", f"extra{i}@vestfjord.test") for i in range(1, 10)]


@dataclass
class TeamSetup:
    team: Team
    members: list[TeamMember]
    start: TeamSession

    def member(self, email_start: str) -> TeamMember:
        return next(m for m in self.members if m.email.startswith(email_start))


def build_team(p: Personas, *, size: int = 6, starts_at: dt.datetime | None = None) -> TeamSetup:
    people = (MEMBERS + EXTRA)[:size]
    team = services.create_team(
        name="Digital exams project",
        purpose="Move all written exams at the faculty to digital exams by next autumn.",
        unit=p.org.music,
        facilitator=p.facilitator,
        members=[services.NewMember(name, email) for name, email in people],
        starts_at=starts_at or timezone.now() + dt.timedelta(days=7),
        location="Room 101",
        actor=p.facilitator,
    )
    members = list(team.members.order_by("pk"))
    return TeamSetup(team, members, team.sessions.get())


def link_for(member: TeamMember) -> str:
    """A fresh personal link for `member` (as if from a new e-mail)."""
    return services.issue_link(member=member)


def member_client(member: TeamMember) -> Client:
    """A browser-less client that has opened `member`'s personal link."""
    client = Client(headers={"accept-language": "en"})
    response = client.get(f"/teams/link/{link_for(member)}/")
    assert response.status_code == 302
    return client
