"""Background tasks of meetings (django-tasks; `medvirk db_worker` runs them). Arguments are
ids: the task reads the meeting as it is when it runs."""

from __future__ import annotations

from django_tasks import task

from meetings import mail


@task()
def send_meeting_mail(meeting_id: int, person_ids: list[int], kind: str, language: str) -> int:
    return mail.send(meeting_id=meeting_id, person_ids=person_ids, kind=kind, language=language)
