from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_it_describes_the_token_owner_with_grants_and_permissions(personas, token_for, api_get):
    body = api_get(token_for(personas.hr), "/me").json()
    assert body["email"] == "hanne@vestfjord.test" and body["is_superuser"] is False
    assert body["person"]["employee_id"] == "P-hanne" and body["person"]["unit_code"] == "HF"
    assert body["person"]["language"] == ""  # not known
    assert {"role": "hr_partner", "unit_code": "HF", "include_subtree": True} in body["grants"]
    assert {"role": "member", "unit_code": "HF", "include_subtree": False} in body["grants"]
    assert "api.read" in body["permissions"] and "orgs.view_people" in body["permissions"]
    assert "orgs.import" not in body["permissions"]
