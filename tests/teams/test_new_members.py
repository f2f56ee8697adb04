"""Someone who joins later gets the contract and a short preparation and is asked to
confirm; the team is prompted to discuss what changes."""

from __future__ import annotations

import pytest

from teams import services
from tests.teampersonas import member_client
from tests.teams.helpers import confirm_all, run_start_session

pytestmark = pytest.mark.django_db


def test_it_welcomes_a_member_who_joins_later(
    personas, team_setup, login, smtp_inbox, django_capture_on_commit_callbacks
):
    contract = run_start_session(team_setup, personas.facilitator)
    confirm_all(team_setup, contract)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(personas.facilitator).post(
            f"/teams/{team_setup.team.uid}/members/add/",
            {"name": "Siv Sand", "email": "siv@vestfjord.test"},
        )
    assert response.status_code == 302
    message = smtp_inbox.to("siv@vestfjord.test")[0]
    assert message["Subject"] == "Welcome to the team Digital exams project"
    siv = team_setup.team.members.get(email="siv@vestfjord.test")
    assert not siv.is_founding
    client = member_client(siv)
    team_page = client.get(f"/teams/{team_setup.team.uid}/").content.decode()
    assert "Read and confirm the team contract (version 1)" in team_page
    assert "One member has joined since the last session" in team_page
    prep = client.get(f"/teams/{team_setup.team.uid}/prepare/").content.decode()
    assert "My strengths and competences" in prep and "What I want to learn" not in prep
    services.confirm_contract(contract=contract, member=siv)
    assert not services.missing_confirmations(contract)


def test_it_refuses_a_member_twice(personas, team_setup, login):
    response = login(personas.facilitator).post(
        f"/teams/{team_setup.team.uid}/members/add/",
        {"name": "Mia again", "email": "MIA@vestfjord.test"},
    )
    assert "mia@vestfjord.test is already a member of this team." in response.content.decode()


def test_it_denies_the_outsider_adding_members(personas, team_setup, login):
    url = f"/teams/{team_setup.team.uid}/members/add/"
    assert login(personas.outsider).get(url).status_code == 403
    assert member_client(team_setup.member("mia")).get(url).status_code == 403
