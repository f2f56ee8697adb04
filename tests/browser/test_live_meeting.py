"""Done means (issue 5, live mode): a facilitator opens a live session, three phone-sized
browsers join with the code at once and write, one reloads and still sees its card (and a
half-written draft), the shared screen shows the cards, the facilitator groups them into
clusters with the keyboard-friendly buttons, the phones vote with their dots, and the
results rank the clusters. Every page is scanned with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from live.models import Card, LiveSession

PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1280, "height": 800}


def _phone(visitor, language: str = "en"):
    v = visitor(language=language)
    v.page.set_viewport_size(PHONE)
    return v


def _join(v, code: str) -> None:
    page = v.goto("/m/")
    page.get_by_label("Meeting code").fill(code.lower())
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mapping meeting, music")
    v.check_accessibility()


def _write(v, question: str, text: str) -> None:
    page = v.page
    page.get_by_label(question).check()
    page.get_by_label("Your card").fill(text)
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#mine")).to_contain_text(text)
    expect(page.get_by_label("Your card")).to_have_value("")


@pytest.mark.usefixtures("clean_cache")
def test_a_live_meeting_with_three_phones(visitor, browser_personas):
    p = browser_personas
    lead = visitor(p.facilitator)
    page = lead.goto("/live/")
    page.get_by_label("Title").fill("Mapping meeting, music")
    page.get_by_role("button", name="Start the session").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mapping meeting, music")
    lead.check_accessibility()
    session = LiveSession.objects.get()
    code = session.code
    expect(page.locator(".join-code")).to_have_text(code)
    lead.screenshot("live-control-empty")

    screen = visitor(p.facilitator)
    screen.page.set_viewport_size(PROJECTOR)
    screen.goto(f"/live/{session.uid}/screen/")

    phones = [_phone(visitor) for _n in range(3)]
    for v in phones:
        _join(v, code)
    _write(phones[0], "What should improve?", "Too many meetings without an agenda")
    _write(phones[1], "What should improve?", "Meetings run over time")
    _write(phones[2], "What works well?", "Colleagues help each other")
    _write(phones[0], "Ideas for measures", "Agenda sent a day ahead <b>always</b>")
    phones[0].screenshot("live-phone-collect")

    # A reload (or a phone waking up) loses nothing: sent cards and the unsent draft stay.
    phones[1].page.get_by_label("Your card").fill("Half a thought")
    phones[1].page.reload()
    expect(phones[1].page.locator("#mine")).to_contain_text("Meetings run over time")
    expect(phones[1].page.get_by_label("Your card")).to_have_value("Half a thought")
    # Sending without a connection keeps trying, and the card arrives once when it is back.
    offline = phones[2].page
    offline.context.set_offline(True)
    offline.get_by_label("What should improve?").check()
    offline.get_by_label("Your card").fill("Written in the basement")
    offline.get_by_role("button", name="Send").click()
    expect(offline.locator("#send-status")).to_contain_text("Not sent yet")
    offline.context.set_offline(False)
    expect(offline.locator("#mine")).to_contain_text("Written in the basement", timeout=15_000)
    assert Card.objects.filter(text="Written in the basement").count() == 1
    # Another phone never sees someone else's card.
    expect(phones[2].page.locator("#mine")).not_to_contain_text("Meetings run over time")

    board = screen.page.locator("#board")
    expect(board).to_contain_text("Colleagues help each other")
    expect(board).to_contain_text("Meetings run over time")
    expect(board).to_contain_text("<b>always</b>")  # shown as text, never as markup
    screen.check_accessibility()
    screen.screenshot("live-projector-collect")

    # Grouping: close writing, make clusters, move cards in with a select and a button.
    page.reload()
    page.get_by_role("button", name="Grouping").click()
    expect(page.locator(".phase-list .current")).to_have_text("Grouping")
    page.get_by_label("Name").first.fill("Meetings that work")
    page.get_by_role("button", name="Make the cluster").click()
    expect(page.get_by_role("status")).to_contain_text("The cluster was made")
    for text in ("Too many meetings without an agenda", "Meetings run over time"):
        card = page.locator(".card-item", has_text=text)
        card.get_by_label("Move to").select_option(label="Meetings that work")
        card.get_by_role("button", name="Move").click()
    card = page.locator(".card-item", has_text="Colleagues help each other")
    card.get_by_role("button", name="New cluster from this card").click()
    expect(page.locator("#clusters")).to_contain_text("Colleagues help each other")
    lead.check_accessibility()
    assert Card.objects.filter(cluster__title="Meetings that work").count() == 2
    # A card that should not be on the wall is taken off it.
    basement = page.locator(".card-item", has_text="Written in the basement")
    basement.get_by_role("button", name="Hide from the screen").click()
    expect(page.locator("#hidden")).to_contain_text("Written in the basement")
    expect(screen.page.locator("#board")).not_to_contain_text("Written in the basement")
    lead.check_accessibility()
    lead.screenshot("live-control-grouped")
    expect(screen.page.locator("#board")).to_contain_text("Meetings that work")

    page.get_by_role("button", name="Voting").click()
    expect(page.locator(".phase-list .current")).to_have_text("Voting")
    for n, v in enumerate(phones):
        # Each phone's poll notices the new phase and reloads the page by itself.
        expect(v.page.locator(".dots-left")).to_have_text("You have 3 dots left.", timeout=10_000)
        v.page.get_by_role("button", name="Add a dot to Meetings that work").click()
        expect(v.page.locator(".dots-left")).to_have_text("You have 2 dots left.")
        expect(v.page.locator("#live-announce")).to_have_text("You have 2 dots left.")
        if n < 2:
            v.page.get_by_role("button", name="Add a dot to Meetings that work").click()
            expect(v.page.locator(".dots-left")).to_have_text("You have 1 dot left.")
    phones[2].page.get_by_role("button", name="Add a dot to Meetings that work").click()
    expect(phones[2].page.locator(".dots-left")).to_have_text("You have 1 dot left.")
    phones[2].page.get_by_role("button", name="Remove a dot from Meetings that work").click()
    expect(phones[2].page.locator(".dots-left")).to_have_text("You have 2 dots left.")
    phones[2].check_accessibility()
    phones[2].screenshot("live-phone-vote")
    expect(page.locator(".live-stats")).to_contain_text("5 dots cast")
    expect(page.locator(".live-stats")).to_contain_text("3 phones taking part")
    screen.screenshot("live-projector-vote")

    page.get_by_role("button", name="Results").click()
    expect(screen.page.locator(".ranking li").first).to_contain_text("Meetings that work")
    expect(screen.page.locator(".ranking li").first).to_contain_text("5 dots")
    screen.check_accessibility()
    screen.screenshot("live-projector-results")

    page.get_by_role("button", name="Close the session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Results")
    expect(page.locator(".outcome-item").first).to_contain_text("5 dots")
    lead.check_accessibility()
    lead.screenshot("live-results")

    # The code is spent: the phone reloads by itself and gets the plain message.
    expect(phones[0].page.get_by_role("alert")).to_contain_text(
        "No open meeting has this code", timeout=10_000
    )
    phones[0].check_accessibility()


@pytest.mark.usefixtures("clean_cache")
def test_phones_in_bokmal_and_small_groups(visitor, browser_personas):
    from live import services

    session = services.create_session(
        unit=browser_personas.org.performance, title="Kartleggingsmøte", actor=None, small_groups=2
    )
    v = _phone(visitor, language="nb")
    page = v.goto(f"/m/{session.code}/")
    # The bokmål texts arrive with the catalogue (the lead merges /work/tr/live.json); until
    # then the English source texts show, so both are accepted here.
    expect(page.locator("html")).to_have_attribute("lang", "nb")
    expect(page.get_by_role("button", name="English")).to_be_visible()
    group = page.get_by_label(re.compile("Din smågruppe|Your small group"))
    group.select_option("1")
    page.get_by_role("button", name=re.compile("Velg gruppe|Choose group")).click()
    v.check_accessibility()
    page.get_by_label(re.compile("Kortet ditt|Your card")).fill("Vi trenger mer ro")
    page.get_by_role("button", name="Send").click()
    expect(page.locator("#mine")).to_contain_text("Vi trenger mer ro")
    v.screenshot("live-phone-groups-nb")
    assert Card.objects.get().shared is False  # within group 1 until the facilitator shares
    page.get_by_role("button", name="English").click()  # the language switch, no login
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#mine")).to_contain_text("Vi trenger mer ro")
    v.check_accessibility()
    wrong = _phone(visitor, language="nb")
    page = wrong.goto("/m/")
    page.get_by_label(re.compile("Møtekode|Meeting code")).fill("QQQQQQ")
    page.get_by_role("button", name=re.compile("Bli med|Join")).click()
    expect(page.get_by_role("alert")).to_be_visible()
    wrong.check_accessibility()
    wrong.screenshot("live-join-unknown-nb")


def test_the_outcome_becomes_focus_areas_of_the_action_plan(visitor, browser_personas):
    from actions.models import FocusArea
    from live import services

    p = browser_personas
    session = services.create_session(
        unit=p.org.performance, title="Mapping meeting", actor=p.facilitator
    )
    services.create_cluster(
        session=session, title="Good colleagues", kind="preserve", actor=p.facilitator
    )
    services.create_cluster(
        session=session, title="Meetings run late", kind="improve", actor=p.facilitator
    )
    lead = visitor(p.facilitator)
    page = lead.goto(f"/live/{session.uid}/results/")
    page.get_by_label("Good colleagues (Preserve)").uncheck()
    page.get_by_role("button", name="Add to the action plan").click()
    expect(page.get_by_role("status")).to_contain_text("1 focus area was added to the action plan.")
    expect(page.get_by_text("Meetings run late").first).to_be_visible()
    lead.check_accessibility()
    lead.screenshot("live-outcome-to-plan")
    assert list(FocusArea.objects.values_list("title", "kind")) == [
        ("Meetings run late", "improve")
    ]
