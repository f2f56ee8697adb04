"""Background tasks of survey rounds (django-tasks; `medvirk db_worker` runs them). Task
arguments are ids only: tokens are drawn inside the sending task and never queued."""

from __future__ import annotations

from django_tasks import task

from surveys import mailing, rates

MAIL_BATCH = 100  # e-mails per task: one SMTP connection, one progress update


@task()
def send_mailing_batch(mailing_id: int, invitation_ids: list[int]) -> dict[str, int]:
    return mailing.send_batch(mailing_id=mailing_id, invitation_ids=invitation_ids)


@task()
def refresh_rates() -> int:
    return rates.refresh_open_rounds()


def enqueue_mailing(*, mailing_id: int, invitation_ids: list[int]) -> None:
    """Queue a mailing in batches (several workers can send in parallel)."""
    for start in range(0, len(invitation_ids), MAIL_BATCH):
        send_mailing_batch.enqueue(mailing_id, invitation_ids[start : start + MAIL_BATCH])
