"""`medvirk remindprogress`: send the due and overdue reminders of every progress plan (run
daily; each reminder goes out once per task, unit and period)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from progress.reminders import send_reminders


class Command(BaseCommand):
    help = "Send due and overdue reminders for progress-plan steps."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_reminders()
        self.stdout.write(
            _(
                "Sent %(reminders)s reminders (%(emails)s e-mails); %(failed)s failed, %(skipped)s without anybody to remind."
            )
            % {
                "reminders": sent.reminders,
                "emails": sent.emails,
                "failed": sent.failed,
                "skipped": sent.skipped,
            }
        )
