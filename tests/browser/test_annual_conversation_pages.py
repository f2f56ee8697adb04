"""The annual conversation in a browser, each page scanned with axe-core: the section leader
plans the conversation from the list, writes notes in the discussion guide (autosaved),
turns a point into a focus area and a measure of the action plan, marks it held, and opens
the print version."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions.models import FocusArea, Measure
from conversations.models import Conversation
from tests.actions.conftest import make_plan

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_leader_plans_writes_up_and_holds_the_annual_conversation(browser_personas, visitor):
    p = browser_personas
    make_plan(p)  # the section's plan between surveys, with two open measures
    today = timezone.localdate()
    v = visitor(p.section_leader)
    page = v.goto("/")
    page.get_by_role("link", name="Annual conversations").click()
    v.check_accessibility()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Annual conversations {today.year}")
    v.screenshot("conversations-list")
    page.get_by_role("link", name="Plan Section for Performance").click()
    v.check_accessibility()

    page.get_by_label("Place").fill("Room 2.14")
    page.get_by_label("Erik Employee (HF-01-01)").check()
    page.get_by_label("Safety representative").select_option(label="Siri Verneombud")
    page.get_by_label("Date").fill("")
    page.get_by_role("button", name="Plan the conversation").click()
    expect(page.get_by_role("alert")).to_contain_text("Date: This field is required.")
    v.check_accessibility()
    expect(page.get_by_label("Place")).to_have_value("Room 2.14")
    expect(page.get_by_label("Erik Employee (HF-01-01)")).to_be_checked()
    page.get_by_label("Date").fill(today.isoformat())
    page.get_by_label("Time").fill("13:00")
    v.screenshot("conversations-plan")
    page.get_by_role("button", name="Plan the conversation").click()
    expect(page.get_by_role("status")).to_contain_text("The conversation is planned")
    v.check_accessibility()
    conversation = Conversation.objects.get()
    assert conversation.safety_rep == p.safety_rep.person

    # The guide, with last time's measures filled in, and autosaved notes per section.
    expect(page.locator("table.open-measures")).to_contain_text("Monthly all-hands meeting")
    page.get_by_label("Notes: How has the year been?").fill("Two new colleagues; we moved.")
    status = page.locator("#status-the-year")
    expect(status).to_contain_text("Saved at", timeout=15_000)  # autosave waits 1.5 s
    page.get_by_label("Notes: Workload and resources").fill("December exams are heavy.")
    expect(page.locator("#status-workload")).to_contain_text("Saved at", timeout=15_000)
    assert {n.section: n.text for n in conversation.notes.all()} == {
        "the-year": "Two new colleagues; we moved.",
        "workload": "December exams are heavy.",
    }
    v.check_accessibility()

    # Into the action plan between surveys.
    form = page.locator("form", has=page.get_by_role("button", name="Add to the action plan"))
    form.get_by_label("Improve").check()
    form.get_by_label("New focus area", exact=True).fill("Workload in the exam period")
    form.get_by_label("Title of the measure").fill("Spread the marking evenly")
    form.get_by_label("Responsible").select_option(label="Erik Employee (HF-01-01)")
    form.get_by_label("Due").fill((today.replace(year=today.year + 1)).isoformat())
    form.get_by_role("button", name="Add to the action plan").click()
    expect(page.get_by_role("status")).to_contain_text("“Spread the marking evenly” is in the")
    v.check_accessibility()
    expect(page.locator(".outcome-list")).to_contain_text("Improve: Workload in the exam period")
    measure = Measure.objects.get(title="Spread the marking evenly")
    assert measure.plan.round is None
    assert measure.focus_area == FocusArea.objects.get(title="Workload in the exam period")
    page.reload()
    expect(page.get_by_label("Notes: Workload and resources")).to_have_value(
        "December exams are heavy."
    )
    v.screenshot("conversations-detail")

    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_role("status")).to_contain_text("The conversation is marked as held.")
    v.check_accessibility()
    expect(page.locator(".lead .badge")).to_have_text("held")

    page.get_by_role("link", name="Printable guide with the notes").click()
    v.check_accessibility()
    expect(page.locator(".print-page")).to_contain_text("December exams are heavy.")
    v.screenshot("conversations-print")
    page.get_by_role("link", name="Back to the conversation").click()
    page.get_by_role("link", name=re.compile("^Annual conversations")).first.click()
    v.check_accessibility()
    row = page.get_by_role("row", name=re.compile("Section for Performance"))
    expect(row).to_contain_text("held")
