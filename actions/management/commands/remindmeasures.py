"""`medvirk remindmeasures [--today YYYY-MM-DD]`: the daily action-plan job for cron or a
systemd timer. Responsible persons get one reminder a few days before a measure's due date
(MEDVIRK_MEASURE_REMINDER_DAYS) and one when it is overdue; running it again sends nothing
twice."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from actions import services


class Command(BaseCommand):
    help = "Remind responsible persons of measures that are due soon or overdue (run daily)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today", type=date.fromisoformat, help="the date to act as today, YYYY-MM-DD"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.send_measure_reminders(today=options["today"])
        if options["verbosity"] > 0:
            self.stdout.write(f"Sent {count} measure reminder(s).")
