"""The leader's pages around the plans, each scanned with axe-core: a unit's plans, editing
and reordering focus areas, escalated measures on the level above, the follow-up page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions import services

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_head_follows_up_measures_of_the_department(browser_personas, visitor):
    p = browser_personas
    section = services.get_or_create_plan(
        actor=p.section_leader, unit=p.org.performance, round=None
    )
    services.create_measure(
        actor=p.section_leader,
        plan=section,
        values=services.MeasureValues(
            title="New rehearsal room",
            description="Rent a second rehearsal room for all staff of the section",
            within_authority=False,
            due=timezone.localdate() - dt.timedelta(days=3),
        ),
    )
    services.create_measure(
        actor=p.section_leader,
        plan=section,
        values=services.MeasureValues(
            title="Lunch talks", due=timezone.localdate() + dt.timedelta(days=60)
        ),
    )
    services.add_focus_areas(
        actor=p.head,
        unit=p.org.music,
        round=None,
        items=[{"kind": "improve", "title": "Workload"}, {"kind": "improve", "title": "Meetings"}],
    )
    v = visitor(p.head)
    page = v.goto("/plans/")
    expect(page.get_by_role("row", name=re.compile("New rehearsal room"))).to_contain_text(
        "overdue"
    )
    page.get_by_role("link", name=re.compile("^Overdue")).click()
    v.check_accessibility()
    expect(page.get_by_role("link", name="Lunch talks")).to_have_count(0)
    page.get_by_role("link", name="All", exact=True).click()
    page.get_by_label("Only escalated measures").check()
    page.get_by_role("button", name="Filter").click()
    v.check_accessibility()
    expect(page.get_by_role("link", name="New rehearsal room")).to_be_visible()
    expect(page.get_by_role("link", name="Lunch talks")).to_have_count(0)
    v.screenshot("actions-follow-up")

    page = v.goto(f"/plans/unit/{p.org.music.uid}/")
    page.get_by_role("link", name="Plan without a survey round").click()
    v.check_accessibility()
    expect(page.get_by_role("region", name="Escalated from sub-units")).to_contain_text(
        "New rehearsal room"
    )
    page.get_by_role("button", name="Move down Workload").click()
    headings = page.locator(".focus-area h3")
    expect(headings).to_have_text(["Meetings", "Workload"])
    page.get_by_role("link", name="Edit Meetings").click()
    v.check_accessibility()
    page.get_by_label("Title").fill("Shorter meetings")
    page.get_by_label("Preserve", exact=True).check()
    page.get_by_role("button", name="Save the focus area").click()
    expect(page.get_by_role("region", name="Areas to preserve")).to_contain_text("Shorter meetings")
    v.check_accessibility()
    v.screenshot("actions-plan-department")
    page.get_by_role("link", name="Edit Workload").click()
    page.get_by_role("link", name="Remove the focus area").click()
    v.check_accessibility()
    page.get_by_role("button", name="Remove").click()
    expect(page.get_by_role("status")).to_contain_text("“Workload” is removed.")
    expect(page.get_by_role("region", name="Areas to improve")).to_contain_text("No focus areas")
