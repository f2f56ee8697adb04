"""Background task: the daily progress reminders (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from progress.reminders import send_reminders


@task()
def send_progress_reminders() -> int:
    return send_reminders().reminders
