"""Browser tests of the unit report: a leader finds it under Reports, reads a section and the
reading guide and releases it to employees; an employee then reads it; a phone-size check."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.reports.released import release_round


def test_a_leader_reads_the_report_and_releases_it_to_the_employees(browser_personas, visitor):
    released = release_round(browser_personas)
    p = browser_personas
    leader = visitor(p.section_leader)
    page = leader.goto("/")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reports")
    leader.check_accessibility()
    page.get_by_role("link", name="Section for Performance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Section for Performance")
    leader.check_accessibility()
    # A section: the chart and the same numbers as a table, hidden cells in words.
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Resources").click()
    section = page.get_by_role("region", name="Resources")
    expect(section.get_by_role("img", name=re.compile("Resources: favourable"))).to_be_visible()
    table = page.get_by_role("table", name="Resources: the numbers")
    expect(table.get_by_role("row", name=re.compile("I get help from colleagues"))).to_contain_text(
        "Hidden: fewer than 5 answers"
    )
    expect(page.get_by_text("Comments are not shown")).to_be_visible()
    page.get_by_role("link", name="How to read this report").first.click()
    guide = page.get_by_role("heading", name="How to read this report", level=2)
    expect(guide).to_be_in_viewport()
    expect(page.get_by_role("heading", name="Why some numbers are hidden")).to_be_visible()
    leader.check_accessibility()
    leader.screenshot("unit-report-desktop")
    page.get_by_role("button", name="Release to employees").click()
    expect(page.get_by_role("status")).to_contain_text("now open to the unit's employees")
    expect(page.get_by_text("Released to them by")).to_be_visible()
    leader.check_accessibility()

    employee = visitor(p.employee)
    page = employee.goto("/reports/")
    page.get_by_role("link", name="Section for Performance").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Section for Performance")
    expect(page.get_by_role("button", name="Release to employees")).to_have_count(0)
    employee.check_accessibility()
    assert released.survey.name in page.title()


def test_the_report_works_on_a_phone_in_bokmal(browser_personas, visitor):
    released = release_round(browser_personas)
    v = visitor(browser_personas.head, language="nb")
    v.page.set_viewport_size({"width": 375, "height": 800})
    page = v.goto(released.url("HF-01"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Institutt for musikk")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}px"
    region = page.get_by_role("region", name=re.compile("Ressurser")).first
    expect(region).to_be_visible()
    v.screenshot("unit-report-phone-nb")


def test_a_dean_reads_how_the_answers_spread_in_one_table(browser_personas, visitor):
    """Ten answers or more: each statement's counts per scale point, with its spread drawn as
    a bar under the statement (for the eye only: the cells say the same) and each point's
    colour key above its column."""
    released = release_round(browser_personas)
    dean = visitor(browser_personas.dean)
    page = dean.goto(released.url("HF"))
    page.get_by_role("navigation", name="Contents").get_by_role("link", name="Resources").click()
    table = page.get_by_role("table", name="Resources: answers per scale point (count and share)")
    expect(table.get_by_role("columnheader", name="1 Strongly disagree")).to_be_visible()
    row = table.get_by_role("row", name=re.compile("I get help from colleagues"))
    expect(row).to_contain_text(re.compile(r"\d+ \(\d+\s%\)"))
    bar = row.locator(".spread-bar svg")
    expect(bar).to_be_visible()
    expect(bar).to_have_attribute("aria-hidden", "true")
    assert table.locator(".point-key svg").count() == 5
    assert page.get_by_role("img", name=re.compile("distribution of the answers")).count() == 0
    dean.check_accessibility()
    dean.screenshot("unit-report-spread", of=table)
