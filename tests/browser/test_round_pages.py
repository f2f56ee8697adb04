from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from surveys import services
from surveys.models import RoundStatus, SurveyRound
from tests.roundfixtures import add_staff, load_mini_instrument, round_settings


def _staff(org) -> None:
    add_staff(org.performance, 6)
    add_staff(org.music, 2)
    add_staff(org.culture, 7)
    add_staff(org.mn, 9)


def test_the_administrator_runs_a_round_from_creation_to_close(browser_personas, visitor):
    load_mini_instrument()
    _staff(browser_personas.org)
    today = timezone.localdate()
    v = visitor(browser_personas.admin)
    page = v.goto("/surveys/")
    page.get_by_role("link", name="Create a round").click()
    v.check_accessibility()
    # A mistake first: the form explains it and keeps what was typed.
    page.get_by_label("Name").fill("Autumn survey")
    page.get_by_label("Questionnaire").select_option(label="Small test survey (mini v1)")
    page.get_by_label("Unit code").fill("UVF")
    page.get_by_label("Closes on").fill((today + dt.timedelta(days=21)).isoformat())
    page.get_by_label("Any number (mean, percentage, count)").fill("2")
    page.get_by_role("button", name="Create the round").click()
    expect(page.get_by_role("alert")).to_contain_text("Cannot be lower than 3")
    expect(page.get_by_label("Name")).to_have_value("Autumn survey")
    v.check_accessibility()
    page.get_by_label("Any number (mean, percentage, count)").fill("5")
    page.get_by_label("First reminder").fill((today + dt.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Create the round").click()
    expect(page.get_by_role("status")).to_contain_text("created as a draft")
    expect(page.get_by_role("heading", name="Pre-flight check")).to_be_visible()
    v.check_accessibility()
    v.screenshot("round-preflight")
    page.get_by_role("button", name="Merge UVF into MN").click()
    expect(page.get_by_role("status")).to_contain_text("reported under MN")
    expect(page.get_by_role("button", name="Undo the merge of UVF")).to_be_visible()
    page.get_by_role("link", name="Open the round").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open the round")
    v.check_accessibility()
    page.get_by_role("button", name="Open the round and send the invitations").click()
    expect(page.get_by_role("status")).to_contain_text("The round is open")
    progress = page.get_by_role("progressbar", name="Invitations")
    expect(progress).to_have_attribute("value", "33")
    expect(page.get_by_text("33 of 33 sent")).to_be_visible()
    rates = page.get_by_role("table", name="Response rates")
    expect(rates.get_by_role("row", name=re.compile("UVF"))).to_contain_text("0 %")
    v.check_accessibility()
    v.screenshot("round-open")
    page.get_by_role("link", name="Close the round now").click()
    v.check_accessibility()
    page.get_by_role("button", name="Close the round now").click()
    expect(page.get_by_role("status")).to_contain_text("The round is closed")
    v.check_accessibility()
    assert SurveyRound.objects.get().status == RoundStatus.CLOSED


def test_a_head_of_department_follows_the_rates_of_their_units(browser_personas, visitor):
    instrument = load_mini_instrument()
    _staff(browser_personas.org)
    round_ = services.create_round(
        actor=None, values=round_settings(instrument, browser_personas.org.root)
    )
    services.open_round(actor=None, round=round_)
    v = visitor(browser_personas.head)
    page = v.goto("/surveys/")
    page.get_by_role("link", name="Survey 2026").click()
    rates = page.get_by_role("table", name="Response rates")
    expect(rates.get_by_role("row")).to_have_count(3)  # header, HF-01, HF-01-01
    v.check_accessibility()


def test_the_administrator_edits_a_draft_then_extends_and_reminds_an_open_round(
    browser_personas, visitor
):
    instrument = load_mini_instrument()
    _staff(browser_personas.org)
    round_ = services.create_round(
        actor=None, values=round_settings(instrument, browser_personas.org.root)
    )
    v = visitor(browser_personas.admin)
    page = v.goto(f"/surveys/{round_.uid}/")
    page.get_by_role("link", name="Change the settings").click()
    v.check_accessibility()
    page.get_by_label("Name").fill("Survey 2026, all staff")
    page.get_by_role("button").filter(has_text=re.compile("Save|Create")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Survey 2026, all staff")
    services.open_round(actor=None, round=SurveyRound.objects.get())
    page.goto(v.base_url + f"/surveys/{round_.uid}/")
    page.get_by_role("link", name="Extend the round").click()
    v.check_accessibility()
    later = SurveyRound.objects.get().closes_on + dt.timedelta(days=7)
    page.get_by_label(re.compile("clos", re.I)).fill(later.isoformat())
    page.get_by_role("button", name="Extend the round").click()
    expect(page.get_by_role("status")).to_be_visible()
    assert SurveyRound.objects.get().closes_on == later
    page.get_by_role("link", name=re.compile("Send a reminder")).click()
    v.check_accessibility()
    page.get_by_role("button").filter(has_text=re.compile("reminder", re.I)).first.click()
    expect(page.get_by_role("status")).to_be_visible()
    v.check_accessibility()
    assert SurveyRound.objects.get().mailings.filter(kind="reminder").count() == 1
