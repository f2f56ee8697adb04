"""The respondent pages in a real browser on a phone-sized screen (390x844), in bokmål and in
English, with an axe-core scan of every page: answer half, close the browser, continue on
another "device", go back, switch language, submit with a double click, get the receipt and
"already answered" afterwards. Page texts are checked through structure and roles (the
bokmål catalogue is filled separately) and through the questionnaire's own texts."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from surveys.models import Comment, Invitation, Response
from tests.surveyfactories import open_round

pytestmark = pytest.mark.usefixtures("clean_cache")

PHONE = {"width": 390, "height": 844}
W1_TEXT = {"en": "I get my work done within working hours.", "nb": "Jeg rekker det jeg skal"}
OTHER = {"en": "nb", "nb": "en"}


def _device(visitor, language: str):
    v = visitor(language=language)
    v.page.set_viewport_size(PHONE)
    return v


def _expect_page(page: Page, language: str, number: int) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("progress")).to_have_attribute("value", str(number))
    expect(page.locator("nav.main-nav")).to_have_count(0)


@pytest.mark.parametrize("language", ["en", "nb"])
def test_a_respondent_answers_on_two_phones_and_submits_once(
    browser_personas, visitor, live_server, language
):
    link = open_round(browser_personas.org).invite(browser_personas.employee.person)

    # First phone: the introduction, then half the questionnaire, with the keyboard.
    first = _device(visitor, language)
    page = first.goto(f"/s/{link}/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("section.privacy li")).to_have_count(8)
    expect(page.locator("nav.main-nav")).to_have_count(0)
    first.screenshot(f"respond-start-{language}")
    page.locator("main a.button").first.click()
    _expect_page(page, language, 1)
    first.check_accessibility()
    expect(page.locator("#q-W1 legend")).to_contain_text(W1_TEXT[language])
    page.locator("#q-W1 input[value='4']").check()
    page.locator("#q-W2 input").first.focus()
    page.keyboard.press("ArrowDown")  # arrow keys move within the radio group
    expect(page.locator("#q-W2 input[value='2']")).to_be_checked()
    first.screenshot(f"respond-page1-{language}")
    page.keyboard.press("Tab")  # from the last radio group to "Next"
    page.keyboard.press("Enter")
    _expect_page(page, language, 2)
    first.check_accessibility()
    page.context.close()  # the phone's browser is closed halfway
    assert Invitation.objects.get().status == "started"

    # Second phone: continue where the first one stopped, go back, switch language.
    second = _device(visitor, language)
    page = second.goto(f"/s/{link}/")
    page.locator("main a.button").first.click()
    _expect_page(page, language, 2)
    second.check_accessibility()
    page.locator("button[name=go][value=back]").click()
    _expect_page(page, language, 1)
    second.check_accessibility()
    expect(page.locator("#q-W1 input[value='4']")).to_be_checked()
    expect(page.locator("#q-W2 input[value='2']")).to_be_checked()
    page.locator("#q-W2 input[value='3']").check()
    page.locator(f"header button[value='lang:{OTHER[language]}']").click()
    _expect_page(page, OTHER[language], 1)
    second.check_accessibility()
    expect(page.locator("#q-W2 input[value='3']")).to_be_checked()  # saved by the switch
    page.locator(f"header button[value='lang:{language}']").click()
    _expect_page(page, language, 1)
    page.locator("main button[name=go][value=next]").click()

    # Page 2, the summary, a double click on submit.
    _expect_page(page, language, 2)
    page.locator("#q-C1 input[value='na']").check()
    page.locator("#q-F1 input[value='no']").check()
    page.locator("#q-T1 textarea").fill("We help each other.")
    second.screenshot(f"respond-page2-{language}")
    page.locator("main button[name=go][value=next]").click()
    expect(page).to_have_url(re.compile(r"/summary/$"))
    second.check_accessibility()
    expect(page.locator("dl.answers dd")).to_have_count(6)
    expect(page.locator("main")).to_contain_text("We help each other.")
    second.screenshot(f"respond-summary-{language}")
    page.locator("form.submit-form button[type=submit]").dblclick()
    expect(page).to_have_url(re.compile(r"/thanks/$"))
    expect(page.locator(".receipt h1")).to_be_visible()
    second.check_accessibility()
    second.screenshot(f"respond-receipt-{language}")

    page = second.goto(f"/s/{link}/")  # a later visit
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main a.button")).to_have_count(0)
    second.screenshot(f"respond-already-{language}")
    response = Response.objects.get()
    assert response.answers == {"W1": 4, "W2": 3, "C1": "na", "F1": "no"}
    assert list(Comment.objects.values_list("text", flat=True)) == ["We help each other."]


@pytest.mark.parametrize("language", ["en", "nb"])
def test_bad_and_closed_links_get_plain_pages(browser_personas, visitor, language):
    survey = open_round(browser_personas.org, status="closed")
    link = survey.invite(browser_personas.employee.person)
    v = _device(visitor, language)
    page = v.goto(f"/s/{link}/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main a")).to_have_count(0)
    v.screenshot(f"respond-closed-{language}")
    page = v.goto("/s/" + "Z" * 43 + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    v.screenshot(f"respond-invalid-{language}")
