from __future__ import annotations

import re

from playwright.sync_api import expect

from audit.models import record


def test_the_administrator_filters_the_audit_log_to_failed_logins(browser_personas, visitor):
    record(
        "accounts.login_failed", label="mallory@example.org", data={"email": "mallory@example.org"}
    )
    record("orgs.import", actor=browser_personas.admin, label="units.csv")
    v = visitor(browser_personas.admin)
    page = v.goto("/audit/")
    expect(page.get_by_role("cell", name=re.compile("units.csv"))).to_be_visible()
    page.get_by_role("link", name="Failed logins").click()
    expect(page.get_by_text("mallory@example.org").first).to_be_visible()
    expect(page.get_by_role("cell", name=re.compile("units.csv"))).to_have_count(0)
    v.check_accessibility()
    v.screenshot("audit-failed-logins")


def test_a_user_opens_their_account_page_from_the_header(browser_personas, visitor):
    v = visitor(browser_personas.head)
    page = v.goto("/")
    page.get_by_role("link", name="Leif Leder").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_text("leif@vestfjord.test")).to_be_visible()
    v.check_accessibility()
    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    v.check_accessibility()
