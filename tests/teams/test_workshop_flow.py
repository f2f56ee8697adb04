"""The start session from the shared screen and phones to the contract draft."""

from __future__ import annotations

import pytest

from teams.models import Contribution, SessionStatus
from tests.teampersonas import member_client

pytestmark = pytest.mark.django_db


def _urls(setup):
    team, session = setup.team, setup.start
    base = f"/teams/{team.uid}/sessions/{session.uid}/"
    return base, base + "screen/", base + "control/", base + "merge/"


def test_it_runs_the_workshop_from_start_to_contract_draft(personas, team_setup, login):
    phone_url, screen_url, control_url, merge_url = _urls(team_setup)
    facilitator = login(personas.facilitator)
    assert facilitator.get(screen_url).status_code == 200
    facilitator.post(control_url, {"action": "start"})
    mia = member_client(team_setup.member("mia"))
    page = mia.get(phone_url)
    assert page.status_code == 200
    assert "Welcome and expectations" in page.content.decode()
    facilitator.post(control_url, {"action": "next"})
    response = mia.post(phone_url, {"topic": "purpose", "text": "Fair exams for all"})
    assert response.status_code == 302
    assert Contribution.objects.get().text == "Fair exams for all"
    screen = facilitator.get(screen_url).content.decode()
    assert "Fair exams for all" in screen
    for _ in range(3):
        facilitator.post(control_url, {"action": "next"})
    page = facilitator.get(screen_url).content.decode()
    assert "- Fair exams for all" in page  # the merge form starts from the notes
    facilitator.post(merge_url, {"purpose": "- Fair and secure digital exams"})
    facilitator.post(control_url, {"action": "next"})
    response = facilitator.post(control_url, {"action": "close"})
    assert response.status_code == 302
    team_setup.start.refresh_from_db()
    assert team_setup.start.status == SessionStatus.CLOSED
    contract = team_setup.team.latest_contract()
    assert contract.version == 1
    assert "Fair and secure digital exams" in contract.sections["purpose"]
    assert contract.sections["purpose"].startswith("We exist to:")


def test_it_tells_a_polling_phone_to_reload_when_the_step_changes(personas, team_setup, login):
    phone_url, _screen, control_url, _merge = _urls(team_setup)
    facilitator = login(personas.facilitator)
    facilitator.post(control_url, {"action": "start"})
    mia = member_client(team_setup.member("mia"))
    fresh = mia.get(phone_url, {"state": "running-0-0"}, headers={"HX-Request": "true"})
    assert fresh.status_code == 200 and "HX-Refresh" not in fresh
    facilitator.post(control_url, {"action": "next"})
    stale = mia.get(phone_url, {"state": "running-0-0"}, headers={"HX-Request": "true"})
    assert stale["HX-Refresh"] == "true"
