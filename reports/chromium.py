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
import shutil
import signal
import threading
import time
from collections import Counter
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from multiprocessing import util as multiprocessing_util
from typing import Any

from lib.pageguess import PageMemo, Section, sections
from lib.pdfdests import PdfStructureError, destinations_and_page_count

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
# page): Chromium cannot print target-counter(). The numbers are guessed from the page counts of
# sections seen before (lib/pageguess.py), the page is printed with them, and the true pages are
# read from the PDF's named destinations: when a number is wrong, the page is printed again
# with the true ones (the contents page's layout does not depend on its numbers, so that print
# is right; it is checked as well). When too little is known for a guess, a first print that
# paints nothing but the boxes of the targets (their contents and everything else are hidden,
# which keeps the layout; cheap) gives the pages.
_COUNT_TARGETS = "() => document.querySelectorAll('[data-page-of]').length"
_DRY_RUN = """() => {
  for (const el of document.querySelectorAll('[data-page-of]')) {
    document.getElementById(el.dataset.pageOf)?.classList.add('medvirk-target');
  }
  const style = document.createElement('style');
  style.id = 'medvirk-dry-run';
  style.textContent = 'body * { visibility: hidden !important; }'
    + ' .medvirk-target { visibility: visible !important; }'
    + ' .medvirk-target * { visibility: hidden !important; }';
  document.head.append(style);
}"""
_END_DRY_RUN = """() => {
  document.getElementById('medvirk-dry-run').remove();
  for (const el of document.querySelectorAll('.medvirk-target')) {
    el.classList.remove('medvirk-target');
  }
}"""
_FILL_TARGETS = """(pages) => {
  for (const el of document.querySelectorAll('[data-page-of]')) {
    const page = pages[el.dataset.pageOf];
    el.textContent = page ? String(page) : '';
  }
  document.documentElement.classList.add('page-numbers');
}"""
_PRINTS = 3  # prints with numbers at most (the second is right unless the layout moved)
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
        parts = sections(html)
        if not parts:
            return bytes(page.pdf(**PDF_OPTIONS, tagged=True, outline=True))
        COUNTS["pdfs"] += 1
        numbers = MEMO.guess(parts)
        try:
            if numbers is None:
                COUNTS["dry_runs"] += 1
                numbers = self._dry_run(page, parts)
            for attempt in range(_PRINTS):
                page.evaluate(_FILL_TARGETS, numbers)
                body = bytes(page.pdf(**PDF_OPTIONS, tagged=True, outline=True))
                pages = _learn(parts, body)
                if pages == numbers:
                    return body
                COUNTS["reprints"] += 1
                log.debug("contents page numbers guessed wrong (print %s): reprinting", attempt + 1)
                numbers = pages
            log.error("contents page numbers still wrong after %s prints: left out", _PRINTS)
        except PdfStructureError as error:
            log.warning("PDF page numbers left out: %s", error)
        page.evaluate(_FILL_TARGETS, {})
        return bytes(page.pdf(**PDF_OPTIONS, tagged=True, outline=True))

    def _dry_run(self, page: Any, parts: list[Section]) -> dict[str, int]:
        page.evaluate(_DRY_RUN)
        try:
            return _learn(parts, bytes(page.pdf(**PDF_OPTIONS)))
        finally:
            page.evaluate(_END_DRY_RUN)

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


def _learn(parts: list[Section], body: bytes) -> dict[str, int]:
    """The first page of every section of `parts` in the PDF `body` (0 when one has no named
    destination); the memo learns their page counts."""
    destinations, page_count = destinations_and_page_count(body)
    pages = {part.target: destinations.get(part.target, 0) for part in parts[1:]}
    MEMO.learn(parts, pages, page_count)
    return pages


MEMO = PageMemo()  # page counts of sections, learned from this process's prints
COUNTS: Counter[str] = Counter()  # PDFs with a contents page, first prints, reprints

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
    COUNTS.clear()  # the child's own prints (it keeps the parent's MEMO as a start)


os.register_at_fork(after_in_child=_forget_after_fork)
atexit.register(close)
