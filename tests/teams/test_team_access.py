"""Only members (by login or personal link), the team's facilitator and administrators see a
team; only the facilitator runs it; only members take part."""

from __future__ import annotations

import pytest
from django.test import Client

from orgs import policy
from tests.teampersonas import member_client

pytestmark = pytest.mark.django_db


def test_it_lets_a_member_with_a_personal_link_see_the_team(team_setup):
    client = member_client(team_setup.member("mia"))
    response = client.get(f"/teams/{team_setup.team.uid}/")
    assert response.status_code == 200
    assert "For you, Mia Moe" in response.content.decode()


def test_it_lets_a_member_with_a_login_see_the_team_without_a_link(personas, team_setup, login):
    response = login(personas.employee).get(f"/teams/{team_setup.team.uid}/")
    assert response.status_code == 200
    assert "For you, Erik Employee" in response.content.decode()


@pytest.mark.parametrize("name", ["facilitator", "admin"])
def test_it_lets_the_facilitator_and_administrators_see_the_team(personas, team_setup, login, name):
    response = login(getattr(personas, name)).get(f"/teams/{team_setup.team.uid}/")
    assert response.status_code == 200


@pytest.mark.parametrize("name", ["outsider", "head", "hr", "dean", "section_leader", "safety_rep"])
def test_it_denies_everybody_else(personas, team_setup, login, name):
    response = login(getattr(personas, name)).get(f"/teams/{team_setup.team.uid}/")
    assert response.status_code == 403


def test_it_sends_an_anonymous_visitor_to_the_login_page(team_setup):
    response = Client().get(f"/teams/{team_setup.team.uid}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_it_lets_only_the_facilitator_open_the_shared_screen(personas, team_setup, login):
    url = f"/teams/{team_setup.team.uid}/sessions/{team_setup.start.uid}/screen/"
    assert member_client(team_setup.member("mia")).get(url).status_code == 403
    assert login(personas.admin).get(url).status_code == 403
    assert login(personas.facilitator).get(url).status_code == 200


def test_it_lists_the_teams_a_user_may_see(personas, team_setup):
    assert list(policy.teams_for(personas.facilitator)) == [team_setup.team]
    assert list(policy.teams_for(personas.employee)) == [team_setup.team]
    assert list(policy.teams_for(personas.admin)) == [team_setup.team]
    assert list(policy.teams_for(personas.outsider)) == []
    assert list(policy.teams_for(personas.head)) == []


def test_it_lets_leaders_facilitators_hr_and_administrators_create_teams(personas):
    may = {name for name, user in personas.all().items() if policy.can(user, "teams.create")}
    assert may == {"admin", "hr", "head", "section_leader", "facilitator"}


def test_it_shows_teams_in_the_menu_only_to_those_who_use_them(personas, team_setup, login):
    assert ">Teams</a>" in login(personas.employee).get("/").content.decode()
    assert ">Teams</a>" not in login(personas.outsider).get("/").content.decode()
