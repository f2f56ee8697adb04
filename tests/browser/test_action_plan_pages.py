"""The action plan in a browser, each page scanned with axe-core: a focus area, a vague
measure the SMART check flags as it is typed, fixing it, agreeing, the safety representative
co-signing, the history, the employee's read-only view; and two people editing one measure."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from actions import services
from actions.models import ActionPlan
from tests.actions.conftest import good_values, make_plan

pytestmark = pytest.mark.django_db(transaction=True)


def _day(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def test_a_plan_from_focus_area_to_co_signature(browser_personas, visitor):
    p = browser_personas
    v = visitor(p.section_leader)
    page = v.goto("/")
    page.get_by_role("link", name="Section for Performance").first.click()
    page.get_by_role("link", name="Action plans").last.click()
    v.check_accessibility()
    page.get_by_role("button", name="Open the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Action plan: Section for Performance"
    )
    v.check_accessibility()

    page.get_by_role("link", name="Add a focus area").click()
    page.get_by_role("button", name="Save the focus area").click()
    expect(page.get_by_role("alert")).to_contain_text("Title")
    v.check_accessibility()
    page.get_by_label("Improve").check()
    page.get_by_label("Title").fill("Information flow")
    page.get_by_label("Description").fill("Decisions reach us too late.")
    page.get_by_role("button", name="Save the focus area").click()
    expect(page.get_by_role("heading", name="Information flow")).to_be_visible()

    page.get_by_role("link", name=re.compile("^Add a measure to Information flow")).click()
    v.check_accessibility()
    page.get_by_label("Title").fill("Communication")
    page.get_by_label("What exactly will be done, and for whom").fill(
        "We will focus on communication"
    )
    panel = page.locator("#smart-panel")
    expect(panel).to_contain_text("“focus on”")  # the live check, as typed
    expect(panel).to_contain_text("5 of 5 criteria are not met yet")
    v.check_accessibility()
    v.screenshot("actions-measure-vague")
    page.get_by_role("button", name="Save the measure").click()
    expect(page.get_by_role("status")).to_contain_text("The measure is saved")
    v.check_accessibility()

    page.get_by_role("link", name="Edit the measure").click()
    page.get_by_label("Title").fill("Weekly newsletter")
    page.get_by_label("What exactly will be done, and for whom").fill(
        "Send a short newsletter every Friday to all staff of the section with the decisions of the week"
    )
    page.get_by_label("Indicator").fill("Newsletters sent")
    page.get_by_label("Target or success criterion").fill("At least 40 newsletters a year")
    page.get_by_label("Agreed on").fill(_day(-1))
    page.get_by_label("Agreed where").fill("Action meeting")
    page.get_by_label("Agreed by", exact=True).fill(
        "All staff of the section and the safety representative"
    )
    page.get_by_label("Resources needed").fill("One hour a week for the section leader")
    page.get_by_label("Yes, the unit decides it itself").check()
    page.get_by_label("Start", exact=True).fill(_day(0))
    page.get_by_label("Due", exact=True).fill(_day(150))
    page.get_by_label("Follow-up dates").fill(_day(75))
    page.get_by_label("Responsible person").select_option(label="Sofie Seksjonsleder")
    expect(panel).to_contain_text("All five criteria are met.")
    v.screenshot("actions-measure-fixed")
    page.get_by_role("button", name="Save the measure").click()
    expect(page.get_by_role("status")).to_contain_text("The measure is saved")

    page.get_by_label("What has happened").fill("First newsletter sent")
    page.get_by_label("Status").select_option(label="In progress")
    page.get_by_role("button", name="Record").click()
    expect(page.locator(".progress-log")).to_contain_text("First newsletter sent")

    page.get_by_role("link", name=re.compile("^Action plan: Section")).click()
    page.get_by_role("link", name="Mark the plan agreed").click()
    v.check_accessibility()
    expect(page.locator("main")).to_contain_text("Every measure meets the five SMART criteria.")
    page.get_by_role("button", name="Agree the plan").click()
    expect(page.get_by_role("status")).to_contain_text("The plan is agreed")
    expect(page.locator("main")).to_contain_text(
        "Waiting for the co-signature of: Safety representative"
    )
    v.screenshot("actions-plan-agreed")

    rep = visitor(p.safety_rep)
    plan = ActionPlan.objects.get(unit=p.org.performance)
    page = rep.goto(f"/plans/{plan.uid}/")
    page.get_by_role("button", name="Co-sign as Safety representative").click()
    expect(page.get_by_role("status")).to_contain_text("Your co-signature is recorded")
    expect(page.locator("main")).to_contain_text("Siri Verneombud")
    page.get_by_role("link", name="History of versions").click()
    rep.check_accessibility()
    page.get_by_role("link", name="Version 1").click()
    rep.check_accessibility()
    expect(page.locator("main")).to_contain_text("Added measure “Weekly newsletter”")

    employee = visitor(p.employee)
    employee.page.set_viewport_size({"width": 390, "height": 844})
    page = employee.goto("/")
    page.get_by_role("link", name=re.compile("^The action plan of Section for Performance")).click()
    employee.check_accessibility()
    expect(page.locator("main")).to_contain_text("You see the agreed action plan of your unit")
    expect(page.get_by_role("link", name="Add a measure")).to_have_count(0)
    page.get_by_role("link", name="Weekly newsletter").click()
    employee.check_accessibility()
    expect(page.locator(".progress-log")).to_contain_text("First newsletter sent")
    expect(page.get_by_role("button", name="Record")).to_have_count(0)
    employee.screenshot("actions-measure-employee-phone")


def test_a_measure_with_failing_criteria_needs_a_reason_to_agree(browser_personas, visitor):
    p = browser_personas
    services.create_measure(
        actor=p.section_leader,
        plan=services.get_or_create_plan(
            actor=p.section_leader, unit=p.org.performance, round=None
        ),
        values=services.MeasureValues(title="Be better", description="Improve the climate"),
    )
    v = visitor(p.section_leader, language="nb")
    plan = ActionPlan.objects.get(unit=p.org.performance)
    page = v.goto(f"/plans/{plan.uid}/agree/")
    expect(page.locator("main")).to_contain_text(
        "«improve» sier hva dere vil"
    )  # lib/smart's bokmål
    agree = page.locator("main form button[type=submit]").first
    agree.click()
    expect(page.get_by_role("alert")).to_be_visible()
    v.check_accessibility()
    page.get_by_role("textbox").first.fill("Vi gjør det konkret på første oppfølgingsmøte.")
    agree.click()
    expect(page.get_by_role("status")).to_be_visible()
    v.screenshot("actions-plan-agreed-nb")


def test_two_people_editing_one_measure_see_a_conflict(browser_personas, visitor):
    p = browser_personas
    plan = services.get_or_create_plan(actor=p.section_leader, unit=p.org.performance, round=None)
    measure = services.create_measure(
        actor=p.section_leader, plan=plan, values=services.MeasureValues(title="Lunch talks")
    )
    first, second = visitor(p.section_leader), visitor(p.facilitator)
    page1 = first.goto(f"/plans/measures/{measure.uid}/edit/")
    page2 = second.goto(f"/plans/measures/{measure.uid}/edit/")
    page1.get_by_label("Title").fill("Lunch talks every month")
    page1.get_by_role("button", name="Save the measure").click()
    expect(page1.get_by_role("status")).to_contain_text("The measure is saved")
    page2.get_by_label("Title").fill("Lunch talks every week")
    page2.get_by_role("button", name="Save the measure").click()
    alert = page2.locator("#conflict")
    expect(alert).to_contain_text("Somebody else saved a change while you were editing")
    expect(alert).to_contain_text("Lunch talks every month")
    expect(alert).to_contain_text("Lunch talks every week")
    expect(page2.get_by_label("Title")).to_have_value("Lunch talks every week")
    second.check_accessibility()
    second.screenshot("actions-measure-conflict")
    page2.get_by_role("button", name="Save the measure").click()  # deliberately, after reading
    expect(page2.get_by_role("heading", level=1)).to_have_text("Lunch talks every week")


def test_the_leader_puts_the_most_important_measure_first(browser_personas, visitor):
    p = browser_personas
    setup = make_plan(p)
    area = setup.good.focus_area
    services.create_measure(
        actor=p.section_leader,
        plan=setup.plan,
        values=good_values(p, title="Quarterly workload review", focus_area=area),
    )
    v = visitor(p.section_leader, language="nb")
    page = v.goto(f"/plans/{setup.plan.uid}/")
    measures = page.get_by_role("table", name="Information flow")
    expect(measures.get_by_role("row").nth(1)).to_contain_text("Monthly all-hands meeting")
    v.check_accessibility()
    measures.get_by_role("button", name=re.compile("flytt Quarterly workload review opp")).click()
    measures = page.get_by_role("table", name="Information flow")
    expect(measures.get_by_role("row").nth(1)).to_contain_text("Quarterly workload review")
    expect(measures.get_by_role("row").nth(2)).to_contain_text("Monthly all-hands meeting")
    expect(
        measures.get_by_role("button", name=re.compile("flytt Quarterly workload review ned"))
    ).to_be_visible()
    v.check_accessibility()
    v.screenshot("plan-measure-order", of=measures)
