"""The facilitator's administration pages, each scanned with axe-core: the follow-up rhythm,
removing a member, resending a link and handing the team over."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.teampersonas import build_team
from tests.teams.helpers import confirm_all, run_start_session

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_sets_the_follow_up_rhythm(browser_personas, visitor):
    setup = build_team(browser_personas)
    confirm_all(setup, run_start_session(setup, browser_personas.facilitator))
    v = visitor(browser_personas.facilitator)
    page = v.goto(f"/teams/{setup.team.uid}/")
    page.get_by_role("link", name="Follow-up rhythm").click()
    v.check_accessibility()
    page.get_by_label("Every 8 weeks").check()
    page.get_by_role("button", name="Save the rhythm").click()
    expect(page.get_by_role("status")).to_contain_text("The next follow-up is on")
    expect(page.locator(".facts")).to_contain_text("every 8 weeks")
    v.check_accessibility()


def test_it_administers_members_and_the_facilitator(browser_personas, visitor):
    setup = build_team(browser_personas)
    v = visitor(browser_personas.facilitator)
    page = v.goto(f"/teams/{setup.team.uid}/")
    page.get_by_role("link", name=re.compile("Send a new link.*Mia Moe")).click()
    v.check_accessibility()
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("status")).to_contain_text("A new personal link was sent to Mia Moe")
    page.get_by_role("link", name=re.compile("Remove.*Rita Ruud")).click()
    v.check_accessibility()
    page.get_by_role("button", name="Remove from the team").click()
    expect(page.get_by_role("status")).to_contain_text("Rita Ruud was removed from the team")
    page.get_by_role("link", name="Change the facilitator").click()
    v.check_accessibility()
    page.get_by_label("The new facilitator's e-mail address").fill(browser_personas.head.email)
    page.get_by_role("button", name="Continue").click()
    v.check_accessibility()
    page.get_by_role("button", name="Hand the team over").click()
    expect(page.get_by_role("status")).to_contain_text("now facilitates the team")
    v.screenshot("teams-administration")
