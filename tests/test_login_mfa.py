"""Administrators and HR partners with an authenticator app enter its code to log in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.logins import submit_code, submit_login, totp_code, wrong_code

pytestmark = pytest.mark.usefixtures("clean_cache")


def test_it_asks_an_administrator_for_the_code(personas, client):
    response = submit_login(client, personas.admin.email)
    assert response.redirect_chain[-1][0] == reverse("mfa_authenticate")
    assert not response.wsgi_request.user.is_authenticated


def test_it_logs_in_with_the_right_code(personas, client):
    submit_login(client, personas.admin.email)
    response = submit_code(client, totp_code(personas.totp_secrets[personas.admin.email]))
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.wsgi_request.user == personas.admin


def test_it_refuses_a_wrong_code(personas, client):
    submit_login(client, personas.hr.email)
    response = submit_code(client, wrong_code(personas.totp_secrets[personas.hr.email]))
    assert not response.wsgi_request.user.is_authenticated
    assert 'class="error-summary"' in response.content.decode()
    assert response.context["form"].errors["code"]


def test_it_logs_in_with_a_recovery_code(personas, client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    code = RecoveryCodes.activate(personas.admin).get_unused_codes()[0]
    submit_login(client, personas.admin.email)
    response = submit_code(client, code)
    assert response.wsgi_request.user == personas.admin


def test_it_does_not_ask_an_employee_for_a_code(personas, client):
    response = submit_login(client, personas.employee.email)
    assert response.redirect_chain[-1][0] == reverse("home")
