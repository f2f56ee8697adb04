"""A failed login: a clear error, an audit entry without the password, and a rate limit."""

from __future__ import annotations

import pytest
from django.test import Client

from audit.models import AuditEntry
from tests.logins import submit_login

pytestmark = pytest.mark.usefixtures("clean_cache")

WRONG = "not-the-password-42"


def test_it_shows_a_clear_error_for_a_wrong_password(personas, client):
    response = submit_login(client, personas.employee.email, WRONG)
    body = response.content.decode()
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated
    assert 'class="error-summary"' in body
    assert response.context["form"].non_field_errors()


def test_it_records_the_failure_without_the_password(personas, client):
    submit_login(client, personas.employee.email, WRONG)
    entry = AuditEntry.objects.get(action="accounts.login_failed")
    assert entry.object_label == personas.employee.email
    assert WRONG not in str(entry.data) and WRONG not in entry.object_label


def test_it_refuses_the_form_after_five_failures_for_one_address(personas, client):
    for _ in range(5):
        submit_login(client, personas.employee.email, WRONG)
    response = submit_login(client, personas.employee.email)  # even the right password
    assert not response.wsgi_request.user.is_authenticated
    errors = " ".join(response.context["form"].non_field_errors())
    assert "error-summary" in response.content.decode()
    assert errors and errors != _wrong_password_error(personas)


def test_it_limits_one_address_without_locking_out_others(personas, client):
    for _ in range(5):
        submit_login(client, personas.employee.email, WRONG)
    response = submit_login(Client(REMOTE_ADDR="10.0.0.2"), personas.head.email)
    assert response.wsgi_request.user == personas.head


def _wrong_password_error(personas) -> str:
    response = submit_login(Client(REMOTE_ADDR="10.0.0.3"), personas.outsider.email, WRONG)
    return " ".join(response.context["form"].non_field_errors())
