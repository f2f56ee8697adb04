"""The DevTools pipe client (reports.cdp) against a real headless Chromium: commands and their
replies, messages larger than the pipe holds both ways, errors, time-outs, a browser or page
that dies while a command waits, and the descriptors the browser gets. Each test starts a
browser of its own."""

from __future__ import annotations

import base64
import contextlib
import os
import random
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reports import cdp, chromium

TIMEOUT = 30.0


def _spawn(profile: Path) -> tuple[subprocess.Popen[bytes], cdp.Connection]:
    path = chromium.executable()
    assert path is not None, "Chromium is not installed"
    command = [path, *chromium.LAUNCH_ARGS, f"--user-data-dir={profile}"]
    return cdp.spawn(command, stderr=subprocess.DEVNULL, events={"Page.loadEventFired"})


@pytest.fixture
def connection(tmp_path: Path) -> Iterator[cdp.Connection]:
    """The connection to a browser of the test's own."""
    process, connection = _spawn(tmp_path / "profile")
    yield connection
    connection.close()
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def _page(connection: cdp.Connection) -> str:
    """A new page's session, with Inspector events on (they say when it crashed)."""
    target = connection.send("Target.createTarget", {"url": "about:blank"}, timeout=TIMEOUT)
    attach = {"targetId": target["targetId"], "flatten": True}
    session: str = connection.send("Target.attachToTarget", attach, timeout=TIMEOUT)["sessionId"]
    connection.send("Inspector.enable", session_id=session, timeout=TIMEOUT)
    return session


def _show(connection: cdp.Connection, session: str, html: str) -> None:
    tree = connection.send("Page.getFrameTree", session_id=session, timeout=TIMEOUT)
    content = {"frameId": tree["frameTree"]["frame"]["id"], "html": html}
    connection.send("Page.setDocumentContent", content, session_id=session, timeout=TIMEOUT)


def _processes(connection: cdp.Connection, kind: str) -> list[int]:
    """The ids of the browser's processes of `kind` ("browser", "renderer", …)."""
    processes = connection.send("SystemInfo.getProcessInfo", timeout=TIMEOUT)["processInfo"]
    return [process["id"] for process in processes if process["type"] == kind]


def test_a_page_prints_to_a_pdf(connection):
    session = _page(connection)
    _show(connection, session, "<!DOCTYPE html><title>t</title><p>printed</p>")
    reply = connection.send("Page.printToPDF", session_id=session, timeout=TIMEOUT)
    assert base64.b64decode(reply["data"]).startswith(b"%PDF-")


def test_a_pdf_larger_than_the_pipe_holds_is_read_whole(connection, tmp_path):
    session = _page(connection)
    spots = random.Random(1)
    circles = "".join(  # every circle is a path of its own in the PDF: about 0.7 MB a page
        f"<circle cx={spots.random() * 600:.3f} cy={spots.random() * 800:.3f} r=3 />"
        for _ in range(1500)
    )
    pages = f"<svg width=600 height=800 style='break-after: page'>{circles}</svg>" * 4
    _show(connection, session, f"<!DOCTYPE html><title>t</title>{pages}")
    reply = connection.send("Page.printToPDF", session_id=session, timeout=TIMEOUT)
    assert len(reply["data"]) > 2 * (1 << 20)  # a pipe holds 64 KiB (Linux), at most 1 MiB
    path = tmp_path / "big.pdf"
    path.write_bytes(base64.b64decode(reply["data"]))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    assert re.search(r"^Pages:\s+4$", info.stdout, re.MULTILINE)


def test_a_command_larger_than_the_pipe_holds_is_written_whole(connection):
    session = _page(connection)
    text = "".join(f"{n:07} " for n in range(400_000))  # 3.2 MB
    _show(connection, session, f"<!DOCTYPE html><title>t</title><p>{text}</p>")
    read = connection.evaluate("document.body.textContent", session_id=session, timeout=TIMEOUT)
    assert read == text  # and the reply carries it back


def test_an_error_from_the_browser_names_the_command(connection):
    with pytest.raises(cdp.ProtocolError, match=r"Page.frobnicate failed: .*wasn't found"):
        connection.send("Page.frobnicate", timeout=TIMEOUT)
    session = _page(connection)
    with pytest.raises(cdp.JavaScriptError, match="ReferenceError: nothing is not defined"):
        connection.evaluate("nothing.here", session_id=session, timeout=TIMEOUT)
    assert connection.evaluate("6 * 7", session_id=session, timeout=TIMEOUT) == 42  # usable


def test_a_command_without_an_answer_times_out(connection):
    session = _page(connection)
    started = time.monotonic()
    with pytest.raises(TimeoutError, match=r"Runtime.evaluate"):
        connection.send(
            "Runtime.evaluate",
            {"expression": "new Promise(() => {})", "awaitPromise": True},
            session_id=session,
            timeout=0.5,
        )
    assert time.monotonic() - started < 5
    assert connection.evaluate("1 + 1", session_id=session, timeout=TIMEOUT) == 2


def test_a_killed_browser_is_reported_at_once_not_at_the_time_out(connection):
    session = _page(connection)
    os.kill(_processes(connection, "browser")[0], signal.SIGKILL)
    started = time.monotonic()
    with pytest.raises(cdp.ConnectionClosed, match="closed its DevTools pipe"):
        connection.send("Page.printToPDF", session_id=session, timeout=60)
    assert time.monotonic() - started < 10
    with pytest.raises(cdp.ConnectionClosed):  # and every command after it
        connection.send("Browser.getVersion", timeout=60)


def test_a_crashed_page_is_reported_at_once_not_at_the_time_out(connection):
    session = _page(connection)
    _show(connection, session, "<!DOCTYPE html><title>t</title><p>soon gone</p>")
    for renderer in _processes(connection, "renderer"):  # the page's among them
        os.kill(renderer, signal.SIGKILL)
    started = time.monotonic()
    with pytest.raises((cdp.TargetGone, cdp.ProtocolError)):  # whichever comes first
        for _attempt in range(3):  # the crash is noticed by the browser a little later
            connection.evaluate("document.title", session_id=session, timeout=60)
            time.sleep(0.2)
    assert time.monotonic() - started < 10
    assert connection.send("Browser.getVersion", timeout=TIMEOUT)["product"]  # the browser lives


def test_the_browser_gets_the_pipe_on_descriptors_3_and_4_and_nothing_else_of_ours(tmp_path):
    with open(tmp_path / "inherited", "w") as stray:
        os.set_inheritable(stray.fileno(), True)  # would reach a child that kept everything
        process, connection = _spawn(tmp_path / "profile")
    try:
        browser = _descriptors(_processes(connection, "browser")[0])
        started = _descriptors(process.pid)  # what Popen gave it (the browser, or a script)
    finally:
        connection.close()  # the browser's commands end: it quits
        process.wait(10)
    for fds in (browser, started):
        assert fds[0] == "/dev/null"
        assert fds[3].startswith("pipe:") and fds[4].startswith("pipe:")
        assert str(tmp_path / "inherited") not in fds.values()


def _descriptors(pid: int) -> dict[int, str]:
    """The open file descriptors of process `pid` and what they are (from /proc)."""
    fds = {}
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(FileNotFoundError):  # closed since it was listed
            fds[int(fd)] = os.readlink(f"/proc/{pid}/fd/{fd}")
    return fds
