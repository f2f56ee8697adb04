"""`medvirk scheduler [--at HH:MM] [--once]`: run `medvirk daily` every day at
MEDVIRK_DAILY_AT (local time), and at once if today's run is missing and the time has
passed. Stops on SIGINT or SIGTERM. `make demo` starts it beside the task worker."""

from __future__ import annotations

import signal
import threading
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from daily.scheduler import Scheduler
from medvirk.env import clock_time


class Command(BaseCommand):
    help = "Run the daily jobs every day at MEDVIRK_DAILY_AT (a small scheduler without cron)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--at", help="HH:MM instead of MEDVIRK_DAILY_AT")
        parser.add_argument("--once", action="store_true", help="check once, run if due, and stop")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            at = clock_time("--at", options["at"]) if options["at"] else settings.MEDVIRK_DAILY_AT
        except Exception as error:
            raise CommandError(str(error)) from None

        def report(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        scheduler = Scheduler(at=at, report=report)
        if options["once"]:
            scheduler.tick()
            return
        stop = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stop.set())
        scheduler.serve(stop)
        report("scheduler: stopped")
