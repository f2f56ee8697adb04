from __future__ import annotations

import re

from playwright.sync_api import expect

from api.models import ApiToken, token_digest


def test_an_administrator_creates_a_token_sees_it_once_and_revokes_it(browser_personas, visitor):
    v = visitor(browser_personas.admin, language="en")
    page = v.goto("/api/tokens/")
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")
    expect(page.get_by_text("You have no tokens.")).to_be_visible()

    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("alert")).to_contain_text("Name")
    v.check_accessibility()

    page.get_by_label("Name", exact=True).fill("Nightly HR sync")
    page.get_by_role("button", name="Create token").click()
    raw = page.get_by_role("textbox", name="New token").input_value()
    assert re.fullmatch(r"mvk_[A-Za-z0-9_-]{43}", raw)
    token = ApiToken.objects.get(digest=token_digest(raw))
    expect(page.get_by_role("cell", name="Nightly HR sync", exact=True)).to_be_visible()
    v.check_accessibility()
    v.screenshot("api-token-created")

    page = v.goto("/api/tokens/")
    expect(page.get_by_role("textbox", name="New token")).to_have_count(0)
    assert raw not in page.content()

    page.get_by_role("button", name="Revoke the token “Nightly HR sync”").click()
    expect(page.get_by_role("status")).to_contain_text("is revoked")
    expect(page.get_by_role("cell", name="Revoked", exact=True)).to_be_visible()
    v.check_accessibility()
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_the_api_docs_load_without_the_internet(browser_personas, visitor):
    v = visitor()
    outside: list[str] = []
    v.page.on(
        "request", lambda r: outside.append(r.url) if not r.url.startswith(v.base_url) else None
    )
    v.page.goto(v.base_url + "/api/v1/docs")
    expect(v.page.get_by_text("/api/v1/units").first).to_be_visible()
    assert outside == []
