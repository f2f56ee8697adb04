"""Headless Chromium as a PDF printer: one long-lived browser per process.

The printer talks to Chromium itself, over the DevTools pipe (`reports/cdp.py`): no driver
process between them. Every process has one printer thread that owns the browser and its one
page; callers (request threads, a release's worker processes) hand it HTML and wait. A
browser is never shared across fork: the child of a fork forgets its parent's printer and
starts its own on first use.

Nothing is fetched while printing: the HTML carries its stylesheet and inline SVG, fonts come
from the system, the page's own JavaScript is off, the page is offline and no host name or
address resolves in the browser.

When a print fails (Chromium crashed, or did not answer within `TIMEOUT` seconds) the browser
is thrown away and the print is tried once more with a fresh one; a second failure raises
`PrinterError`."""

from __future__ import annotations

import atexit
import base64
import contextlib
import json
import logging
import os
import queue
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from multiprocessing import util as multiprocessing_util
from typing import Any

from lib import pdfnumbers
from lib.pdfdests import PdfStructureError, named_destination_pages
from reports import cdp

log = logging.getLogger(__name__)

TIMEOUT = 120.0  # seconds for one print, a browser start included
LAUNCH_ARGS = [
    "--headless",  # the full browser's headless mode (the headless shell accepts it as well)
    "--remote-debugging-pipe",  # DevTools on descriptors 3 and 4 (reports.cdp.spawn)
    "--no-startup-window",  # no first tab: the printer opens its own page
    # No host name or address resolves: nothing can be fetched even where the page's offline
    # mode does not reach (the full browser preconnects to hosts it has seen, for one).
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--no-sandbox",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-component-extensions-with-background-pages",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-sync",
    "--disable-gpu",
    "--password-store=basic",  # no desktop keyring looked for
    # Containers often have a /dev/shm of 64 MB, and Chromium crashes when it fills up.
    "--disable-dev-shm-usage",
    # The page is never on screen: keep its renderer at full speed all the same.
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--force-color-profile=srgb",  # colours as the stylesheet gives them on any machine
    "--hide-scrollbars",
    "--mute-audio",
]
# Page.printToPDF: the page's CSS size and margins (every report sets them with @page), its
# backgrounds, tags and an outline. For a document without an @page: US Letter without
# margins, as Playwright asked for them (DevTools' own margins are 1 cm).
PDF_OPTIONS: dict[str, Any] = {
    "preferCSSPageSize": True,
    "printBackground": True,
    "generateTaggedPDF": True,
    "generateDocumentOutline": True,
    "paperWidth": 8.5,
    "paperHeight": 11.0,
    "marginTop": 0,
    "marginBottom": 0,
    "marginLeft": 0,
    "marginRight": 0,
}
_QUIT = 5.0  # seconds for Chromium to quit when asked before it is killed
_OFFLINE = {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
# The generic font families as Playwright set them on Linux, so that text in a generic family
# prints as it did (Chromium's own monospace is Liberation Mono, fontconfig's DejaVu Sans Mono).
_FONT_FAMILIES = {
    "standard": "Times New Roman",
    "fixed": "Monospace",
    "serif": "Times New Roman",
    "sansSerif": "Arial",
    "cursive": "Comic Sans MS",
    "fantasy": "Impact",
}
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
        except Exception as error:  # the browser's errors (reports.cdp), a time-out, OSError
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
        self._jobs: queue.SimpleQueue[tuple[str, Future[bytes], float] | None] = queue.SimpleQueue()
        # The browser is the printer thread's; the lock lets another thread kill it (_kill)
        # while it is in use, and never after the printer thread has let go of it to reap it.
        self._lock = threading.Lock()
        self._browser: _Browser | None = None
        self._thread = threading.Thread(target=self._serve, name="chromium-printer", daemon=True)
        self._thread.start()

    @property
    def browser_pid(self) -> int | None:
        browser = self._browser
        return browser.pid if browser is not None else None

    def print(self, html: str, *, timeout: float) -> bytes:
        future: Future[bytes] = Future()
        self._jobs.put((html, future, time.monotonic() + timeout))
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
        with self._lock:
            if self._browser is not None:
                self._browser.kill()

    # Everything below runs on the printer thread.

    def _serve(self) -> None:
        while (job := self._jobs.get()) is not None:
            html, future, deadline = job
            if not future.set_running_or_notify_cancel():
                continue
            try:
                future.set_result(self._print(html, deadline))
            except BaseException as error:
                self._discard(gracefully=False)
                future.set_exception(error)
        self._discard(gracefully=True)

    def _print(self, html: str, deadline: float) -> bytes:
        page = self._ready_browser(deadline).page(deadline)
        page.load(_without_screen_layout(html))
        targets = list(dict.fromkeys(_TARGET.findall(html)))
        if not targets:
            return page.pdf()
        COUNTS["pdfs"] += 1
        try:
            slots = pdfnumbers.placeholders(targets)
        except PdfStructureError as error:
            log.warning("contents page numbers printed twice: %s", error)
            slots = {}
        page.fill(slots)
        body = page.pdf()
        try:
            pages = _pages(targets, body)
        except PdfStructureError as error:
            log.warning("PDF page numbers left out: %s", error)
            page.fill({})
            return page.pdf()
        try:
            if slots:
                return pdfnumbers.write_numbers(body, slots, pages)
        except PdfStructureError as error:
            log.warning("contents page numbers not written into the PDF: %s", error)
        return self._print_with_numbers(page, targets, pages)

    def _print_with_numbers(self, page: _Page, targets: list[str], pages: dict[str, int]) -> bytes:
        """Print again with the numbers filled in, checked against the print's own pages."""
        try:
            for _attempt in range(_PRINTS):
                COUNTS["reprints"] += 1
                page.fill({t: str(n) for t, n in pages.items() if n})
                body = page.pdf()
                printed = _pages(targets, body)
                if printed == pages:
                    return body
                pages = printed
            log.error("contents page numbers still wrong after %s prints: left out", _PRINTS)
        except PdfStructureError as error:
            log.warning("PDF page numbers left out: %s", error)
        page.fill({})
        return page.pdf()

    def _ready_browser(self, deadline: float) -> _Browser:
        if self._browser is not None and not self._browser.connection.closed:
            return self._browser
        self._discard(gracefully=False)
        path = executable()
        if path is None:
            raise PrinterError("Chromium is not installed (apt-get install chromium)")
        started = time.perf_counter()
        browser = _Browser(path)
        with self._lock:  # from here on a time-out can kill it
            self._browser = browser
        self.launches += 1
        browser.open_page(deadline)
        log.info(
            "Chromium started for PDFs (pid %s) in %.2f s",
            browser.pid,
            time.perf_counter() - started,
        )
        return browser

    def _discard(self, *, gracefully: bool) -> None:
        """Stop the browser (see `_Browser.close`)."""
        with self._lock:
            browser, self._browser = self._browser, None
        if browser is not None:
            browser.close(gracefully=gracefully)


class _Browser:
    """A Chromium started for printing: its process, DevTools pipe, profile and page."""

    def __init__(self, path: str) -> None:
        # A fresh profile per browser, removed with it: nothing is kept from one to the next.
        self.profile = tempfile.mkdtemp(prefix="medvirk-chromium-")
        command = [path, *LAUNCH_ARGS, f"--user-data-dir={self.profile}"]
        try:
            with open(os.path.join(self.profile, "chromium.log"), "wb") as stderr:
                self.process, self.connection = cdp.spawn(
                    command, stderr=stderr, events={"Page.loadEventFired"}
                )
        except BaseException:
            shutil.rmtree(self.profile, ignore_errors=True)
            raise
        self.pid: int | None = None  # the browser's own (the command may be a wrapper script)
        self.session = self.frame = ""

    def open_page(self, deadline: float) -> None:
        """Open the page that prints: no JavaScript of its own, offline."""
        try:
            target = self._send("Target.createTarget", {"url": "about:blank"}, deadline)
        except cdp.ConnectionClosed as error:
            raise cdp.ConnectionClosed(f"Chromium did not start: {self.log_tail()}") from error
        attached = {"targetId": target["targetId"], "flatten": True}
        self.session = self._send("Target.attachToTarget", attached, deadline)["sessionId"]
        for method, params in (
            ("Inspector.enable", {}),  # for Inspector.targetCrashed
            ("Page.enable", {}),  # for Page.loadEventFired
            ("Emulation.setScriptExecutionDisabled", {"value": True}),
            # Offline holds for subresources (images, stylesheets, fonts) only while the
            # Network domain is enabled; without it, only navigations are stopped.
            ("Network.enable", {}),
            ("Network.emulateNetworkConditions", _OFFLINE),
            ("Page.setFontFamilies", {"fontFamilies": _FONT_FAMILIES}),
        ):
            self._send(method, params, deadline, session=True)
        tree = self._send("Page.getFrameTree", {}, deadline, session=True)["frameTree"]
        self.frame = tree["frame"]["id"]
        processes = self._send("SystemInfo.getProcessInfo", {}, deadline)["processInfo"]
        self.pid = next((p["id"] for p in processes if p["type"] == "browser"), None)

    def page(self, deadline: float) -> _Page:
        return _Page(self, deadline)

    def kill(self) -> None:
        """Kill Chromium and every process it started (its process group)."""
        if self.process.returncode is None:  # not reaped: the group id is still its own
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)

    def close(self, *, gracefully: bool) -> None:
        """Stop Chromium (asked to quit first when `gracefully`, so that it ends its own
        processes; killed when it has not quit within `_QUIT` seconds), reap it, close the
        pipe and remove the profile."""
        if gracefully:
            with contextlib.suppress(cdp.CdpError, TimeoutError, OSError):
                self.connection.send("Browser.close", timeout=_QUIT)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(_QUIT)
        if self.process.returncode is None:
            self.kill()
            try:
                self.process.wait(_QUIT)
            except subprocess.TimeoutExpired:
                log.error("Chromium (pid %s) did not end when killed", self.process.pid)
        self.connection.close()
        shutil.rmtree(self.profile, ignore_errors=True)

    def log_tail(self) -> str:
        """The end of what Chromium wrote to stderr."""
        try:
            with open(os.path.join(self.profile, "chromium.log"), "rb") as stderr:
                stderr.seek(max(0, os.fstat(stderr.fileno()).st_size - 2000))
                return stderr.read().decode(errors="replace").strip() or "no output"
        except OSError as error:
            return str(error)

    def _send(
        self, method: str, params: dict[str, Any], deadline: float, *, session: bool = False
    ) -> dict[str, Any]:
        return self.connection.send(
            method,
            params,
            session_id=self.session if session else None,
            timeout=deadline - time.monotonic(),
        )


