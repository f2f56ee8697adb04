from __future__ import annotations

import re

from playwright.sync_api import expect


def test_a_leader_expands_the_tree_and_opens_a_unit(browser_personas, visitor):
    v = visitor(browser_personas.head, language="nb")
    page = v.goto("/org/")
    toggle = page.get_by_role("button", name=re.compile("Institutt for musikk"))
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("link", name="Seksjon for utøving")).to_be_visible()
    v.check_accessibility()
    toggle.click()
    expect(page.get_by_role("link", name="Seksjon for utøving")).to_be_hidden()
    page.get_by_role("link", name="Institutt for musikk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Institutt for musikk")
    v.check_accessibility()
    v.screenshot("unit-page")


def test_a_user_switches_the_interface_to_english_and_back(browser_personas, visitor):
    v = visitor(browser_personas.head, language="nb")
    page = v.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("link", name="Department of Music").first).to_be_visible()
    v.check_accessibility()
    page.get_by_role("button", name=re.compile("bokmål", re.I)).click()
    expect(page.locator("html")).to_have_attribute("lang", "nb")


def test_the_outsider_sees_an_accessible_access_denied_page(browser_personas, visitor):
    v = visitor(browser_personas.outsider)
    response = v.page.goto(v.base_url + f"/org/units/{browser_personas.org.music.uid}/")
    assert response is not None and response.status == 403
    v.check_accessibility()
