"""A follow-up session revisits the contract and makes the next version."""

from __future__ import annotations

import datetime as dt

import pytest

from audit.models import AuditEntry
from teams import clock, services
from teams.models import SessionKind
from tests.teams.helpers import confirm_all, run_start_session

pytestmark = pytest.mark.django_db


def test_it_makes_version_two_from_the_follow_up(personas, team_setup, monkeypatch, login):
    confirm_all(team_setup, run_start_session(team_setup, personas.facilitator))
    follow_up = team_setup.team.sessions.get(kind=SessionKind.FOLLOW_UP)
    later = clock.now() + dt.timedelta(weeks=6)
    monkeypatch.setattr(clock, "now", lambda: later)
    services.start_session(session=follow_up, actor=personas.facilitator)
    services.go_to_step(session=follow_up, step=1)
    services.add_note(
        session=follow_up, member=team_setup.members[0], topic="change", text="Shorter meetings"
    )
    services.go_to_step(session=follow_up, step=2)
    draft = services.merge_draft(follow_up)
    assert draft["purpose"] == "We exist to:\n- Fair exams"  # starts from version 1
    draft["meetings"] = "We meet and talk like this:\n- 30 minutes on Mondays"
    services.merge(session=follow_up, texts=draft)
    contract = services.close_session(session=follow_up, actor=personas.facilitator)
    assert contract.version == 2
    assert "30 minutes on Mondays" in contract.sections["meetings"]
    assert contract.sections["purpose"] == "We exist to:\n- Fair exams"
    assert AuditEntry.objects.filter(action="teams.contract.new_version").count() == 2
    page = login(personas.facilitator).get(f"/teams/{team_setup.team.uid}/contract/v1/")
    assert "All versions" in page.content.decode()


def test_it_lets_the_facilitator_schedule_a_follow_up(personas, team_setup, login):
    response = login(personas.facilitator).post(
        f"/teams/{team_setup.team.uid}/sessions/new/",
        {"date": "2030-05-06", "time": "13:00", "duration_minutes": "90", "location": "Room 3"},
    )
    assert response.status_code == 302
    assert team_setup.team.sessions.filter(kind=SessionKind.FOLLOW_UP).count() == 1


def test_it_denies_members_and_the_outsider_scheduling(personas, team_setup, login):
    url = f"/teams/{team_setup.team.uid}/sessions/new/"
    assert login(personas.outsider).get(url).status_code == 403
    assert login(personas.employee).get(url).status_code == 403
