"""Creating a team from the page: members by e-mail, a facilitator, the start session."""

from __future__ import annotations

import pytest

from audit.models import AuditEntry
from teams.forms import parse_member_lines
from teams.models import Team

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Library service team",
    "purpose": "Better opening hours.",
    "unit": "HF-01",
    "facilitator": "frida@vestfjord.test",
    "members": "Mia Moe <mia@vestfjord.test>\nNils Nes, nils@vestfjord.test\nolga@vestfjord.test",
    "date": "2030-03-04",
    "time": "09:00",
    "duration_minutes": "120",
    "location": "Room 2",
}


def test_it_creates_the_team_with_members_and_a_start_session(personas, login, mailoutbox):
    response = login(personas.head).post("/teams/new/", FORM)
    team = Team.objects.get()
    assert response["Location"] == f"/teams/{team.uid}/"
    assert [m.name for m in team.members.order_by("name")] == ["Mia Moe", "Nils Nes", "olga"]
    assert team.facilitator == personas.facilitator
    assert team.unit == personas.org.music
    assert team.sessions.get().kind == "start"
    entry = AuditEntry.objects.get(action="teams.team.create")
    assert entry.actor == personas.head
    assert entry.data["after"]["members"] == [
        "mia@vestfjord.test",
        "nils@vestfjord.test",
        "olga@vestfjord.test",
    ]


def test_it_shows_every_error_in_a_summary(personas, login):
    data = {**FORM, "members": "Mia\nnot an address", "facilitator": "nobody@x.test", "unit": "ZZ"}
    response = login(personas.head).post("/teams/new/", data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in body
    assert "Line 1: “Mia” has no valid e-mail address." in body
    assert "Nobody with a Medvirk login has this e-mail address." in body
    assert "No current unit has the code ZZ." in body
    assert not Team.objects.exists()


def test_it_denies_the_outsider_the_creation_page(personas, login):
    assert login(personas.outsider).get("/teams/new/").status_code == 403
    assert login(personas.outsider).get("/teams/").status_code == 403


def test_it_reads_member_lines_in_several_formats():
    members, errors = parse_member_lines("A B <a@x.no>\nC; c@x.no\n\nd@x.no\nd@x.no")
    assert [(m.name, m.email) for m in members][:3] == [
        ("A B", "a@x.no"),
        ("C", "c@x.no"),
        ("d", "d@x.no"),
    ]
    assert errors == ["These addresses appear more than once: d@x.no"]
