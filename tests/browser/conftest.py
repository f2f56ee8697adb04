"""Browser tests: headless Debian Chromium driven by Playwright, with an axe-core scan of
every page visited (serious and critical violations fail the test)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from tests.personas import Personas, build_personas

ARTIFACTS = Path(os.environ.get("MEDVIRK_TEST_ARTIFACTS", "test-artifacts"))

# The live server shares the test's one connection to an in-memory SQLite database with its
# request threads: two browsers saving at the same moment would then begin a transaction on a
# connection that is inside one already ("cannot start a transaction within a transaction").
# On SQLite the live server answers one request at a time (and closes each connection, so a
# waiting browser is never starved); PostgreSQL keeps the threaded server.
if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(WSGIServer):
        """Django's single-threaded server; requests run in the live server's thread, which
        uses the test's connection already."""

        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)

    LiveServerThread.server_class = SerialWSGIServer
FAILING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            # One browser per xdist worker: keep browser tests of a module together.
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if not executable:
        pytest.fail("Chromium is not installed: apt-get install chromium (see README)")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=executable,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


class Visitor:
    """A page in a browser context, plus helpers that scan every page for accessibility."""

    def __init__(self, page: Page, base_url: str, axe: Axe) -> None:
        self.page = page
        self.base_url = base_url
        self.axe = axe
        self.scanned: list[str] = []

    def goto(self, path: str) -> Page:
        self.page.goto(self.base_url + path)
        self.check_accessibility()
        return self.page

    def check_accessibility(self) -> None:
        """Run axe-core on the current page; fail on serious or critical violations. Waits for
        the page to have loaded: after a click that navigates, the old document may be gone
        before the new one is there (axe then finds no document element)."""
        self.page.wait_for_load_state("load")
        try:
            results = self.axe.run(self.page)
        except PlaywrightError as error:
            if "documentElement" not in str(error):
                raise
            self.page.wait_for_load_state("load")
            results = self.axe.run(self.page)
        bad = [v for v in results.response["violations"] if v.get("impact") in FAILING_IMPACTS]
        self.scanned.append(self.page.url)
        if bad:
            lines = [
                f"{v['id']} ({v['impact']}): {v['help']} – "
                + "; ".join(n["target"][0] if n.get("target") else "?" for n in v["nodes"][:5])
                for v in bad
            ]
            pytest.fail(f"axe-core found violations on {self.page.url}:\n" + "\n".join(lines))

    def screenshot(self, name: str, of: Locator | None = None) -> Path:
        """The whole page, or only the element `of`, as test-artifacts/NAME.png."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        if of is None:
            self.page.screenshot(path=str(path), full_page=True)
        else:
            of.screenshot(path=str(path))
        return path


@pytest.fixture
def browser_personas(transactional_db: None) -> Personas:
    return build_personas()


@pytest.fixture
def visitor(browser: Browser, live_server: Any, axe: Axe) -> Iterator[Any]:
    """`visitor()` opens a fresh anonymous browser context; `visitor(user)` one logged in as
    `user` through a real session cookie (the login form itself has its own test)."""
    contexts = []

    def open_as(user: Any = None, *, language: str = "en") -> Visitor:
        context = browser.new_context(locale="nb-NO" if language == "nb" else "en-GB")
        contexts.append(context)
        cookies = [
            {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}
        ]
        if user is not None:
            session = SessionStore()
            session[SESSION_KEY] = str(user.pk)
            session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            session[HASH_SESSION_KEY] = user.get_session_auth_hash()
            session.save()
            cookies.append(
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": session.session_key,
                    "url": live_server.url,
                }
            )
        context.add_cookies(cookies)  # type: ignore[arg-type]
        page = context.new_page()
        page.set_default_timeout(10_000)
        return Visitor(page, live_server.url, axe)

    yield open_as
    for context in contexts:
        context.close()
