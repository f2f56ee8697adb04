"""A small Chrome DevTools Protocol client over a pipe (Chromium's `--remote-debugging-pipe`).

Chromium started with `--remote-debugging-pipe` reads commands from its file descriptor 3 and
writes replies and events to its descriptor 4: JSON messages, each ending in a NUL byte.
`spawn` starts it that way; `Connection` sends a command and reads until its reply arrives,
keeping the events it was asked to keep and noting the ones that say a page is gone.

A connection belongs to one thread at a time; it starts no threads of its own. Every wait is
bounded by the caller's timeout (a browser that hangs raises `TimeoutError`, one that exits
closes the pipe and raises `ConnectionClosed`), and writes wait for room in the pipe the same
way, so nothing here blocks for ever."""

from __future__ import annotations

import collections
import contextlib
import itertools
import json
import math
import os
import select
import subprocess
import time
from collections.abc import Collection, Mapping, Sequence
from typing import IO, Any

# Events of a page session that say its target is gone: the session never answers
# again, so a command waiting for it must fail at once rather than at its time-out.
_GONE = {"Inspector.targetCrashed": "crashed", "Inspector.detached": "was detached"}
_READ_SIZE = 1 << 16  # what a pipe holds (Linux): a read seldom returns more
_EVENTS_KEPT = 100  # per kind and session; older ones are dropped


class CdpError(RuntimeError):
    """The browser did not do what was asked."""


class ProtocolError(CdpError):
    """The browser answered a command with an error."""

    def __init__(self, method: str, error: Mapping[str, Any]) -> None:
        self.method = method
        self.code = error.get("code")
        self.message = str(error.get("message", ""))
        detail = f" ({error['data']})" if error.get("data") else ""
        super().__init__(f"{method} failed: {self.message}{detail} [{self.code}]")


class JavaScriptError(CdpError):
    """An expression evaluated in the page threw."""


class ConnectionClosed(CdpError):
    """The browser closed the pipe: it exited or crashed."""


class TargetGone(CdpError):
    """The page's target crashed or was detached: its session will not answer any more."""


def spawn(
    command: Sequence[str],
    *,
    stderr: int | IO[bytes] | None = None,
    events: Collection[str] = (),
) -> tuple[subprocess.Popen[bytes], Connection]:
    """Start `command` (Chromium with `--remote-debugging-pipe`) with the two ends of the
    pipe on its descriptors 3 and 4, in a process group of its own (so that it can be killed
    with everything it started), and the connection to it (keeping `events`).

    `subprocess` can put descriptors only on 0, 1 and 2 (in C, after the fork: `preexec_fn`
    would run Python between fork and exec, which is not safe in a threaded process). So the
    pipe ends go in as stdin and stdout, and a shell moves them to 3 and 4, gives the browser
    /dev/null and stderr instead, and execs it. No other descriptor reaches the browser."""
    commands_read, commands_write = os.pipe()
    replies_read, replies_write = os.pipe()
    shell = 'exec "$@" 3<&0 4>&1 0</dev/null 1>&2'
    try:
        process = subprocess.Popen(  # noqa: S603 - the caller's command line, not input
            ["/bin/sh", "-c", shell, "sh", *command],
            stdin=commands_read,
            stdout=replies_write,
            stderr=stderr,
            close_fds=True,
            start_new_session=True,
        )
    except BaseException:
        for fd in (commands_write, replies_read):
            os.close(fd)
        raise
    finally:
        for fd in (commands_read, replies_write):  # the browser's ends: ours are the others
            os.close(fd)
    return process, Connection(replies_read, commands_write, events=events)


