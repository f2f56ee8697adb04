"""`medvirk closefeedback`: the daily meeting-feedback job for cron or a systemd timer. The
feedback of meetings whose feedback time is over is unlinked: its rows are rewritten in random
order with new random ids (meetings/evaluation.py). Their results show from the closing time
on whether or not this has run; running it again does nothing twice."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from meetings import evaluation


class Command(BaseCommand):
    help = "Unlink the participants' feedback of meetings whose feedback has closed (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = evaluation.close_lapsed_feedback()
        if options["verbosity"] > 0:
            self.stdout.write(f"Closed the feedback of {count} meeting(s).")
