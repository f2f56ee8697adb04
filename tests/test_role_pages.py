from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from orgs.models import Role, RoleAssignment, RoleSource

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_it_lists_current_assignments_with_their_columns(personas, login):
    body = login(personas.admin).get(reverse("orgs:roles")).content.decode()
    assert "Leif Leder" in body and "HF-01" in body and "Ada Admin" in body
    assert "with sub-units" in body and "this unit only" in body


def test_it_filters_by_role(personas, login):
    response = login(personas.admin).get(reverse("orgs:roles"), {"role": Role.LEADER})
    people = {a.person.full_name for a in response.context["page"]}
    assert people == {"Leif Leder", "Sofie Seksjonsleder"}


def test_it_filters_by_unit_code_with_or_without_its_subtree(personas, login):
    client = login(personas.admin)
    only = client.get(reverse("orgs:roles"), {"unit": "HF-01"}).context["page"]
    assert {a.unit.code for a in only} == {"HF-01"}
    subtree = client.get(reverse("orgs:roles"), {"unit": "HF-01", "subtree": "on"}).context["page"]
    assert {a.unit.code for a in subtree} == {"HF-01", "HF-01-01"}


def test_it_filters_by_unit_name(personas, login):
    page = login(personas.admin).get(reverse("orgs:roles"), {"unit": "musikk"}).context["page"]
    assert {a.unit.code for a in page} == {"HF-01"}


def test_it_searches_people_by_name_email_or_employee_id(personas, login):
    client = login(personas.admin)
    for text in ("sofie", "sofie@vestfjord.test", "P-sofie"):
        page = client.get(reverse("orgs:roles"), {"person": text}).context["page"]
        assert [a.person.full_name for a in page] == ["Sofie Seksjonsleder"]


def test_it_hides_ended_assignments_unless_asked(personas, login):
    RoleAssignment.objects.filter(person=personas.head.person).update(
        starts_on=TODAY - dt.timedelta(days=30), ends_on=TODAY - dt.timedelta(days=1)
    )
    client = login(personas.admin)
    assert "Leif Leder" not in client.get(reverse("orgs:roles")).content.decode()
    body = client.get(reverse("orgs:roles"), {"ended": "on"}).content.decode()
    assert "Leif Leder" in body and "ended" in body


def test_it_paginates(personas, login):
    for i in range(60):
        RoleAssignment.objects.create(
            person=personas.employee.person,
            role=Role.FACILITATOR,
            unit=personas.org.mn,
            starts_on=TODAY + dt.timedelta(days=i * 2),
            ends_on=TODAY + dt.timedelta(days=i * 2),
        )
    client = login(personas.admin)
    first = client.get(reverse("orgs:roles"), {"role": Role.FACILITATOR})
    assert first.context["page"].paginator.num_pages == 2
    assert "page=2" in first.content.decode() and "role=facilitator" in first.content.decode()


def test_it_marks_imported_assignments(personas, login):
    RoleAssignment.objects.filter(person=personas.head.person).update(source=RoleSource.IMPORT)
    body = login(personas.admin).get(reverse("orgs:roles")).content.decode()
    assert "from the import" in body


def test_it_searches_a_person_and_offers_them_as_a_choice(personas, login):
    body = (
        login(personas.admin)
        .get(reverse("orgs:role_assign"), {"q": "erik", "unit": "HF-01"})
        .content.decode()
    )
    assert f'value="{personas.employee.person.uid}"' in body
    assert 'value="HF-01"' in body


def test_it_returns_search_results_as_a_fragment_for_htmx(personas, login):
    response = login(personas.admin).get(
        reverse("orgs:role_assign"), {"q": "P-erik"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body and "Erik Employee" in body and 'type="radio"' in body


def test_it_assigns_a_role_and_shows_it_in_the_list(personas, login):
    client = login(personas.admin)
    response = client.post(
        reverse("orgs:role_assign"),
        {
            "person": str(personas.employee.person.uid),
            "role": Role.SAFETY_REP,
            "unit": "HF-01-01",
            "starts_on": TODAY.isoformat(),
            "ends_on": "",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("orgs:roles") + "?unit=HF-01-01"
    assert "Erik Employee" in response.content.decode()
    assert RoleAssignment.objects.filter(
        person=personas.employee.person, role=Role.SAFETY_REP
    ).exists()


def test_it_edits_the_scope_and_dates(personas, login):
    assignment = RoleAssignment.objects.get(person=personas.safety_rep.person)
    login(personas.admin).post(
        reverse("orgs:role_edit", args=[assignment.uid]),
        {
            "starts_on": "2025-01-01",
            "ends_on": "2030-12-31",
        },
    )
    assignment.refresh_from_db()
    assert not assignment.include_subtree
    assert assignment.ends_on == dt.date(2030, 12, 31)


def test_it_offers_only_the_end_date_of_an_imported_assignment(personas, login):
    assignment = RoleAssignment.objects.get(person=personas.head.person)
    assignment.source = RoleSource.IMPORT
    assignment.save()
    client = login(personas.admin)
    body = client.get(reverse("orgs:role_edit", args=[assignment.uid])).content.decode()
    assert "the next import may set it again" in body
    client.post(reverse("orgs:role_edit", args=[assignment.uid]), {"ends_on": "2030-01-31"})
    assignment.refresh_from_db()
    assert assignment.include_subtree and assignment.ends_on == dt.date(2030, 1, 31)


def test_it_asks_before_ending_and_defaults_to_today(personas, login):
    assignment = RoleAssignment.objects.get(person=personas.head.person)
    client = login(personas.admin)
    response = client.get(reverse("orgs:role_end", args=[assignment.uid]))
    assert "Leif Leder" in response.content.decode()
    assert f'value="{TODAY.isoformat()}"' in response.content.decode()
    client.post(reverse("orgs:role_end", args=[assignment.uid]), {"ends_on": TODAY.isoformat()})
    assignment.refresh_from_db()
    assert assignment.ends_on == TODAY


def test_it_returns_404_for_an_unknown_assignment(personas, login):
    import uuid

    response = login(personas.admin).get(reverse("orgs:role_edit", args=[uuid.uuid4()]))
    assert response.status_code == 404
