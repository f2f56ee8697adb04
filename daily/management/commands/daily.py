"""`medvirk daily [--today YYYY-MM-DD] [--again]`: run every daily job once for the day —
close rounds past their closing date, planned survey reminders, response rates, closing
meeting feedback, team pulse, progress-plan, measure and annual-conversation reminders —
with one summary line per job. A day that has run already does nothing (unless --again);
each job also sends nothing twice on its own. For cron or a systemd timer; `medvirk scheduler` runs it too."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from daily.runner import run_daily


class Command(BaseCommand):
    help = "Run the daily jobs (reminders, closing rounds, response rates) once for the day."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=date.fromisoformat,
            help="the date to act as today, YYYY-MM-DD (a later day also closes the rounds "
            "due by then)",
        )
        parser.add_argument(
            "--again",
            action="store_true",
            help="run a day that has run already (each job still sends nothing twice)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        def report(line: str) -> None:
            if options["verbosity"] > 0:
                self.stdout.write(line)

        outcome = run_daily(today=options["today"], again=options["again"], report=report)
        if not outcome.ok:
            failed = ", ".join(str(r["job"]) for r in outcome.results if not r["ok"])
            raise CommandError(f"daily jobs failed: {failed} (see the log above)")
