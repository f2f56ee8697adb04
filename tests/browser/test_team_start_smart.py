"""Done means (issue 7): a facilitator creates a team of six, members prepare on phone-sized
pages, the workshop runs on the shared screen and the phones at once, all six confirm the
contract, and a follow-up six weeks later (simulated clock) shows the pulse and makes
version 2. Every page is scanned with axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from teams import clock
from tests.teampersonas import MEMBERS

PHONE = {"width": 390, "height": 844}


def _phone(visitor):
    v = visitor()
    v.page.set_viewport_size(PHONE)
    return v


def _links(smtp_inbox) -> dict[str, str]:
    links = {}
    for message in smtp_inbox.messages:
        match = re.search(r"https?://[^/\s]+(/teams/link/[\w-]+/)", smtp_inbox.text(message))
        assert match
        links[str(message["To"])] = match.group(1)
    return links


def _create_team(v) -> None:
    page = v.goto("/teams/")
    page.get_by_role("link", name="Start a new team").click()
    v.check_accessibility()
    page.get_by_label("Team name").fill("Digital exams project")
    page.get_by_label("Purpose").fill("Move written exams to digital exams.")
    page.get_by_label("Unit code (optional)").fill("HF-01")
    page.get_by_label("Members").fill("\n".join(f"{n} <{e}>" for n, e in MEMBERS))
    page.get_by_label("Date").fill((dt.date.today() + dt.timedelta(days=7)).isoformat())
    page.get_by_label("Start time").fill("09:00")
    page.get_by_label("Place").fill("Room 101")
    page.get_by_role("button", name="Create the team and invite the members").click()
    expect(page.get_by_role("status")).to_contain_text("6 members were invited")
    v.check_accessibility()


def _prepare(v, link: str, name: str, first: bool) -> None:
    page = v.goto(link)
    expect(page.get_by_role("heading", name=f"For you, {name}")).to_be_visible()
    page.get_by_role("link", name="Prepare for the session").click()
    if first:
        v.check_accessibility()
    page.get_by_label("My strengths and competences").fill(f"{name}: exam law and planning")
    page.get_by_label("How I prefer to work").fill("Written, planned ahead")
    page.get_by_role("button", name="Save my preparation").click()
    expect(page.get_by_role("status")).to_contain_text("Your preparation is saved")
    if first:
        v.check_accessibility()
        v.screenshot("teams-member-prepared-phone")


def _who_are_we(f, mia) -> None:
    """ "Who are we?": the facilitator steps through the members; the phones follow."""
    screen = f.page
    expect(screen.locator(".spotlight")).to_contain_text("Member 1 of 6")
    expect(mia.page.locator(".spotlight")).to_contain_text("Erik Employee")
    screen.get_by_role("button", name="Next member").click()
    expect(screen.locator(".spotlight")).to_contain_text("Member 2 of 6")
    expect(screen.locator(".spotlight")).to_contain_text("Mia Moe: exam law and planning")
    expect(mia.page.locator(".spotlight")).to_contain_text("Mia Moe: exam law and planning")
    mia.page.get_by_label("Strengths that complement each other").fill("Knows the exam rules")
    mia.page.get_by_role("button", name=re.compile("Add note.*Strengths")).click()
    expect(screen.locator(".spotlight")).to_contain_text("Knows the exam rules")
    screen.get_by_text("Write down what the team says").click()
    screen.get_by_label("Topic").select_option(label="Gaps")
    screen.get_by_label("About").select_option(label="The team as a whole")
    screen.get_by_label("Note", exact=True).fill("Nobody knows the exam software")
    screen.get_by_role("button", name="Add note", exact=True).click()
    expect(screen.locator("#live")).to_contain_text("Nobody knows the exam software")
    f.check_accessibility()
    mia.check_accessibility()
    f.screenshot("teams-who-are-we-screen")


def _run_start_session(f, phones, team_url) -> list:
    """Run the start session on the shared screen; the phones that opened the session page
    (the first three) are returned, showing that the session is over."""
    screen = f.page
    screen.goto(f.base_url + team_url)
    screen.get_by_role("link", name="Open the shared screen").first.click()
    f.check_accessibility()
    session_url = screen.url.replace("screen/", "")
    for v in phones[:2]:
        v.goto(session_url.removeprefix(v.base_url))
        expect(v.page.get_by_role("heading", level=1)).to_have_text(
            "The session has not started yet"
        )
    screen.get_by_role("button", name="Start the session").click()
    mia, nils = phones[1], phones[2]
    expect(mia.page.get_by_role("heading", level=1)).to_have_text("Welcome and expectations")
    screen.get_by_role("button", name="Next step").click()
    expect(mia.page.get_by_role("heading", level=1)).to_have_text("What do we want to achieve?")
    mia.check_accessibility()
    mia.page.get_by_label("Purpose and ambition").fill("Fair and calm exams for every student")
    mia.page.get_by_role("button", name=re.compile("Add note.*Purpose and ambition")).click()
    expect(mia.page.get_by_role("status")).to_contain_text("Your note was added")
    expect(screen.locator("#live")).to_contain_text("Fair and calm exams for every student")
    f.check_accessibility()
    f.screenshot("teams-shared-screen")
    mia.screenshot("teams-phone-note")
    screen.get_by_role("button", name="Next step").click()
    _who_are_we(f, mia)
    screen.get_by_role("button", name="Next step").click()
    nils.goto(session_url.removeprefix(nils.base_url))
    nils.page.get_by_label("Ground rules").fill("We answer each other within one working day")
    nils.page.get_by_role("button", name=re.compile("Add note.*Ground rules")).click()
    expect(screen.locator("#live")).to_contain_text("within one working day")
    screen.get_by_role("button", name="Next step").click()
    expect(screen.get_by_label("Ground rules")).to_have_value(re.compile("within one working day"))
    f.check_accessibility()
    screen.get_by_role("button", name="Save the merged text").click()
    screen.get_by_role("button", name="Next step").click()
    screen.get_by_role("button", name="Create the contract draft").click()
    expect(screen.get_by_role("status")).to_contain_text("Version 1 of the contract is ready")
    f.check_accessibility()
    # The phones still on the session page reload by themselves when it closes; they must
    # have done so before they are sent elsewhere, or the reload interrupts that navigation.
    for v in phones[:3]:
        expect(v.page.get_by_role("heading", level=1)).to_have_text("The session is over")
    return phones[:3]


@pytest.mark.django_db(transaction=True)
def test_it_runs_start_smart_from_creation_to_version_two(
    browser_personas, visitor, smtp_inbox, monkeypatch
):
    f = visitor(browser_personas.facilitator)
    _create_team(f)
    team_url = f.page.url.removeprefix(f.base_url)
    links = _links(smtp_inbox)
    phones = []
    for index, (name, email) in enumerate(MEMBERS):
        v = _phone(visitor)
        _prepare(v, links[email], name, first=index == 0)
        phones.append(v)

    followed = _run_start_session(f, phones, team_url)

    for index, v in enumerate(phones):
        if v in followed:
            page = v.page
            page.get_by_role("link", name="Read and confirm the contract").click()
            v.check_accessibility()
        else:
            page = v.goto(team_url + "contract/")
        expect(page.get_by_role("heading", name="We promise each other:")).to_have_count(0)
        expect(page.locator(".contract-text")).to_contain_text("within one working day")
        page.get_by_role("button", name="I confirm this contract").click()
        expect(page.get_by_role("status")).to_contain_text("Your confirmation is recorded")
        if index == 0:
            v.check_accessibility()
    expect(phones[-1].page.locator(".contract-status")).to_contain_text("confirmed by every member")
    phones[-1].screenshot("teams-contract-confirmed-phone")

    six_weeks_later = clock.now() + dt.timedelta(weeks=6)
    monkeypatch.setattr(clock, "now", lambda: six_weeks_later)
    for index, v in enumerate(phones[:4]):
        page = v.goto(team_url)
        page.get_by_role("link", name="Answer the team pulse (2 minutes, anonymous)").click()
        if index == 0:
            v.check_accessibility()
        for group in page.get_by_role("group").all():
            group.get_by_label("Agree", exact=True).check()
        page.get_by_role("button", name="Send my answer").click()
        expect(page.get_by_role("status")).to_contain_text("stored without your name")

    screen = f.page
    f.goto(team_url)
    screen.get_by_role("link", name="Open the shared screen").first.click()
    screen.get_by_role("button", name="Start the session").click()
    expect(screen.get_by_role("heading", level=2, name="How are we doing?")).to_be_visible()
    pulse = screen.get_by_role("table", name=re.compile("Team pulse, 4 answers"))
    expect(pulse.get_by_role("row", name=re.compile("Psychological safety"))).to_contain_text("4.0")
    f.check_accessibility()
    f.screenshot("teams-follow-up-pulse")
    screen.get_by_role("button", name="Next step").click()
    screen.get_by_role("button", name="Next step").click()
    screen.get_by_label("Meetings and communication").fill(
        "We meet and talk like this:\n- 30 minutes every Monday"
    )
    screen.get_by_role("button", name="Save the merged text").click()
    screen.get_by_role("button", name="Next step").click()
    screen.get_by_role("button", name="Create the new contract version").click()
    expect(screen.get_by_role("status")).to_contain_text("Version 2 of the contract is ready")
    expect(screen.locator(".contract-text")).to_contain_text("30 minutes every Monday")
    f.check_accessibility()
    f.screenshot("teams-contract-v2")
