"""Invitations through the real database task queue and a `db_worker`, as in production."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from surveys import services
from surveys.models import Invitation, Mailing
from surveys.tokens import invitation_key

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def test_a_worker_sends_the_queued_invitations(
    transactional_db, database_tasks, staffed, make_round, mailoutbox
):
    round_ = services.open_round(actor=None, round=make_round(staffed.org.music))
    sending = Mailing.objects.get(round=round_)
    assert sending.sent == 0 and len(mailoutbox) == 0  # queued, not sent
    queued = DBTaskResult.objects.filter(task_path="surveys.tasks.send_mailing_batch")
    assert queued.count() == 1
    call_command(
        "db_worker", "--batch", "--no-startup-delay", "--interval", "0", stdout=io.StringIO()
    )
    sending.refresh_from_db()
    assert (sending.total, sending.sent, sending.failed) == (12, 12, 0)
    assert sending.finished_at is not None
    assert len(mailoutbox) == 12
    assert queued.get().status == "SUCCESSFUL"
    # The queue holds invitation ids only: no token was ever in the task table.
    hashes = set(Invitation.objects.filter(round=round_).values_list("token_hash", flat=True))
    stored = str(list(DBTaskResult.objects.values()))
    for message in mailoutbox:
        token = re.search(r"/s/([A-Za-z0-9_-]{43})/", message.body).group(1)
        assert invitation_key(token) in hashes
        assert token not in stored
