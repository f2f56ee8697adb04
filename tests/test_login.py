"""Logging in with an e-mail address and a password, and logging out."""

from __future__ import annotations

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from tests.logins import submit_login

pytestmark = pytest.mark.usefixtures("clean_cache")


def test_it_logs_in_with_email_and_password(personas, client):
    response = submit_login(client, personas.employee.email)
    assert response.redirect_chain[-1][0] == reverse("home")
    assert response.wsgi_request.user == personas.employee
    assert AuditEntry.objects.filter(action="accounts.login", actor=personas.employee).exists()


def test_it_accepts_the_email_address_in_any_case(personas, client):
    response = submit_login(client, personas.employee.email.upper())
    assert response.wsgi_request.user == personas.employee


def test_it_refuses_an_inactive_user(personas, client):
    personas.employee.is_active = False
    personas.employee.save()
    response = submit_login(client, personas.employee.email)
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("home")).status_code == 302


def test_it_logs_out_with_a_post(personas, login):
    client = login(personas.employee)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login")
    assert client.get(reverse("home"))["Location"].startswith(reverse("account_login"))


def test_it_asks_before_logging_out_on_a_get(personas, login):
    client = login(personas.employee)
    response = client.get(reverse("account_logout"))
    assert response.status_code == 200
    assert client.get(reverse("home")).status_code == 200


def test_it_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(reverse("home"))
    assert response["Location"] == f"{reverse('account_login')}?next=/"
