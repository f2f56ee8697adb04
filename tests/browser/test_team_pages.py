"""The other team pages, each scanned with axe-core: errors on creation, adding a member,
scheduling and moving sessions, editing the contract, the pulse trend and the guide."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from teams import clock, services
from teams.models import SessionKind
from teams.pulse import ITEM_KEYS
from tests.teampersonas import build_team, member_client
from tests.teams.helpers import confirm_all, run_start_session

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_shows_creation_errors_in_a_summary(browser_personas, visitor):
    v = visitor(browser_personas.head)
    page = v.goto("/teams/new/")
    page.get_by_label("Members").fill("Mia only")
    page.get_by_role("button", name="Create the team and invite the members").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Line 1: “Mia only” has no valid e-mail address.")
    summary.get_by_role("link", name=re.compile("^Team name")).click()
    expect(page.get_by_label("Team name")).to_be_focused()
    v.check_accessibility()


def test_it_lets_the_facilitator_manage_members_and_sessions(browser_personas, visitor):
    setup = build_team(browser_personas)
    v = visitor(browser_personas.facilitator)
    page = v.goto(f"/teams/{setup.team.uid}/")
    page.get_by_role("link", name="Add a member").click()
    v.check_accessibility()
    page.get_by_label("Name").fill("Siv Sand")
    page.get_by_label("E-mail address").fill("siv@vestfjord.test")
    page.get_by_role("button", name="Add and invite").click()
    expect(page.get_by_role("status")).to_contain_text("Siv Sand was added")
    page.get_by_role("link", name=re.compile("^Move")).click()
    v.check_accessibility()
    page.get_by_label("Place").fill("Room 202")
    page.get_by_role("button", name="Move and tell the members").click()
    expect(page.get_by_role("row", name=re.compile("Start session"))).to_contain_text("Room 202")
    page.get_by_role("link", name="Schedule a follow-up session").click()
    page.get_by_label("Date").fill("2030-05-06")
    page.get_by_label("Start time").fill("13:00")
    v.check_accessibility()
    page.get_by_role("button", name="Schedule and invite").click()
    expect(page.get_by_role("row", name=re.compile("Follow-up session"))).to_be_visible()
    v.check_accessibility()
    v.screenshot("teams-detail-facilitator")
    follow_up = page.get_by_role("row", name=re.compile("Follow-up session"))
    follow_up.get_by_role("link", name=re.compile("^Cancel")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel a session")
    v.check_accessibility()
    page.get_by_role("button", name="Cancel the session").click()
    expect(page.get_by_role("status")).to_contain_text("is cancelled and the members told")
    follow_up = page.get_by_role("row", name=re.compile("Follow-up session"))
    expect(follow_up).to_contain_text("cancelled")
    expect(follow_up.get_by_role("link", name=re.compile("^(Move|Cancel)"))).to_have_count(0)


def test_it_lets_a_member_edit_the_contract_draft(browser_personas, visitor):
    setup = build_team(browser_personas)
    run_start_session(setup, browser_personas.facilitator)
    v = visitor(browser_personas.employee)  # Erik is a member with a login
    v.page.set_viewport_size({"width": 390, "height": 844})
    page = v.goto(f"/teams/{setup.team.uid}/contract/")
    page.get_by_role("link", name="Suggest a change (edit the text)").click()
    v.check_accessibility()
    page.get_by_label("Roles and responsibilities").fill("- Erik keeps the minutes")
    page.get_by_role("button", name="Save the contract").click()
    expect(page.get_by_role("status")).to_contain_text("Everybody confirms it again")
    expect(page.locator(".contract-text")).to_contain_text("Erik keeps the minutes")


def test_it_shows_the_pulse_trend_with_its_numbers(browser_personas, visitor, monkeypatch):
    setup = build_team(browser_personas)
    confirm_all(setup, run_start_session(setup, browser_personas.facilitator))
    follow_up = setup.team.sessions.get(kind=SessionKind.FOLLOW_UP)
    later = clock.now() + dt.timedelta(weeks=6)
    monkeypatch.setattr(clock, "now", lambda: later)
    for index, member in enumerate(setup.members[:5]):
        answers = dict.fromkeys(ITEM_KEYS, 3 + index % 2)
        services.answer_pulse(session=follow_up, member=member, answers=answers)
    services.start_session(session=follow_up, actor=browser_personas.facilitator)
    services.close_session(session=follow_up, actor=browser_personas.facilitator)
    v = visitor(browser_personas.facilitator)
    page = v.goto(f"/teams/{setup.team.uid}/dynamics/")
    expect(
        page.get_by_role("img", name=re.compile("Trend of the five team dynamics"))
    ).to_be_visible()
    table = page.get_by_role("table", name="Team pulse per follow-up session")
    expect(table.get_by_role("row").nth(1)).to_contain_text("3.4")
    v.screenshot("teams-pulse-trend")


def test_it_shows_the_facilitator_guide(browser_personas, visitor):
    v = visitor(browser_personas.facilitator)
    page = v.goto("/teams/guide/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Start Smart: a guide for facilitators"
    )
    expect(page.get_by_role("link", name="Download the guide as PDF")).to_be_visible()
    nb = visitor(browser_personas.facilitator, language="nb")
    page = nb.goto("/teams/guide/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Start Smart: veileder for fasilitatorer"
    )


def test_it_lets_a_member_answer_the_pulse_on_a_phone(browser_personas, visitor, monkeypatch):
    setup = build_team(browser_personas)
    confirm_all(setup, run_start_session(setup, browser_personas.facilitator))
    later = clock.now() + dt.timedelta(weeks=5)
    monkeypatch.setattr(clock, "now", lambda: later)
    client = member_client(setup.member("mia"))
    assert client.get(f"/teams/{setup.team.uid}/pulse/").status_code == 200
    v = visitor()
    v.page.set_viewport_size({"width": 390, "height": 844})
    raw = services.issue_link(member=setup.member("rita"))
    page = v.goto(f"/teams/link/{raw}/")
    page.get_by_role("link", name=re.compile("Answer the team pulse")).click()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("alert")).to_contain_text("There are problems with 10 fields")
    v.check_accessibility()
    v.screenshot("teams-pulse-errors-phone")
