from __future__ import annotations

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def _codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [u["code"] for u in response.json()["items"]]


def test_it_lists_every_unit_to_the_administrator_in_tree_order(personas, token_for, api_get):
    response = api_get(token_for(personas.admin), "/units")
    assert _codes(response) == ["UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"]
    assert response.json()["count"] == 6
    hf01 = response.json()["items"][2]
    assert hf01["parent_code"] == "HF" and hf01["depth"] == 2 and hf01["kind"] == "department"
    assert hf01["name_en"] == "Department of Music" and hf01["valid_to"] is None
    assert set(hf01) == {
        "uid",
        "code",
        "name_nb",
        "name_en",
        "kind",
        "parent_code",
        "depth",
        "valid_from",
        "valid_to",
    }


def test_it_lists_only_the_hr_partners_subtree(personas, token_for, api_get):
    codes = _codes(api_get(token_for(personas.hr), "/units"))
    assert codes == ["HF", "HF-01", "HF-01-01", "HF-02"]


def test_it_filters_by_search_code_and_parent(personas, token_for, api_get):
    raw = token_for(personas.admin)
    assert _codes(api_get(raw, "/units", q="musikk")) == ["HF-01"]
    assert _codes(api_get(raw, "/units", code="MN")) == ["MN"]
    assert _codes(api_get(raw, "/units", parent="HF")) == ["HF-01", "HF-02"]


def test_it_includes_removed_units_only_when_asked(personas, token_for, api_get):
    culture = personas.org.culture
    culture.valid_to = dt.date(2024, 12, 31)
    culture.save()
    raw = token_for(personas.admin)
    assert "HF-02" not in _codes(api_get(raw, "/units"))
    assert "HF-02" in _codes(api_get(raw, "/units", include_removed="true"))


def test_it_pages_with_limit_and_offset(personas, token_for, api_get):
    raw = token_for(personas.admin)
    first = _codes(api_get(raw, "/units", limit=4))
    rest = _codes(api_get(raw, "/units", limit=4, offset=4))
    assert first + rest == ["UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"]
    assert api_get(raw, "/units", limit=10_000).status_code == 422


def test_it_shows_one_unit_with_children_and_people_counts(personas, token_for, api_get):
    response = api_get(token_for(personas.hr), "/units/HF-01")
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == "HF-01" and body["parent_code"] == "HF"
    assert body["children"] == ["HF-01-01"]
    assert body["people_count"] == 2  # Leif, Siri
    assert body["people_in_subtree_count"] == 4  # and Sofie, Erik


def test_it_answers_404_for_an_unknown_unit_and_403_outside_the_scope(personas, token_for, api_get):
    raw = token_for(personas.hr)
    assert api_get(raw, "/units/NOPE").status_code == 404
    response = api_get(raw, "/units/MN")
    assert response.status_code == 403
    assert "Faculty of Science" not in response.content.decode()
