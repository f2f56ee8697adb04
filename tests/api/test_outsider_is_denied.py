"""Every endpoint refuses the outsider (no roles; an employee elsewhere) and gives away nothing."""

from __future__ import annotations

import pytest

from api.urls import api
from orgs.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/units",
    "/units/HF-01",
    "/units/MN",  # the outsider's own unit
    "/people",
    "/people/P-leif",
    "/people/P-otto",  # the outsider themself
    "/me",
    "/instruments",
    "/rounds",
    "/rounds/{round}",
    "/rounds/{round}/rates",
    "/rounds/{round}/invitations",
    "/meetings",
    "/rounds/{round}/progress",
    "/rounds/{round}/progress/units/HF-01",
    "/rounds/{round}/dashboard",
    "/rounds/{round}/overviews",
    "/rounds/{round}/units/HF-01/decisions",
    "/rounds/{round}/decisions",
]


@pytest.fixture
def round_uid(personas, make_round, open_now):
    """An open round over the whole university (Leif and HF-01 are in it)."""
    return str(open_now(make_round(personas.org.root)).uid)


def test_it_covers_every_endpoint():
    paths = {p.removeprefix("/api/v1") for p in api.get_openapi_schema()["paths"]}
    assert paths == {
        "/units",
        "/units/{code}",
        "/people",
        "/people/{employee_id}",
        "/me",
        "/imports",  # POST; the outsider's refusal is tested in test_imports_endpoint.py
        # Teams: the outsider's refusal is tested in test_teams_endpoints.py (it needs a team).
        "/teams",
        "/teams/{uid}",
        "/teams/{uid}/sessions",
        "/teams/{uid}/contracts",
        "/teams/{uid}/contracts/{version}",
        "/instruments",
        "/rounds",
        "/rounds/{uid}",
        "/rounds/{uid}/rates",
        "/rounds/{uid}/invitations",
        # Results: the outsider's refusal is tested in test_results_endpoint.py
        # (it needs a released round).
        "/rounds/{uid}/results",
        "/rounds/{uid}/results/{code}",
        # Action plans: the outsider's refusal is tested in tests/actions/test_api.py.
        "/plans",
        "/plans/{uid}",
        "/plans/{uid}/focus-areas",
        "/plans/{uid}/measures",
        "/measures/{uid}",
        "/meetings",
        "/meetings/{uid}",  # the outsider's refusal: tests/api/test_meetings_endpoint.py
        "/rounds/{uid}/progress",
        "/rounds/{uid}/progress/units/{code}",
        "/rounds/{uid}/dashboard",
        # The roll-up: the outsider's refusal of the endpoints that need an overview or a
        # decision is tested in tests/api/test_rollup_endpoints.py.
        "/rounds/{uid}/overviews",
        "/overviews/{uid}",
        "/overviews/{uid}/versions/{number}",
        "/rounds/{uid}/units/{code}/decisions",
        "/rounds/{uid}/decisions",
        "/decisions/{uid}",
    }


@pytest.mark.parametrize("path", ENDPOINTS)
def test_it_denies_the_outsider(personas, token_for, api_get, path, round_uid):
    response = api_get(token_for(personas.outsider), path.format(round=round_uid))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Leif" not in body and "HF-01" not in body and "otto@" not in body


@pytest.mark.parametrize("path", ENDPOINTS)
def test_it_gives_an_outsider_with_api_access_elsewhere_nothing_from_humanities(
    personas, token_for, api_get, path, round_uid
):
    RoleAssignment.objects.create(
        person=personas.outsider.person, role=Role.HR_PARTNER, unit=personas.org.mn
    )
    response = api_get(token_for(personas.outsider), path.format(round=round_uid))
    body = response.content.decode()
    assert "Leif" not in body and "HF-01" not in body and "Humanities" not in body
    if path in (
        "/units/HF-01",
        "/people/P-leif",
        "/rounds/{round}/progress/units/HF-01",
        "/rounds/{round}/units/HF-01/decisions",
    ):
        assert response.status_code == 403
