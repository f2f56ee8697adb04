"""/api/v1/ action plans: reading plans, focus areas and measures in scope; creating and
updating measures with the revision check; the outsider gets nothing."""

from __future__ import annotations

import json

import pytest

from actions.models import Measure
from orgs.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db


def _send(client, method, raw, path, data):
    return getattr(client, method)(
        f"/api/v1{path}",
        json.dumps(data),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )


def test_hr_reads_plans_focus_areas_and_measures(personas, setup, token_for, api_get):
    raw = token_for(personas.hr)
    plans = api_get(raw, "/plans").json()["items"]
    assert [p["unit_code"] for p in plans] == ["HF-01-01"]
    uid = plans[0]["uid"]
    detail = api_get(raw, f"/plans/{uid}").json()
    assert [m["title"] for m in detail["measures"]] == [
        "Monthly all-hands meeting",
        "Communication",
    ]
    assert detail["measures"][1]["smart"]["specific"]["met"] is False
    areas = api_get(raw, f"/plans/{uid}/focus-areas").json()
    assert {a["title"] for a in areas} == {"Good colleagues", "Information flow"}
    assert len(api_get(raw, f"/plans/{uid}/measures").json()) == 2
    measure = api_get(raw, f"/measures/{setup.good.uid}").json()
    assert measure["responsible_employee_id"] == "P-sofie"


def test_the_administrator_creates_and_updates_a_measure(personas, setup, token_for, client):
    raw = token_for(personas.admin)
    response = _send(client, "post", raw, f"/plans/{setup.plan.uid}/measures",
                     {"title": "Lunch talks", "due": "2030-06-01", "responsible_employee_id": "P-erik"})  # fmt: skip
    assert response.status_code == 200, response.content
    created = response.json()
    assert created["responsible"] == "Erik Employee" and created["revision"] == 1
    path = f"/measures/{created['uid']}"
    response = _send(client, "put", raw, path, {"title": "Lunch talks monthly", "revision": 1})
    assert response.status_code == 200 and response.json()["revision"] == 2
    response = _send(client, "put", raw, path, {"title": "Stale write", "revision": 1})
    assert response.status_code == 409
    assert response.json()["current"]["title"] == "Lunch talks monthly"
    assert Measure.objects.get(uid=created["uid"]).title == "Lunch talks monthly"


def test_bad_input_is_refused_with_the_field(personas, setup, token_for, client):
    raw = token_for(personas.admin)
    response = _send(client, "post", raw, f"/plans/{setup.plan.uid}/measures",
                     {"title": "X", "start": "2030-06-01", "due": "2030-01-01"})  # fmt: skip
    assert response.status_code == 422 and "due" in response.json()["detail"]


def test_hr_may_read_but_not_write(personas, setup, token_for, client):
    raw = token_for(personas.hr)
    response = _send(client, "post", raw, f"/plans/{setup.plan.uid}/measures", {"title": "X"})
    assert response.status_code == 403


@pytest.mark.parametrize("path", ["/plans/{plan}", "/plans/{plan}/focus-areas",
                                  "/plans/{plan}/measures", "/measures/{measure}"])  # fmt: skip
def test_the_outsider_gets_nothing(personas, setup, token_for, api_get, path):
    RoleAssignment.objects.create(
        person=personas.outsider.person, role=Role.HR_PARTNER, unit=personas.org.mn
    )
    raw = token_for(personas.outsider)
    url = path.format(plan=setup.plan.uid, measure=setup.good.uid)
    response = api_get(raw, url)
    assert response.status_code == 403
    assert "Monthly" not in response.content.decode()
    assert api_get(raw, "/plans").json()["items"] == []


def test_an_outsider_without_api_access_is_refused(personas, setup, token_for, api_get):
    assert api_get(token_for(personas.outsider), "/plans").status_code == 403


def test_the_administrator_adds_focus_areas_all_or_nothing(personas, setup, token_for, client):
    raw = token_for(personas.admin)
    path = f"/plans/{setup.plan.uid}/focus-areas"
    bad = [{"kind": "improve", "title": "Workload"}, {"kind": "maybe", "title": "Noise"}]
    response = _send(client, "post", raw, path, bad)
    assert response.status_code == 422 and "Focus area 2" in response.json()["detail"]
    response = _send(client, "post", raw, path, [{"kind": "improve", "title": "Workload"}])
    assert response.status_code == 200 and response.json()[0]["source"] == "meeting"
    hr = token_for(personas.hr)
    assert _send(client, "post", hr, path, [{"kind": "improve", "title": "X"}]).status_code == 403
