"""`medvirk teamreminders`: the daily Start Smart job for cron or a systemd timer. Members who
have not answered the team pulse a week before their follow-up get one reminder with their
personal link. Safe to run as often as you like: nobody is reminded twice for a session."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from teams import services


class Command(BaseCommand):
    help = "Remind team members to answer the pulse before a follow-up (run daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        count = services.send_pulse_reminders()
        if options["verbosity"] > 0:
            self.stdout.write(f"Sent {count} team pulse reminder(s).")
