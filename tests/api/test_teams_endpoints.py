"""GET /teams and below: members, the facilitator and administrators only."""

from __future__ import annotations

import pytest

from orgs.models import Role, RoleAssignment
from tests.teampersonas import build_team
from tests.teams.helpers import run_start_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(personas):
    setup = build_team(personas)
    run_start_session(setup, personas.facilitator)
    return setup


def _paths(setup):
    uid = setup.team.uid
    return [
        f"/teams/{uid}",
        f"/teams/{uid}/sessions",
        f"/teams/{uid}/contracts",
        f"/teams/{uid}/contracts/1",
    ]


def test_it_lists_the_team_for_an_administrator(personas, setup, token_for, api_get):
    body = api_get(token_for(personas.admin), "/teams").json()
    assert [t["name"] for t in body["items"]] == ["Digital exams project"]
    detail = api_get(token_for(personas.admin), f"/teams/{setup.team.uid}").json()
    assert len(detail["members"]) == 6 and detail["contract_versions"] == [1]
    assert detail["facilitator"] == "frida@vestfjord.test"
    contract = api_get(token_for(personas.admin), f"/teams/{setup.team.uid}/contracts/1").json()
    assert contract["sections"]["purpose"] == "We exist to:\n- Fair exams"


def test_it_lets_a_member_with_api_access_read_their_team(personas, setup, token_for, api_get):
    RoleAssignment.objects.create(
        person=personas.employee.person, role=Role.HR_PARTNER, unit=personas.org.mn
    )
    sessions = api_get(token_for(personas.employee), f"/teams/{setup.team.uid}/sessions").json()
    assert [s["kind"] for s in sessions] == ["start"]


def test_it_denies_the_outsider(personas, setup, token_for, api_get):
    token = token_for(personas.outsider)
    for path in ["/teams", *_paths(setup)]:
        response = api_get(token, path)
        assert response.status_code == 403, path
        assert b"Digital exams" not in response.content


def test_it_denies_an_hr_partner_outside_the_team(personas, setup, token_for, api_get):
    token = token_for(personas.hr)
    assert api_get(token, "/teams").json()["items"] == []
    for path in _paths(setup):
        assert api_get(token, path).status_code == 403, path


def test_it_answers_404_for_an_unknown_team(personas, token_for, api_get):
    response = api_get(token_for(personas.admin), "/teams/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
