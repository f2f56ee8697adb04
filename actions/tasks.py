"""Background tasks of action plans (django-tasks; `medvirk db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from actions import services


@task()
def send_measure_reminders() -> int:
    """The daily reminder job, for a scheduler that enqueues tasks instead of running cron."""
    return services.send_measure_reminders()
