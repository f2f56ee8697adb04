"""Every allauth page people meet uses the site layout, with no sign-up link."""

from __future__ import annotations

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.urls import reverse

from tests.logins import submit_login

pytestmark = pytest.mark.usefixtures("clean_cache")

ANONYMOUS = ["account_login", "account_reset_password", "account_reset_password_done",
             "account_reset_password_from_key_done"]  # fmt: skip
LOGGED_IN = ["account_logout", "account_change_password", "mfa_index", "mfa_view_recovery_codes",
             "mfa_generate_recovery_codes"]  # fmt: skip


def _assert_site_layout(body: str) -> None:
    assert 'class="skip-link"' in body and '<main id="main"' in body
    assert "signup" not in body


@pytest.mark.parametrize("name", ANONYMOUS)
def test_it_renders_entrance_pages_in_the_site_layout(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    _assert_site_layout(response.content.decode())


@pytest.mark.parametrize("name", LOGGED_IN)
def test_it_renders_account_pages_in_the_site_layout(personas, client, name):
    RecoveryCodes.activate(personas.head)
    submit_login(client, personas.head.email)
    client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery-staple"})
    response = client.get(reverse(name), follow=True)
    assert response.status_code == 200
    _assert_site_layout(response.content.decode())


def test_it_offers_recovery_codes_for_download(personas, client):
    RecoveryCodes.activate(personas.admin)  # the administrator has an authenticator app
    client.force_login(personas.admin)
    client.post(reverse("account_reauthenticate"), {"password": "correct-horse-battery-staple"})
    response = client.get(reverse("mfa_download_recovery_codes"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    _assert_site_layout(client.get(reverse("mfa_deactivate_totp")).content.decode())
