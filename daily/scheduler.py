"""A small in-process scheduler for installations without cron: `medvirk scheduler` checks
once a minute and runs the daily jobs (daily.runner) when the local time has reached
MEDVIRK_DAILY_AT and today's run is missing — so a scheduler started (or restarted) later
in the day catches up at once, and one started before the time waits for it. The run record
makes two schedulers, or a scheduler and cron, run each day once."""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable

from django.db import close_old_connections, connection
from django.utils import timezone

from daily import runner

log = logging.getLogger(__name__)

POLL_SECONDS = 60.0


class Scheduler:
    def __init__(
        self,
        *,
        at: dt.time,
        now: Callable[[], dt.datetime] = timezone.now,
        report: Callable[[str], None] = log.info,
    ) -> None:
        self.at = at
        self.now = now
        self.report = report

    def due(self, moment: dt.datetime) -> dt.date | None:
        """The local day to run at `moment`, or None (too early, or run already)."""
        local = timezone.localtime(moment)
        if local.time() < self.at or runner.has_run(local.date()):
            return None
        return local.date()

    def tick(self) -> runner.Outcome | None:
        day = self.due(self.now())
        if day is None:
            return None
        return runner.run_daily(today=day, report=self.report)

    def serve(self, stop: threading.Event, *, poll: float = POLL_SECONDS) -> None:
        """Tick until `stop` is set. A failing tick (the database away for a moment) is
        logged and tried again at the next poll."""
        self.report(f"scheduler: the daily jobs run at {self.at:%H:%M} local time")
        while not stop.is_set():
            if not connection.in_atomic_block:
                # A long-running process: drop a connection the database closed meanwhile.
                close_old_connections()
            try:
                self.tick()
            except Exception:
                log.exception("scheduler: the daily run could not start; trying again")
            stop.wait(poll)
