from __future__ import annotations

import re

from playwright.sync_api import expect

from audit.models import record
from tests.logins import PASSWORD


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


def test_a_person_chooses_bokmal_and_the_pages_open_in_it_at_the_next_login(
    browser_personas, visitor, live_server
):
    v = visitor(browser_personas.employee)  # English pages
    page = v.goto("/")
    page.get_by_role("link", name="Erik Employee").click()
    expect(page.get_by_text("You have not chosen a language yet")).to_be_visible()
    v.check_accessibility()
    page.get_by_role("radio", name="Norsk (bokmål)").check()
    page.get_by_role("button", name="Save the language").click()
    expect(page.get_by_role("status")).to_contain_text("Lagret: e-post og sider kommer nå på")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kontoen din")
    expect(page.get_by_role("radio", name="Norsk (bokmål)")).to_be_checked()
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    v.check_accessibility()
    v.screenshot("account-language", of=page.locator("main"))
    # The header's switch changes only the pages; the choice stays.
    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    expect(page.get_by_role("radio", name="Norsk (bokmål)")).to_be_checked()
    # Another browser, in English, with no language cookie: the next login opens in bokmål.
    other = visitor()
    other.page.context.clear_cookies()
    login = other.goto("/accounts/login/")
    expect(login.locator("html")).to_have_attribute("lang", "en")
    login.locator("#id_login").fill(browser_personas.employee.email)
    login.locator("#id_password").fill(PASSWORD)
    login.locator("main form button[type=submit]").first.click()
    expect(login).to_have_url(live_server.url + "/")
    expect(login.locator("html")).to_have_attribute("lang", "nb")
    other.check_accessibility()
