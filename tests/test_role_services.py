from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from orgs import policy
from orgs.models import Role, RoleAssignment, RoleSource
from orgs.role_services import RoleRequest, assign_role, edit_role, end_role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _request(personas, **changes) -> RoleRequest:
    values = {
        "person": personas.employee.person,
        "role": Role.SAFETY_REP,
        "unit": personas.org.performance,
        "include_subtree": False,
        "starts_on": TODAY,
        "ends_on": None,
    }
    return RoleRequest(**(values | changes))


def test_it_assigns_a_role_made_by_hand(personas):
    assignment = assign_role(actor=personas.admin, request=_request(personas))
    assert assignment.source == RoleSource.MANUAL
    assert assignment.created_by == personas.admin
    assert assignment.is_active()


def test_it_refuses_an_end_before_the_start(personas):
    with pytest.raises(ValidationError) as error:
        assign_role(
            actor=personas.admin, request=_request(personas, ends_on=TODAY - dt.timedelta(days=1))
        )
    assert "ends_on" in error.value.message_dict


def test_it_refuses_a_removed_unit(personas):
    unit = personas.org.culture
    unit.valid_to = TODAY
    unit.save()
    with pytest.raises(ValidationError) as error:
        assign_role(actor=personas.admin, request=_request(personas, unit=unit))
    assert "unit" in error.value.message_dict


def test_it_refuses_a_person_who_has_left(personas):
    person = personas.employee.person
    person.left_on = TODAY
    person.save()
    with pytest.raises(ValidationError) as error:
        assign_role(actor=personas.admin, request=_request(personas))
    assert "person" in error.value.message_dict


def test_it_refuses_a_duplicate_of_an_active_assignment(personas):
    assign_role(actor=personas.admin, request=_request(personas))
    with pytest.raises(ValidationError):
        assign_role(
            actor=personas.admin, request=_request(personas, starts_on=TODAY + dt.timedelta(days=3))
        )
    assert RoleAssignment.objects.filter(person=personas.employee.person).count() == 1


def test_it_allows_a_new_period_after_an_ended_one(personas):
    first = assign_role(
        actor=personas.admin, request=_request(personas, ends_on=TODAY + dt.timedelta(days=5))
    )
    second = assign_role(
        actor=personas.admin, request=_request(personas, starts_on=TODAY + dt.timedelta(days=6))
    )
    assert first.pk != second.pk


@pytest.mark.parametrize(("unit", "subtree"), [("hf", True), ("root", False)])
def test_it_assigns_the_administrator_role_only_on_a_root_with_sub_units(personas, unit, subtree):
    request = _request(
        personas, role=Role.ADMINISTRATOR, unit=getattr(personas.org, unit), include_subtree=subtree
    )
    with pytest.raises(ValidationError) as error:
        assign_role(actor=personas.admin, request=request)
    assert "institution-wide" in error.value.message_dict["unit"][0]


def test_it_assigns_the_administrator_role_on_the_root_with_sub_units(personas):
    request = _request(
        personas, role=Role.ADMINISTRATOR, unit=personas.org.root, include_subtree=True
    )
    assign_role(actor=personas.admin, request=request)
    assert policy.can(personas.employee, "orgs.manage_roles")


def test_it_edits_scope_and_dates(personas):
    assignment = assign_role(
        actor=personas.admin, request=_request(personas, unit=personas.org.music)
    )
    edit_role(
        actor=personas.admin,
        assignment=assignment,
        include_subtree=True,
        starts_on=TODAY,
        ends_on=TODAY + dt.timedelta(days=30),
    )
    assignment.refresh_from_db()
    assert assignment.include_subtree and assignment.ends_on == TODAY + dt.timedelta(days=30)


def test_it_changes_only_the_end_date_of_an_imported_assignment(personas):
    assignment = RoleAssignment.objects.create(
        person=personas.employee.person,
        role=Role.LEADER,
        unit=personas.org.performance,
        source=RoleSource.IMPORT,
    )
    with pytest.raises(ValidationError):
        edit_role(
            actor=personas.admin,
            assignment=assignment,
            include_subtree=True,
            starts_on=None,
            ends_on=None,
        )
    edit_role(
        actor=personas.admin,
        assignment=assignment,
        include_subtree=False,
        starts_on=None,
        ends_on=TODAY,
    )
    assignment.refresh_from_db()
    assert assignment.ends_on == TODAY


def test_it_ends_an_assignment(personas):
    assignment = RoleAssignment.objects.get(person=personas.head.person)
    end_role(actor=personas.admin, assignment=assignment, ends_on=TODAY - dt.timedelta(days=1))
    assert not RoleAssignment.objects.active().filter(pk=assignment.pk).exists()


def test_it_refuses_to_end_the_last_administrator(personas):
    assignment = RoleAssignment.objects.get(person=personas.admin.person)
    with pytest.raises(ValidationError):
        end_role(actor=personas.admin, assignment=assignment, ends_on=TODAY - dt.timedelta(days=1))


def test_it_forgets_the_cached_grants_when_the_actor_changes_their_own_roles(personas):
    admin = personas.admin
    assert Role.HR_PARTNER not in policy.roles_of(admin)
    assign_role(
        actor=admin,
        request=_request(personas, person=admin.person, role=Role.HR_PARTNER, unit=personas.org.mn),
    )
    assert Role.HR_PARTNER in policy.roles_of(admin)
