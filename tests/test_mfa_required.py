"""Administrators and HR partners must set up two-factor authentication before anything else."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from django.http import HttpResponse
from django.urls import reverse

from tests.logins import submit_login, totp_code
from tests.personas import PASSWORD

pytestmark = pytest.mark.usefixtures("clean_cache")

SETUP = f"{reverse('mfa_activate_totp')}?required=1"


@pytest.fixture
def hr_without_totp(personas):
    Authenticator.objects.filter(user=personas.hr).delete()
    return personas.hr


@pytest.mark.parametrize("path", ["/", "/org/", "/audit/", "/accounts/profile/"])
def test_it_sends_an_hr_partner_without_totp_to_the_setup_page(hr_without_totp, login, path):
    response = login(hr_without_totp).get(path)
    if path.startswith("/accounts/"):
        assert response.status_code == 200  # account pages stay reachable
    else:
        assert response["Location"] == SETUP


def _log_in_and_confirm_password(client, user) -> HttpResponse:
    """allauth asks for the password again before an authenticator is added."""
    response = submit_login(client, user.email)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    return client.post(response.redirect_chain[-1][0], {"password": PASSWORD}, follow=True)


def test_it_explains_why_on_the_setup_page(hr_without_totp, client):
    response = _log_in_and_confirm_password(client, hr_without_totp)
    assert response.redirect_chain[-1][0] == SETUP
    assert "requires two-factor authentication" in response.content.decode()


def test_it_lets_the_user_through_after_activating(hr_without_totp, client):
    _log_in_and_confirm_password(client, hr_without_totp)
    secret = client.session["mfa.totp.secret"]
    response = client.post(SETUP, {"code": totp_code(secret)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=hr_without_totp, type="totp").exists()
    assert client.get(reverse("home")).status_code == 200


def test_it_refuses_a_wrong_activation_code(hr_without_totp, client):
    _log_in_and_confirm_password(client, hr_without_totp)
    response = client.post(SETUP, {"code": "000000"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Authenticator.objects.filter(user=hr_without_totp).exists()


@pytest.mark.parametrize("name", ["head", "section_leader", "employee", "outsider"])
def test_it_does_not_force_leaders_and_employees(personas, login, name):
    assert login(getattr(personas, name)).get(reverse("home")).status_code == 200
