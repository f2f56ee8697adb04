"""Headless Chromium as a PDF printer: one long-lived browser per process.

Playwright's sync API belongs to the thread that started it, so every process has one printer
thread that owns Playwright, the browser and one reused page; callers (request threads, a
release's worker processes) hand it HTML and wait. A browser is never shared across fork: the
child of a fork forgets its parent's printer and starts its own on first use.

Nothing is fetched while printing: the HTML carries its stylesheet and inline SVG, fonts come
from the system, JavaScript is off and the browser context is offline.

When a print fails (Chromium crashed, or did not answer within `TIMEOUT` seconds) the browser
is thrown away and the print is tried once more with a fresh one; a second failure raises
`PrinterError`."""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import queue
import re
import shutil
import signal
import threading
import time
from collections import Counter
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from multiprocessing import util as multiprocessing_util
from typing import Any

from lib import pdfnumbers
from lib.pdfdests import PdfStructureError, named_destination_pages

log = logging.getLogger(__name__)

TIMEOUT = 120.0  # seconds for one print, a browser start included
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-gpu",
    "--disable-sync",
    "--no-first-run",
]
PDF_OPTIONS = {"prefer_css_page_size": True, "print_background": True}
# Elements with data-page-of="ID" get the page number of the element with that id (a contents
# page): Chromium cannot print target-counter(). The page is printed once with a placeholder in
# each number's place; the true pages are read from the PDF's named destinations and written
# over the placeholders (lib/pdfnumbers.py). Where that cannot be done, the page is printed
# again with the numbers filled in (the contents page's layout does not depend on them: each
# number has a box three digits wide), and that print is checked as well.
_TARGET = re.compile(r'data-page-of="([^"]+)"')
_FILL_TARGETS = """(numbers) => {
  for (const el of document.querySelectorAll('[data-page-of]')) {
    el.textContent = numbers[el.dataset.pageOf] || '';
  }
  document.documentElement.classList.add('page-numbers');
}"""
_PRINTS = 2  # prints with the numbers filled in (the first is right unless the layout moved)
# The page is only printed, never shown: without a layout for the screen, loading the document
# costs its parsing alone (about a tenth of a PDF's CPU time). Print media is not affected.
_NO_SCREEN = "<style>@media screen { html { display: none; } }</style>"


class PrinterError(RuntimeError):
    """Chromium could not print the document (twice)."""


def executable() -> str | None:
    """The old headless shell when installed (it prints the same PDF for about a third less
    CPU than the full browser in headless mode), otherwise the browser."""
    return (
        shutil.which("chromium-headless-shell")
        or shutil.which("chromium")
        or shutil.which("chromium-browser")
    )


def print_pdf(html: str, *, timeout: float | None = None) -> bytes:
    """The tagged PDF (with an outline) of the HTML document `html`."""
    last: BaseException | None = None
    for attempt in (1, 2):
        try:
            return _printer().print(html, timeout=timeout or TIMEOUT)
        except PrinterError:
            raise
        except Exception as error:  # Playwright's errors, a time-out
            last = error
            log.warning("Chromium failed to print a PDF (attempt %s): %s", attempt, error)
    raise PrinterError(f"Chromium could not print the PDF, twice: {last}") from last


def browser_pid() -> int | None:
    """The process id of this process's browser, if it runs (for tests and benchmarks)."""
    printer = _PRINTER if _PRINTER is not None and _PRINTER.owner == os.getpid() else None
    return printer.browser_pid if printer is not None else None


def launches() -> int:
    """How many browsers this process has started (for tests)."""
    return _PRINTER.launches if _PRINTER is not None and _PRINTER.owner == os.getpid() else 0


def close() -> None:
    """Stop this process's browser and printer thread (it starts again on the next print)."""
    global _PRINTER
    with _LOCK:
        printer, _PRINTER = _PRINTER, None
    if printer is not None and printer.owner == os.getpid():
        printer.stop()


