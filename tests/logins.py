"""Helpers for tests that log in through the real login pages (not `force_login`)."""

from __future__ import annotations

import time

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.personas import PASSWORD


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now for `secret`. Waits out the last second of a
    period so the code is still valid when the server checks it."""
    period = mfa_settings.TOTP_PERIOD
    if period - time.time() % period < 1.5:
        time.sleep(1.6)
    return format_hotp_value(hotp_value(secret, int(time.time()) // period))


def wrong_code(secret: str) -> str:
    """A well-formed code that is not the current one."""
    return f"{(int(totp_code(secret)) + 1) % 1_000_000:06d}"


def submit_login(client: Client, email: str, password: str = PASSWORD) -> HttpResponse:
    """Post the login form as a person would, following redirects."""
    return client.post(
        reverse("account_login"), {"login": email, "password": password}, follow=True
    )


def submit_code(client: Client, code: str) -> HttpResponse:
    return client.post(reverse("mfa_authenticate"), {"code": code}, follow=True)
