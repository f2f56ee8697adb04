from __future__ import annotations

import pytest
from django.urls import reverse

from orgs.models import Role, RoleAssignment

pytestmark = pytest.mark.django_db


def _post(client, personas, **changes):
    data = {
        "person": str(personas.employee.person.uid),
        "role": Role.SAFETY_REP,
        "unit": "HF-01-01",
        "include_subtree": "on",
        "starts_on": "2026-03-01",
        "ends_on": "2026-02-01",
        "q": "erik",
    } | changes
    return client.post(reverse("orgs:role_assign"), data)


def test_it_keeps_what_the_user_typed_and_summarises_the_errors(personas, login):
    response = _post(login(personas.admin), personas)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in body and 'href="#id_ends_on"' in body
    assert (
        'value="2026-03-01"' in body and 'value="2026-02-01"' in body and 'value="HF-01-01"' in body
    )
    assert (
        'value="safety_rep" selected' in body
        and 'name="include_subtree" id="id_include_subtree" checked' in body
    )
    assert f'value="{personas.employee.person.uid}" checked' in body
    assert not RoleAssignment.objects.filter(person=personas.employee.person).exists()


def test_it_marks_invalid_fields_and_links_them_to_their_messages(personas, login):
    body = _post(login(personas.admin), personas).content.decode()
    assert 'aria-invalid="true"' in body
    assert 'aria-describedby="id_ends_on_helptext id_ends_on_error"' in body
    assert 'id="id_ends_on_error"' in body


def test_it_reports_an_unknown_unit_code(personas, login):
    body = _post(login(personas.admin), personas, unit="NOPE", ends_on="").content.decode()
    assert "No current unit has the code NOPE." in body
    assert 'href="#id_unit"' in body


def test_it_reports_a_missing_person(personas, login):
    body = _post(login(personas.admin), personas, person="", ends_on="").content.decode()
    assert "Find and choose the person" in body and 'href="#id_person"' in body
    assert "Erik Employee" in body  # the search results are kept


def test_it_explains_why_the_administrator_role_needs_the_root(personas, login):
    body = _post(
        login(personas.admin), personas, role=Role.ADMINISTRATOR, ends_on=""
    ).content.decode()
    assert "institution-wide" in body


def test_it_reports_a_duplicate_assignment(personas, login):
    client = login(personas.admin)
    _post(client, personas, ends_on="")
    body = _post(client, personas, ends_on="").content.decode()
    assert "already holds this role" in body
    assert RoleAssignment.objects.filter(person=personas.employee.person).count() == 1


def test_it_keeps_the_typed_date_when_ending_fails(personas, login):
    assignment = RoleAssignment.objects.get(person=personas.admin.person)
    response = login(personas.admin).post(
        reverse("orgs:role_end", args=[assignment.uid]), {"ends_on": "2020-01-01"}
    )
    body = response.content.decode()
    assert "last administrator" in body and 'value="2020-01-01"' in body