class Connection:
    """Commands and replies over the two pipe ends `reader` and `writer` (closed with it).

    `events` names the events to keep for `wait_for_event` (the newest `_EVENTS_KEPT` of each
    kind and session); the others are read and dropped."""

    def __init__(self, reader: int, writer: int, *, events: Collection[str] = ()) -> None:
        self._reader, self._writer = reader, writer
        for fd in (reader, writer):
            os.set_blocking(fd, False)
        self._ids = itertools.count(1)
        self._buffer = bytearray()
        self._scanned = 0  # no NUL in _buffer before this offset
        self._waiting: int | None = None  # the id of the command whose reply is awaited
        self._reply: dict[str, Any] | None = None
        self._kept = frozenset(events)
        self._events: dict[tuple[str, str | None], collections.deque[dict[str, Any]]] = {}
        self._gone: dict[str, str] = {}  # session id: why it will not answer
        self._sessions: dict[str, str] = {}  # target id: its session id
        self.closed = False

    def send(
        self,
        method: str,
        params: Mapping[str, Any] | None = None,
        *,
        session_id: str | None = None,
        timeout: float,
    ) -> dict[str, Any]:
        """The result of the command `method` (sent to `session_id`, or to the browser)."""
        deadline = time.monotonic() + timeout
        self._check(method, session_id)
        if timeout <= 0:
            raise TimeoutError(f"no time left to ask the browser ({method})")
        message: dict[str, Any] = {"id": next(self._ids), "method": method}
        if params:
            message["params"] = params
        if session_id is not None:
            message["sessionId"] = session_id
        self._waiting, self._reply = message["id"], None
        try:
            self._write(json.dumps(message).encode() + b"\0", method, deadline)
            while self._reply is None:
                self._read(method, deadline)
                self._check(method, session_id)
            reply = self._reply
        finally:
            self._waiting = self._reply = None
        if "error" in reply:
            raise ProtocolError(method, reply["error"])
        result: dict[str, Any] = reply.get("result", {})
        return result

    def evaluate(self, expression: str, *, session_id: str, timeout: float) -> Any:
        """The value of the JavaScript `expression` in the page of `session_id` (as JSON)."""
        reply = self.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True},
            session_id=session_id,
            timeout=timeout,
        )
        if "exceptionDetails" in reply:
            details = reply["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise JavaScriptError(f"the page's JavaScript failed: {text}")
        return reply["result"].get("value")

    def wait_for_event(
        self, method: str, *, session_id: str | None = None, timeout: float
    ) -> dict[str, Any]:
        """The parameters of the oldest kept event `method` of `session_id` not taken yet,
        waiting for one if there is none."""
        if method not in self._kept:
            raise ValueError(f"{method} events are not kept by this connection")
        deadline = time.monotonic() + timeout
        events = self._queue(method, session_id)
        while not events:
            self._check(method, session_id)
            self._read(method, deadline)
        return events.popleft()

    def drop_events(self, method: str, *, session_id: str | None = None) -> None:
        """Forget the kept events `method` of `session_id` that were not taken."""
        self._events.pop((method, session_id), None)

    def close(self) -> None:
        """Close both ends of the pipe (the browser sees its commands end and quits)."""
        if self._reader < 0:
            return
        for fd in (self._reader, self._writer):
            with contextlib.suppress(OSError):
                os.close(fd)
        self._reader = self._writer = -1
        self.closed = True

    def _check(self, method: str, session_id: str | None) -> None:
        if self.closed:
            raise ConnectionClosed(f"the browser closed its DevTools pipe ({method})")
        if session_id is not None and session_id in self._gone:
            raise TargetGone(f"the page {self._gone[session_id]} ({method})")

    def _wait(self, method: str, deadline: float, *, writing: bool = False) -> bool:
        """Wait until the pipe has something to read (or, `writing`, room to write) or was
        closed; whether there is something to read."""
        poller = select.poll()
        poller.register(self._reader, select.POLLIN)
        if writing:
            poller.register(self._writer, select.POLLOUT)
        remaining = deadline - time.monotonic()
        ready = poller.poll(math.ceil(remaining * 1000)) if remaining > 0 else []
        if not ready:
            raise TimeoutError(f"no answer from the browser in time ({method})")
        return any(fd == self._reader for fd, _event in ready)

    def _write(self, data: bytes, method: str, deadline: float) -> None:
        """Write all of `data`, reading what the browser sends meanwhile (it may be waiting
        for room in its own pipe before it reads more of ours)."""
        view = memoryview(data)
        while view:
            try:
                view = view[os.write(self._writer, view) :]
            except BlockingIOError:
                try:
                    readable = self._wait(method, deadline, writing=True)
                except TimeoutError:
                    if len(view) < len(data):  # half a message in the pipe: it is useless now
                        self.close()
                    raise
                if readable:
                    self._receive(method)
            except BrokenPipeError:
                self.close()
                raise ConnectionClosed(f"the browser closed its DevTools pipe ({method})") from None

    def _read(self, method: str, deadline: float) -> None:
        """Read what the pipe holds, waiting for something until `deadline`."""
        self._wait(method, deadline)
        self._receive(method)

    def _receive(self, method: str) -> None:
        try:
            chunk = os.read(self._reader, _READ_SIZE)
        except BlockingIOError:
            return
        if not chunk:
            self.close()
            raise ConnectionClosed(f"the browser closed its DevTools pipe ({method})")
        self._buffer += chunk
        while (end := self._buffer.find(b"\0", self._scanned)) >= 0:
            message = json.loads(self._buffer[:end])
            del self._buffer[: end + 1]
            self._scanned = 0
            self._dispatch(message)
        self._scanned = len(self._buffer)

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "id" in message:
            if message["id"] == self._waiting:  # a late reply to a command given up is dropped
                self._reply = message
            return
        method, params = message.get("method", ""), message.get("params", {})
        session = message.get("sessionId")
        if method == "Target.attachedToTarget":
            self._sessions[params["targetInfo"]["targetId"]] = params["sessionId"]
        elif method == "Target.detachedFromTarget":
            self._gone.setdefault(params["sessionId"], "was detached")
        elif method == "Target.targetCrashed" and params.get("targetId") in self._sessions:
            self._gone.setdefault(self._sessions[params["targetId"]], "crashed")
        elif method in _GONE and session is not None:
            self._gone.setdefault(session, _GONE[method])
        if method in self._kept:
            self._queue(method, session).append(params)

    def _queue(self, method: str, session_id: str | None) -> collections.deque[dict[str, Any]]:
        key = (method, session_id)
        if key not in self._events:
            self._events[key] = collections.deque(maxlen=_EVENTS_KEPT)
        return self._events[key]