class _Printer:
    def __init__(self) -> None:
        self.owner = os.getpid()
        self.launches = 0
        self.browser_pid: int | None = None
        self._jobs: queue.SimpleQueue[tuple[str, Future[bytes]] | None] = queue.SimpleQueue()
        self._playwright: Any = None
        self._browser: Any = None
        self._page: Any = None
        self._thread = threading.Thread(target=self._serve, name="chromium-printer", daemon=True)
        self._thread.start()

    def print(self, html: str, *, timeout: float) -> bytes:
        future: Future[bytes] = Future()
        self._jobs.put((html, future))
        try:
            return future.result(timeout)
        except FutureTimeout:
            if not future.cancel():  # already printing: kill the browser to end the call
                self._kill()
            raise TimeoutError(f"no PDF from Chromium within {timeout:.0f} s") from None

    def stop(self) -> None:
        self._jobs.put(None)
        self._thread.join(timeout=15)
        if self._thread.is_alive():
            self._kill()

    def _kill(self) -> None:
        pid = self.browser_pid
        if pid is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    # Everything below runs on the printer thread.

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            html, future = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(self._print(html))
            except BaseException as error:
                self._discard()
                future.set_exception(error)
        self._discard()

    def _print(self, html: str) -> bytes:
        page = self._ready_page()
        page.set_content(_without_screen_layout(html), wait_until="load")
        targets = list(dict.fromkeys(_TARGET.findall(html)))
        if not targets:
            return _pdf(page)
        COUNTS["pdfs"] += 1
        try:
            slots = pdfnumbers.placeholders(targets)
        except PdfStructureError as error:
            log.warning("contents page numbers printed twice: %s", error)
            slots = {}
        page.evaluate(_FILL_TARGETS, slots)
        body = _pdf(page)
        try:
            pages = _pages(targets, body)
        except PdfStructureError as error:
            log.warning("PDF page numbers left out: %s", error)
            page.evaluate(_FILL_TARGETS, {})
            return _pdf(page)
        try:
            if slots:
                return pdfnumbers.write_numbers(body, slots, pages)
        except PdfStructureError as error:
            log.warning("contents page numbers not written into the PDF: %s", error)
        return self._print_with_numbers(page, targets, pages)

    def _print_with_numbers(self, page: Any, targets: list[str], pages: dict[str, int]) -> bytes:
        """Print again with the numbers filled in, checked against the print's own pages."""
        try:
            for _attempt in range(_PRINTS):
                COUNTS["reprints"] += 1
                page.evaluate(_FILL_TARGETS, {t: str(n) for t, n in pages.items() if n})
                body = _pdf(page)
                printed = _pages(targets, body)
                if printed == pages:
                    return body
                pages = printed
            log.error("contents page numbers still wrong after %s prints: left out", _PRINTS)
        except PdfStructureError as error:
            log.warning("PDF page numbers left out: %s", error)
        page.evaluate(_FILL_TARGETS, {})
        return _pdf(page)

    def _ready_page(self) -> Any:
        if self._page is not None and not self._page.is_closed():
            return self._page
        if self._browser is None or not self._browser.is_connected():
            self._discard()
            self._launch()
        context = self._browser.new_context(java_script_enabled=False, offline=True)
        self._page = context.new_page()
        self._page.set_default_timeout(TIMEOUT * 1000)
        return self._page

    def _launch(self) -> None:
        from playwright.sync_api import sync_playwright

        path = executable()
        if path is None:
            raise PrinterError("Chromium is not installed (apt-get install chromium)")
        started = time.perf_counter()
        self._playwright = sync_playwright().start()
        self._browser = self._playwright.chromium.launch(
            executable_path=path, args=LAUNCH_ARGS, timeout=TIMEOUT * 1000
        )
        self.launches += 1
        session = self._browser.new_browser_cdp_session()
        processes = session.send("SystemInfo.getProcessInfo")["processInfo"]
        self.browser_pid = next((p["id"] for p in processes if p["type"] == "browser"), None)
        session.detach()
        log.info(
            "Chromium started for PDFs (pid %s) in %.2f s",
            self.browser_pid,
            time.perf_counter() - started,
        )

    def _discard(self) -> None:
        """Close the browser (kill it if that fails) and stop Playwright."""
        try:
            if self._browser is not None:
                self._browser.close()
        except Exception as error:  # it may have crashed already
            log.debug("closing Chromium: %s", error)
            self._kill()
        try:
            if self._playwright is not None:
                self._playwright.stop()
        except Exception as error:
            log.debug("stopping Playwright: %s", error)
        self._playwright = self._browser = self._page = None
        self.browser_pid = None


def _without_screen_layout(html: str) -> str:
    """`html` with `_NO_SCREEN` at the start of its head (a document without a head is left as
    it is: a style before the doctype would switch it to quirks mode)."""
    head = html.find("<head>")
    if head < 0:
        return html
    return html[: head + 6] + _NO_SCREEN + html[head + 6 :]


def _pdf(page: Any) -> bytes:
    return bytes(page.pdf(**PDF_OPTIONS, tagged=True, outline=True))


def _pages(targets: list[str], body: bytes) -> dict[str, int]:
    """The first page of every target in the PDF `body` (0 when one has no named destination)."""
    destinations = named_destination_pages(body)
    return {target: destinations.get(target, 0) for target in targets}


COUNTS: Counter[str] = Counter()  # PDFs with a contents page, prints with the numbers filled in

_PRINTER: _Printer | None = None
_LOCK = threading.Lock()


def _printer() -> _Printer:
    global _PRINTER
    with _LOCK:
        if _PRINTER is None or _PRINTER.owner != os.getpid():
            _PRINTER = _Printer()
            # Close the browser when the process ends: atexit in ordinary processes,
            # multiprocessing's finalizers in pool workers (they leave with os._exit).
            multiprocessing_util.Finalize(None, close, exitpriority=100)
        return _PRINTER


def _forget_after_fork() -> None:
    """The child of a fork has no printer thread: start afresh, never touch the parent's."""
    global _PRINTER, _LOCK
    _PRINTER = None
    _LOCK = threading.Lock()
    COUNTS.clear()  # the child's own prints


os.register_at_fork(after_in_child=_forget_after_fork)
atexit.register(close)
