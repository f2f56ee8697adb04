"""GET /api/v1/rounds/{uid}/results: the published cells, only for units in the owner's
scope, logged."""

from __future__ import annotations

import pytest

from audit.models import AuditEntry
from tests.reportfixtures import closed_round, release

COUNTS = {"HF-01": 4, "HF-01-01": 12, "HF-02": 7, "MN": 9}


@pytest.fixture
def released(personas):
    survey = closed_round(personas.org.root, COUNTS)
    release(survey)
    return survey


def test_the_hr_partner_reads_the_faculty_and_everything_below_it(
    personas, released, token_for, api_get
):
    body = api_get(token_for(personas.hr), f"/rounds/{released.uid}/results").json()
    assert body["round"] == "Survey 2026" and body["release"] == 1
    assert [u["code"] for u in body["units"]] == ["HF", "HF-01", "HF-01-01", "HF-02"]
    music = body["units"][1]
    w1 = next(c for c in music["cells"] if c["code"] == "W1" and not c["group_variable"])
    assert w1["n"] >= 5 and w1["hidden_reason"] == ""
    performance = body["units"][2]
    hidden = next(c for c in performance["cells"] if c["code"] == "W1")
    assert hidden["n"] is None and hidden["mean"] is None
    assert hidden["hidden_reason"] == "hidden so that a smaller group cannot be worked out"
    entry = AuditEntry.objects.filter(action="reports.api").latest("pk")
    assert entry.actor == personas.hr and entry.data["units"] == 4


def test_one_unit_and_a_subtree_filter(personas, released, token_for, api_get):
    token = token_for(personas.admin)
    one = api_get(token, f"/rounds/{released.uid}/results/HF-02").json()
    assert one["code"] == "HF-02" and one["parent_code"] == "HF"
    sub = api_get(token, f"/rounds/{released.uid}/results", unit="HF-01").json()
    assert [u["code"] for u in sub["units"]] == ["HF-01", "HF-01-01"]


def test_a_unit_outside_the_scope_is_refused(personas, released, token_for, api_get):
    response = api_get(token_for(personas.hr), f"/rounds/{released.uid}/results/MN")
    assert response.status_code == 403


def test_the_outsider_gets_nothing(personas, released, token_for, api_get):
    for path in ("", "/HF", "/MN"):  # MN is the outsider's own unit
        response = api_get(token_for(personas.outsider), f"/rounds/{released.uid}/results{path}")
        assert response.status_code == 403


def test_a_reader_with_a_narrow_scope_sees_only_that_unit(personas, released, token_for, api_get):
    from orgs.models import Role, RoleAssignment

    RoleAssignment.objects.create(
        person=personas.outsider.person, role=Role.HR_PARTNER, unit=personas.org.culture
    )
    token = token_for(personas.outsider)
    listed = api_get(token, f"/rounds/{released.uid}/results").json()
    assert [u["code"] for u in listed["units"]] == ["HF-02"]
    assert api_get(token, f"/rounds/{released.uid}/results/HF").status_code == 403


def test_an_unreleased_round_is_not_found(personas, token_for, api_get):
    survey = closed_round(personas.org.root, COUNTS)
    response = api_get(token_for(personas.admin), f"/rounds/{survey.uid}/results")
    assert response.status_code == 404
