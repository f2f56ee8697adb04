from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry, record
from orgs.models import Role
from orgs.role_services import RoleRequest, assign_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def entries(personas) -> None:
    record("accounts.login_failed", label="mallory@evil.test", data={"email": "mallory@evil.test"})
    record("orgs.import", actor=personas.admin, label="people.csv", data={"created": 3})
    request = RoleRequest(
        personas.employee.person,
        Role.SAFETY_REP,
        personas.org.performance,
        False,
        timezone.localdate(),
    )
    assign_role(actor=personas.admin, request=request)


def test_it_shows_the_administrator_every_kind_of_entry(personas, login, entries):
    body = login(personas.admin).get(reverse("audit:log")).content.decode()
    assert "Failed login" in body and "Attempted with mallory@evil.test" in body
    assert "Organisation import" in body and "orgs.import" in body
    assert "Role assigned" in body and "safety_rep" in body


def test_it_filters_by_action_prefix(personas, login, entries):
    page = login(personas.admin).get(reverse("audit:log"), {"action": "orgs.role"}).context["page"]
    assert [e.action for e in page] == ["orgs.role.assign"]


def test_it_filters_failed_logins(personas, login, entries):
    page = (
        login(personas.admin)
        .get(reverse("audit:log"), {"action": "accounts.login_failed"})
        .context["page"]
    )
    assert [e.object_label for e in page] == ["mallory@evil.test"]


def test_it_filters_by_actor(personas, login, entries):
    page = login(personas.admin).get(reverse("audit:log"), {"actor": "ada@"}).context["page"]
    assert {e.action for e in page} == {"accounts.login", "orgs.import", "orgs.role.assign"}


def test_it_shows_role_changes_as_before_and_after(personas, login, entries):
    body = login(personas.admin).get(reverse("audit:log"), {"action": "orgs.role"}).content.decode()
    assert "Before" in body and "After" in body and "HF-01-01" in body


def test_it_records_failed_logins_made_through_the_login_form(client, personas):
    client.post(reverse("account_login"), {"login": "ada@vestfjord.test", "password": "wrong"})
    assert AuditEntry.objects.filter(
        action="accounts.login_failed", object_label="ada@vestfjord.test"
    ).exists()


@pytest.mark.parametrize("persona", ["outsider", "head", "hr", "employee"])
def test_it_denies_everybody_but_the_administrator(personas, login, persona):
    assert login(getattr(personas, persona)).get(reverse("audit:log")).status_code == 403


def test_it_sends_anonymous_visitors_to_the_login_page(client, personas):
    response = client.get(reverse("audit:log"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
