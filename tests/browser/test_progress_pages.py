"""The working group makes the progress plan; a head of department writes the fact sheet."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from surveys.models import RoundStatus
from tests.rounds import survey_round


def test_the_plan_from_the_template_to_a_finished_fact_sheet(browser_personas, visitor):
    survey = survey_round(browser_personas.org.root, status=RoundStatus.CLOSED)
    admin = visitor(browser_personas.admin)
    page = admin.goto(f"/progress/{survey.uid}/")
    page.get_by_role("button", name="Create the progress plan").click()
    expect(page.get_by_role("status")).to_contain_text("The progress plan was created")
    admin.check_accessibility()
    admin.screenshot("progress-timeline")
    task = page.get_by_role("listitem").filter(has_text="Release the reports").last
    task.get_by_role("link", name=re.compile("^Change")).click()
    page.get_by_label("Deadline").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Deadline")
    admin.check_accessibility()
    page.get_by_label("Deadline").fill("2026-04-08")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The task was saved.")).to_be_visible()

    head = visitor(browser_personas.head)
    music = browser_personas.org.music
    page = head.goto(f"/progress/{survey.uid}/unit/{music.uid}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Department of Music")
    page.get_by_role("link", name="Before the survey: the unit's facts").click()
    head.check_accessibility()
    page.get_by_label("Changes in the last year").fill("A new head of department since January.")
    page.get_by_label("The fact sheet is finished").check()
    page.get_by_role("button", name="Save the fact sheet").click()
    expect(page.get_by_text("The fact sheet was saved.")).to_be_visible()
    step = page.get_by_role("listitem").filter(has_text="Fact sheet about the unit")
    expect(step).to_contain_text("Done")
    head.check_accessibility()
    head.screenshot("progress-unit")
    page.set_viewport_size({"width": 375, "height": 740})
    head.goto(f"/progress/{survey.uid}/")
    head.screenshot("progress-timeline-phone")


def test_hr_filters_the_dashboard_and_reminds_late_leaders(browser_personas, visitor):
    from progress import services

    survey = survey_round(browser_personas.org.root, status=RoundStatus.CLOSED)
    services.create_from_template(actor=browser_personas.admin, round=survey)
    hr = visitor(browser_personas.hr)
    page = hr.goto(f"/progress/{survey.uid}/dashboard/")
    expect(page.get_by_role("table", name="4 units")).to_be_visible()
    page.get_by_label("Only units that have not reached").select_option(
        label="Unit report released"
    )
    page.get_by_role("button", name="Show").click()
    hr.check_accessibility()
    hr.screenshot("progress-dashboard")
    page.get_by_label("Step not reached").select_option(value="report_released")
    page.get_by_role("button", name="Send the reminders").click()
    expect(page.get_by_role("status")).to_contain_text("Reminded the leaders of 2 units.")
    hr.check_accessibility()
