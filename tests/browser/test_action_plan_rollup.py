"""A head of department opens the plans above and below the department."""

from __future__ import annotations

from playwright.sync_api import expect

from actions import services
from actions.models import ActionPlan
from surveys.models import RoundStatus
from tests.actions.conftest import good_values, vague_values
from tests.rounds import survey_round


def test_the_head_sees_the_sections_plans(browser_personas, visitor):
    p = browser_personas
    survey = survey_round(p.org.root, status=RoundStatus.CLOSED)
    services.add_focus_areas(
        actor=p.admin,
        unit=p.org.performance,
        round=survey,
        items=[{"kind": "improve", "title": "Information", "description": "", "dimension": ""}],
    )
    plan = ActionPlan.objects.get(unit=p.org.performance, round=survey)
    services.create_measure(actor=p.admin, plan=plan, values=good_values(p))
    services.create_measure(actor=p.admin, plan=plan, values=vague_values())
    head = visitor(p.head)
    page = head.goto(f"/plans/unit/{p.org.music.uid}/")
    page.get_by_role("link", name="Plans above and below").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Plans above and below")
    below = page.get_by_role("region", name="Below")
    expect(below.get_by_role("row", name="Section for Performance")).to_contain_text("Draft")
    head.check_accessibility()
    head.screenshot("plans-rollup")
    below.get_by_role("link", name="Draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Section for Performance")
