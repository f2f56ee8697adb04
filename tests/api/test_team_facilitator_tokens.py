"""Team facilitators without "api.read" may hold API tokens, but reach only the teams
endpoints (each team still checked) and /me; units, people, rounds and imports keep their
own permissions. Nobody else gains anything — least of all the outsider."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from api.models import ApiToken
from orgs import policy
from teams import services
from tests.teampersonas import build_team

pytestmark = pytest.mark.django_db

ELSEWHERE = ["/units", "/people", "/rounds", "/instruments"]


@pytest.fixture
def setup(personas):
    return build_team(personas)


def test_it_lets_a_facilitator_create_a_token_on_the_tokens_page(personas, setup, login):
    assert not policy.can(personas.facilitator, "api.read")
    client = login(personas.facilitator)
    response = client.post(reverse("api:tokens"), {"name": "Team sync", "expires_on": ""})
    assert response.status_code == 200
    assert ApiToken.objects.filter(owner=personas.facilitator).count() == 1
    assert "API tokens" in client.get("/").content.decode()


def test_it_gives_a_facilitators_token_their_teams(personas, setup, token_for, api_get):
    raw = token_for(personas.facilitator)
    listed = api_get(raw, "/teams").json()
    assert [t["name"] for t in listed["items"]] == ["Digital exams project"]
    uid = setup.team.uid
    for path in (f"/teams/{uid}", f"/teams/{uid}/sessions", f"/teams/{uid}/contracts"):
        assert api_get(raw, path).status_code == 200
    assert api_get(raw, "/me").json()["email"] == personas.facilitator.email


def test_it_keeps_the_other_endpoints_closed_to_a_facilitator(personas, setup, token_for, api_get):
    raw = token_for(personas.facilitator)
    for path in ELSEWHERE:
        assert api_get(raw, path).status_code == 403, path


def test_it_hides_other_teams_from_a_facilitator(personas, setup, token_for, api_get):
    other = services.create_team(
        name="Library group", purpose="", unit=personas.org.mn, facilitator=personas.admin,
        members=[services.NewMember("Ann", "ann@vestfjord.test"),
                 services.NewMember("Bo", "bo@vestfjord.test")],
        starts_at=timezone.now() + dt.timedelta(days=3), actor=personas.admin,
    )  # fmt: skip
    raw = token_for(personas.facilitator)
    assert api_get(raw, f"/teams/{other.uid}").status_code == 403
    names = [t["name"] for t in api_get(raw, "/teams").json()["items"]]
    assert names == ["Digital exams project"]


def test_it_refuses_the_token_once_the_facilitator_hands_over(personas, setup, token_for, api_get):
    raw = token_for(personas.facilitator)
    services.change_facilitator(team=setup.team, facilitator=personas.head, actor=personas.admin)
    assert api_get(raw, "/teams").status_code == 403
    assert api_get(raw, f"/teams/{setup.team.uid}").status_code == 403


def test_it_gives_nothing_to_the_outsider(personas, setup, token_for, api_get, login):
    client = login(personas.outsider)
    assert client.get(reverse("api:tokens")).status_code == 403
    assert client.post(reverse("api:tokens"), {"name": "x"}).status_code == 403
    raw = token_for(personas.outsider)  # as if made with `medvirk createapitoken`
    for path in ["/teams", f"/teams/{setup.team.uid}", "/me", *ELSEWHERE]:
        assert api_get(raw, path).status_code == 403, path


def test_it_gives_nothing_to_a_process_facilitator_without_a_team(
    personas, token_for, api_get, login
):
    assert login(personas.facilitator).get(reverse("api:tokens")).status_code == 403
    assert api_get(token_for(personas.facilitator), "/teams").status_code == 403
