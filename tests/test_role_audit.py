from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from orgs.models import Role, RoleAssignment
from orgs.role_services import RoleRequest, assign_role, bulk_assign, edit_role, end_role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _assign(personas) -> RoleAssignment:
    request = RoleRequest(
        personas.employee.person, Role.SAFETY_REP, personas.org.performance, False, TODAY
    )
    return assign_role(actor=personas.admin, request=request)


def test_it_records_an_assignment_with_the_actor_and_the_new_data(personas):
    assignment = _assign(personas)
    entry = AuditEntry.objects.get(action="orgs.role.assign")
    assert entry.actor == personas.admin and entry.object_id == str(assignment.uid)
    assert entry.data["after"]["role"] == "safety_rep" and entry.data["after"]["unit"] == "HF-01-01"
    assert entry.data["after"]["person"] == "P-erik"


def test_it_records_an_edit_with_before_and_after(personas):
    assignment = _assign(personas)
    edit_role(
        actor=personas.admin,
        assignment=assignment,
        include_subtree=True,
        starts_on=TODAY,
        ends_on=None,
    )
    entry = AuditEntry.objects.get(action="orgs.role.edit")
    assert entry.data["before"]["include_subtree"] is False
    assert entry.data["after"]["include_subtree"] is True


def test_it_records_the_end_with_before_and_after(personas):
    assignment = _assign(personas)
    end_role(actor=personas.admin, assignment=assignment, ends_on=TODAY + dt.timedelta(days=1))
    entry = AuditEntry.objects.get(action="orgs.role.end")
    assert entry.data["before"]["ends_on"] is None
    assert entry.data["after"]["ends_on"] == (TODAY + dt.timedelta(days=1)).isoformat()


def test_it_records_a_bulk_assignment_once_with_every_row(personas):
    text = (
        "email_or_employee_id,role,unit_code,include_subtree,starts_on,ends_on\n"
        "P-erik,facilitator,HF-02,no,,\n"
    )
    created = bulk_assign(actor=personas.admin, text=text, file_name="roles.csv")
    entry = AuditEntry.objects.get(action="orgs.role.bulk_assign")
    assert entry.actor == personas.admin and "roles.csv" in entry.object_label
    assert entry.data["after"][0]["uid"] == str(created[0].uid)


def test_it_writes_nothing_when_a_change_is_refused(personas):
    assignment = RoleAssignment.objects.get(person=personas.admin.person)
    with pytest.raises(ValidationError):  # the last administrator
        end_role(actor=personas.admin, assignment=assignment, ends_on=TODAY - dt.timedelta(days=1))
    assert not AuditEntry.objects.filter(action__startswith="orgs.role").exists()
