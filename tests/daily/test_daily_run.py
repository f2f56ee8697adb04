"""`medvirk daily`: every daily job once per day, in order, with a summary line each; run
twice it sends one set of e-mails over real SMTP (two processes at once:
test_daily_processes.py); a run that died is taken over; a failing job does not stop the
others and fails the command."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from audit.models import AuditEntry
from daily import jobs, runner
from daily.models import DailyRun
from tests.daily.seed import TODAY, something_to_remind

pytestmark = pytest.mark.django_db


def _daily(*args: str) -> str:
    out = io.StringIO()
    call_command("daily", f"--today={TODAY.isoformat()}", *args, stdout=out)
    return out.getvalue()


def test_it_runs_every_job_in_order_with_a_line_each(personas, smtp_inbox):
    out = _daily()
    lines = out.splitlines()
    assert [line.split(":")[0].split()[-1] for line in lines[:-1]] == [j.name for j in jobs.JOBS]
    assert "conversation_reminders: 2 annual-conversation reminder(s)" in out
    assert lines[-1] == f"daily {TODAY}: done"
    run = DailyRun.objects.get()
    assert run.date == TODAY and run.ok and run.is_finished
    assert [r["job"] for r in run.results] == [j.name for j in jobs.JOBS]
    assert AuditEntry.objects.filter(action="daily.run").count() == 1


def test_run_twice_it_sends_one_set_of_e_mails(
    personas, smtp_inbox, django_capture_on_commit_callbacks
):
    something_to_remind(personas)
    with django_capture_on_commit_callbacks(execute=True):
        first = _daily()
    assert "progress_reminders: 1 progress-plan reminder(s)" in first
    assert "measure_reminders: 1 measure reminder(s)" in first
    assert sorted(str(m["To"]) for m in smtp_inbox.messages) == sorted(
        [personas.admin.email, personas.section_leader.email, personas.head.email,
         personas.section_leader.email]
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        second = _daily()
    assert second.strip() == f"daily {TODAY}: already run or running, nothing to do"
    # Even forced to run the day again, every job remembers what it sent.
    with django_capture_on_commit_callbacks(execute=True):
        again = _daily("--again")
    assert "0 measure reminder(s)" in again and "0 progress-plan reminder(s)" in again
    assert len(smtp_inbox.messages) == 4
    assert DailyRun.objects.count() == 1


def test_a_run_that_died_is_taken_over_but_a_running_one_is_not(personas):
    now = timezone.now()
    DailyRun.objects.create(date=TODAY, started_at=now - dt.timedelta(minutes=20))
    assert not runner.run_daily(today=TODAY, report=lambda line: None).ran
    DailyRun.objects.filter(date=TODAY).update(started_at=now - runner.STALE_AFTER * 2)
    outcome = runner.run_daily(today=TODAY, report=lambda line: None)
    assert outcome.ran and outcome.ok
    assert DailyRun.objects.get().is_finished


def test_a_failing_job_does_not_stop_the_others(personas):
    ran: list[str] = []

    def broken(day: dt.date) -> str:
        raise RuntimeError("the database went away")

    def fine(day: dt.date) -> str:
        ran.append("fine")
        return "all well"

    lines: list[str] = []
    outcome = runner.run_daily(
        today=TODAY, report=lines.append, jobs=[jobs.Job("broken", broken), jobs.Job("fine", fine)]
    )
    assert ran == ["fine"] and not outcome.ok
    assert lines[0] == f"daily {TODAY} broken: FAILED: RuntimeError: the database went away"
    assert lines[-1] == f"daily {TODAY}: done with failures"
    run = DailyRun.objects.get()
    assert run.ok is False and [r["ok"] for r in run.results] == [False, True]


def test_the_command_fails_when_a_job_failed(personas, monkeypatch):
    def broken(day: dt.date) -> str:
        raise RuntimeError("no mail server")

    monkeypatch.setattr(jobs, "JOBS", (jobs.Job("broken", broken),))
    with pytest.raises(CommandError, match="daily jobs failed: broken"):
        _daily()
