"""Evaluation in a browser, every page scanned with axe-core: the facilitator marks a meeting
held and evaluates it, participants give anonymous feedback from their own browsers (one on a
phone, one in bokmål) and the test client, the facilitator closes the feedback and reads the
results, and the working group reads the overview, the evaluations behind a method card and
records notes from an experience-sharing session."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from meetings import services
from meetings.models import ExperienceNote, Feedback, MeetingEvaluation, MethodCard

pytestmark = pytest.mark.django_db(transaction=True)


def _meeting(p):
    start = timezone.now() - dt.timedelta(hours=2)
    meeting = services.plan_meeting(
        unit=p.org.performance, kind="mapping", starts_at=start,
        ends_at=start + dt.timedelta(hours=2), place="Aud. 2", actor=p.facilitator,
    )  # fmt: skip
    for code in ("check-in-round", "brainwriting", "dot-voting"):
        services.add_agenda_item(
            meeting=meeting, method=MethodCard.objects.get(code=code), actor=None
        )
    services.add_participants(meeting=meeting, people=[p.employee.person], actor=None)
    return meeting


def _answer(page, useful: str, voice: str, text: str = "") -> None:
    page.locator(f"input[name=useful][value='{useful}']").check()
    page.locator(f"input[name=voice][value='{voice}']").check()
    if text:
        page.locator("textarea[name=comment]").fill(text)
    page.locator("form.questions button[type=submit]").click()


def test_evaluation_feedback_overview_and_experience_notes(browser_personas, visitor):
    services.load_methods()
    p = browser_personas
    meeting = _meeting(p)

    # The facilitator marks the meeting held and is asked to evaluate it.
    frida = visitor(p.facilitator)
    page = frida.goto(f"/meetings/{meeting.uid}/")
    page.get_by_role("button", name="Mark as held").click()
    expect(page.get_by_role("status")).to_contain_text("The meeting is marked as held")
    frida.check_accessibility()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    link = page.locator("a.feedback-link").get_attribute("href")
    assert link and re.search(r"/m/f/[A-Z0-9]{8}/$", link)
    frida.screenshot("evaluation-meeting-held")
    page.get_by_role("link", name="Evaluate this meeting").first.click()
    frida.check_accessibility()
    page.get_by_label("4", exact=True).check()
    page.get_by_label("What worked?").fill("Silent writing before the talk got everyone in.")
    page.get_by_label("What did not work?").fill("Dot voting took twenty minutes.")
    page.get_by_role("group", name="Would you change the method next time?").get_by_label(
        "Yes"
    ).check()
    page.get_by_role("group", name="Would you change “Dot voting”?").get_by_label("Yes").check()
    page.get_by_role("button", name="Save the evaluation").click()
    expect(page.locator(".error-summary")).to_contain_text("Say what you would change.")
    frida.check_accessibility()
    expect(page.get_by_label("What worked?")).to_have_value(
        "Silent writing before the talk got everyone in."
    )
    page.get_by_label("What would you change, and how?").fill("Vote in the small groups first.")
    page.get_by_label("How would you change “Dot voting”?").fill("Three dots, a timer.")
    frida.screenshot("evaluation-form")
    page.get_by_role("button", name="Save the evaluation").click()
    expect(page.get_by_role("status")).to_contain_text("The evaluation is saved")
    frida.check_accessibility()
    expect(page.locator("dl.evaluation-summary")).to_contain_text("Three dots, a timer.")
    assert MeetingEvaluation.objects.get().methods.get().change_method == "yes"

    # Three participants answer from their own browsers: a phone, a laptop, one in bokmål.
    path = link[link.index("/m/f/") :]
    phone = visitor()
    phone.page.set_viewport_size({"width": 375, "height": 740})
    page = phone.goto(path)
    expect(page.get_by_role("heading", name="Who sees what")).to_be_visible()
    phone.screenshot("evaluation-feedback-phone")
    _answer(page, "5", "4", "Good to hear the others.")
    expect(page.get_by_role("heading", name="Thank you for your feedback")).to_be_visible()
    phone.check_accessibility()
    phone.screenshot("evaluation-feedback-thanks")
    page.goto(phone.base_url + path)  # the same browser cannot answer twice
    expect(page.locator("form.questions")).to_have_count(0)
    laptop = visitor()
    _answer(laptop.goto(path), "4", "4", "Too little time at the end.")
    expect(laptop.page.locator(".receipt")).to_be_visible()
    bokmal = visitor(language="nb")
    page = bokmal.goto(path)
    bokmal.screenshot("evaluation-feedback-nb")
    _answer(page, "3", "5")
    expect(bokmal.page.locator(".receipt")).to_be_visible()
    bokmal.check_accessibility()
    # Two more through the test client: five in all.
    for text in ("More breaks.", ""):
        Client().post(path, {"useful": "4", "voice": "3", "next_steps": "4", "comment": text})
    assert Feedback.objects.count() == 5

    # The facilitator closes the feedback early and sees the results.
    page = frida.page
    page.goto(frida.base_url + f"/meetings/{meeting.uid}/")
    expect(page.locator(".live-stats")).to_contain_text("5 answers so far")
    page.get_by_role("link", name="Close the feedback now").click()
    frida.check_accessibility()
    page.get_by_role("button", name="Close the feedback").click()
    expect(page.get_by_role("status")).to_contain_text("closed with 5 answers")
    frida.check_accessibility()
    results = page.locator("table.feedback-results")
    expect(results).to_contain_text("The meeting was useful.")
    expect(results).to_contain_text("4.0")  # (5 + 4 + 3 + 4 + 4) / 5
    expect(page.locator("ul.cards")).to_contain_text("Too little time at the end.")
    frida.screenshot("evaluation-feedback-results")

    # The working group reads the overview and the evaluations behind "Dot voting".
    hanne = visitor(p.hr)
    page = hanne.goto("/meetings/")
    page.get_by_role("link", name="Evaluations of the meetings").click()
    hanne.check_accessibility()
    mapping = page.get_by_role("row", name=re.compile("^Mapping meeting"))
    expect(mapping).to_contain_text("4.0")
    expect(mapping).to_contain_text("100 % (1 of 1)")
    expect(mapping).to_contain_text("5 answers, 1 meeting")
    hanne.screenshot("evaluation-overview")
    page.get_by_role("link", name="Dot voting").click()
    hanne.check_accessibility()
    expect(page.locator("article.evaluation")).to_contain_text("Three dots, a timer.")
    expect(page.locator("article.evaluation")).to_contain_text("Useful: 4.0")
    hanne.screenshot("evaluation-drill-down")

    # … and records what was shared in the facilitators' experience-sharing session.
    page.get_by_role("link", name="Evaluations", exact=True).click()
    page.get_by_role("link", name="Notes from experience sharing").click()
    hanne.check_accessibility()
    page.get_by_role("link", name="Record notes from a session").click()
    hanne.check_accessibility()
    page.get_by_label("Title").fill("Vote in small groups first")
    page.get_by_label("Theme", exact=True).select_option(label="Another theme")
    page.get_by_label("Notes").fill("Dot voting in the plenary is slow; let groups pre-select.")
    page.get_by_label("About a method card (optional)").select_option(label="Dot voting")
    page.get_by_role("button", name="Save the notes").click()
    expect(page.locator(".error-summary")).to_contain_text("Name the theme.")
    hanne.check_accessibility()
    page.get_by_label("Other theme", exact=True).fill("Prioritising")
    page.get_by_role("button", name="Save the notes").click()
    expect(page.get_by_role("status")).to_contain_text("The notes are saved")
    hanne.check_accessibility()
    expect(page.get_by_role("heading", name="Prioritising", level=2)).to_be_visible()
    expect(page.locator("article.experience-note")).to_contain_text("let groups pre-select")
    hanne.screenshot("evaluation-experience-notes")
    assert ExperienceNote.objects.get().method.code == "dot-voting"
