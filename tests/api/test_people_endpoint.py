from __future__ import annotations

import datetime as dt

import pytest

from orgs.models import Person

pytestmark = pytest.mark.django_db


def _ids(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [p["employee_id"] for p in response.json()["items"]]


def test_it_lists_everybody_to_the_administrator_by_name(personas, token_for, api_get):
    response = api_get(token_for(personas.admin), "/people")
    ids = _ids(response)
    assert len(ids) == 9 and response.json()["count"] == 9
    assert ids[0] == "P-ada"  # Admin, Ada comes first by family name
    ada = response.json()["items"][0]
    assert ada == {
        "uid": str(personas.admin.person.uid),
        "employee_id": "P-ada",
        "given_name": "Ada",
        "family_name": "Admin",
        "email": "ada@vestfjord.test",
        "unit_code": "UVF",
        "position_group": "academic",
        "age_group": "40-49",
        "gender": "woman",
        "employment": "permanent",
        "language": "",
        "left_on": None,
    }


def test_it_lists_only_people_in_the_hr_partners_subtree(personas, token_for, api_get):
    ids = _ids(api_get(token_for(personas.hr), "/people"))
    assert sorted(ids) == sorted(["P-hanne", "P-dag", "P-leif", "P-siri", "P-sofie", "P-erik"])


def test_it_filters_by_unit_with_or_without_its_subtree(personas, token_for, api_get):
    raw = token_for(personas.hr)
    assert sorted(_ids(api_get(raw, "/people", unit="HF-01"))) == ["P-leif", "P-siri"]
    everyone = _ids(api_get(raw, "/people", unit="HF-01", subtree="true"))
    assert sorted(everyone) == ["P-erik", "P-leif", "P-siri", "P-sofie"]
    assert api_get(raw, "/people", unit="MN").status_code == 403
    assert api_get(raw, "/people", unit="NOPE").status_code == 404


def test_it_searches_by_name_email_or_employee_id(personas, token_for, api_get):
    raw = token_for(personas.admin)
    assert _ids(api_get(raw, "/people", q="siri")) == ["P-siri"]
    assert _ids(api_get(raw, "/people", q="P-otto")) == ["P-otto"]


def test_it_includes_people_who_left_only_when_asked(personas, token_for, api_get):
    Person.objects.filter(employee_id="P-erik").update(left_on=dt.date(2025, 1, 31))
    raw = token_for(personas.admin)
    assert "P-erik" not in _ids(api_get(raw, "/people"))
    response = api_get(raw, "/people", include_left="true", q="erik")
    assert response.json()["items"][0]["left_on"] == "2025-01-31"


def test_it_shows_one_person_in_scope(personas, token_for, api_get):
    raw = token_for(personas.hr)
    response = api_get(raw, "/people/P-siri")
    assert response.status_code == 200 and response.json()["unit_code"] == "HF-01"
    assert api_get(raw, "/people/P-otto").status_code == 403
    assert api_get(raw, "/people/P-nobody").status_code == 404