class _Page:
    """The browser's page, for one print (every call ends by `deadline`)."""

    def __init__(self, browser: _Browser, deadline: float) -> None:
        self.browser, self.deadline = browser, deadline
        self.connection, self.session = browser.connection, browser.session

    def load(self, html: str) -> None:
        """Make `html` the page's document and wait until it has loaded."""
        self.connection.drop_events("Page.loadEventFired", session_id=self.session)
        params = {"frameId": self.browser.frame, "html": html}
        self.connection.send(
            "Page.setDocumentContent", params, session_id=self.session, timeout=self._left()
        )
        # The document's own state says whether it has loaded (usually it has by now: the
        # document has everything inline); a load event only says that it may have.
        while self._evaluate("document.readyState") != "complete":
            self.connection.wait_for_event(
                "Page.loadEventFired", session_id=self.session, timeout=self._left()
            )

    def fill(self, numbers: dict[str, str]) -> None:
        """Put the contents page's numbers in (`_FILL_TARGETS`): the page's own scripts are
        off, but an expression evaluated through DevTools still runs."""
        self._evaluate(f"({_FILL_TARGETS})({json.dumps(numbers)})")

    def pdf(self) -> bytes:
        reply = self.connection.send(
            "Page.printToPDF", PDF_OPTIONS, session_id=self.session, timeout=self._left()
        )
        return base64.b64decode(reply["data"])

    def _evaluate(self, expression: str) -> Any:
        return self.connection.evaluate(expression, session_id=self.session, timeout=self._left())

    def _left(self) -> float:
        return self.deadline - time.monotonic()


def _without_screen_layout(html: str) -> str:
    """`html` with `_NO_SCREEN` at the start of its head (a document without a head is left as
    it is: a style before the doctype would switch it to quirks mode)."""
    head = html.find("<head>")
    if head < 0:
        return html
    return html[: head + 6] + _NO_SCREEN + html[head + 6 :]


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
    """The child of a fork has no printer thread: start afresh, never touch the parent's (its
    copies of the parent's pipe are closed, so that the browser sees the pipe close when the
    parent lets go of it)."""
    global _PRINTER, _LOCK
    browser = _PRINTER._browser if _PRINTER is not None else None
    if browser is not None:
        browser.connection.close()
    _PRINTER = None
    _LOCK = threading.Lock()
    COUNTS.clear()  # the child's own prints


os.register_at_fork(after_in_child=_forget_after_fork)
atexit.register(close)
