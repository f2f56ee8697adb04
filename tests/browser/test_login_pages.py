"""The login pages in a real browser: logging in, the second factor, errors and password reset,
with an axe-core scan of every page on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from tests.logins import totp_code
from tests.personas import PASSWORD

pytestmark = pytest.mark.usefixtures("clean_cache")


def _submit_login(page: Page, email: str, password: str = PASSWORD) -> None:
    page.locator("#id_login").fill(email)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").first.click()


def test_an_employee_logs_in_through_the_form(browser_personas, visitor, live_server: Any):
    v = visitor()
    page = v.goto("/accounts/login/")
    expect(page.locator("#id_login")).to_have_attribute("autocomplete", "email")
    expect(page.locator("#id_password")).to_have_attribute("autocomplete", "current-password")
    expect(page.locator("a[href*='signup']")).to_have_count(0)
    v.screenshot("login-page")
    _submit_login(page, browser_personas.employee.email)
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Erik")
    v.check_accessibility()


def test_an_administrator_logs_in_with_a_totp_code(browser_personas, visitor, live_server: Any):
    v = visitor()
    page = v.goto("/accounts/login/")
    _submit_login(page, browser_personas.admin.email)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    expect(page.locator("#id_code")).to_have_attribute("autocomplete", "one-time-code")
    v.check_accessibility()
    v.screenshot("totp-page")
    page.locator("#id_code").fill(
        totp_code(browser_personas.totp_secrets[browser_personas.admin.email])
    )
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(live_server.url + "/")
    v.check_accessibility()


def test_a_wrong_password_shows_the_error_summary(browser_personas, visitor):
    v = visitor()
    page = v.goto("/accounts/login/")
    _submit_login(page, browser_personas.employee.email, "wrong-password-1")
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    v.check_accessibility()
    v.screenshot("login-error")


def test_a_leader_requests_a_password_reset(browser_personas, visitor):
    v = visitor()
    page = v.goto("/accounts/login/")
    page.locator("main a[href='/accounts/password/reset/']").click()
    expect(page.locator("#id_email")).to_be_visible()
    v.check_accessibility()
    page.locator("#id_email").fill(browser_personas.head.email)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/password/reset/done/"))
    v.check_accessibility()


def test_an_hr_partner_without_totp_is_asked_to_set_it_up(browser_personas, visitor):
    Authenticator.objects.filter(user=browser_personas.hr).delete()
    v = visitor()
    page = v.goto("/accounts/login/")
    _submit_login(page, browser_personas.hr.email)
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
    v.check_accessibility()
    page.locator("#id_password").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/2fa/totp/activate/\?required=1"))
    expect(page.locator("img.qr-code")).to_have_attribute("alt", re.compile(".{20,}"))
    expect(page.locator("code.secret")).to_have_text(re.compile(r"^[A-Z2-7]{16,}$"))
    v.check_accessibility()
    v.screenshot("totp-activate")
