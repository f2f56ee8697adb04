"""The list endpoints run a fixed number of queries however many rows they return."""

from __future__ import annotations

import pytest

from orgs.models import OrgUnit, Person, UnitKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_faculty(personas):
    for i in range(40):
        unit = OrgUnit.objects.create_unit(
            code=f"HF-9{i:02d}", name_nb=f"Enhet {i}", kind=UnitKind.GROUP, parent=personas.org.hf
        )
        Person.objects.bulk_create(
            Person(
                employee_id=f"X-{i}-{j}",
                given_name="Navn",
                family_name=f"Etternavn {i} {j}",
                email=f"x{i}.{j}@vestfjord.test",
                unit=unit,
            )
            for j in range(5)
        )
    return personas


@pytest.mark.parametrize("path", ["/units", "/people"])
@pytest.mark.parametrize("who", ["admin", "hr"])
def test_it_lists_many_rows_in_a_bounded_number_of_queries(
    big_faculty, token_for, api_get, django_assert_max_num_queries, path, who
):
    raw = token_for(getattr(big_faculty, who))
    # auth (token + owner + person + unit), grants, count, page; nothing per row
    with django_assert_max_num_queries(6):
        response = api_get(raw, path, limit=500)
    assert response.status_code == 200
    assert len(response.json()["items"]) >= 40
