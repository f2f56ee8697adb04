"""Run the daily jobs for one day, once: the day is claimed in DailyRun first (a unique date),
so a second run of the same day — another scheduler, a restart, cron beside the scheduler —
finds the claim and does nothing. A run whose process died (claimed, never finished, older
than STALE_AFTER) may be taken over. Every job runs even if one before it fails; the failure
is logged and recorded, and the run counts as not ok."""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.models import record
from daily import jobs as daily_jobs
from daily.jobs import Job
from daily.models import DailyRun

log = logging.getLogger(__name__)

STALE_AFTER = dt.timedelta(hours=3)


@dataclass
class Outcome:
    day: dt.date
    ran: bool  # False: the day had been run (or is running) already
    results: list[dict[str, object]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(bool(r["ok"]) for r in self.results)


def _runner() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def claim(day: dt.date, *, again: bool = False, now: dt.datetime | None = None) -> DailyRun | None:
    """Claim `day` for this process, or None if another run has it. `again`: run a finished
    day once more (each job still sends nothing twice)."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            return DailyRun.objects.create(date=day, started_at=now, runner=_runner())
    except IntegrityError:
        pass
    runner = _runner()
    # Conditional UPDATEs: of two processes taking over at once, only one still matches.
    stale = DailyRun.objects.filter(
        date=day, finished_at__isnull=True, started_at__lt=now - STALE_AFTER
    )
    taken = stale.update(started_at=now, runner=runner, results=[], ok=None)
    if not taken and again:
        finished = DailyRun.objects.filter(date=day, finished_at__isnull=False)
        taken = finished.update(
            started_at=now, finished_at=None, runner=runner, results=[], ok=None
        )
    return DailyRun.objects.get(date=day) if taken else None


def has_run(day: dt.date) -> bool:
    """Whether `day` has been claimed (finished or running)."""
    return DailyRun.objects.filter(date=day).exists()


def _run_job(job: Job, day: dt.date, report: Callable[[str], None]) -> dict[str, object]:
    try:
        summary = job.run(day)
    except Exception as error:
        log.exception("daily job %s failed", job.name)
        summary = f"FAILED: {type(error).__name__}: {error}"
        ok = False
    else:
        ok = True
    report(f"daily {day} {job.name}: {summary}")
    return {"job": job.name, "ok": ok, "summary": summary}


def run_daily(
    *,
    today: dt.date | None = None,
    again: bool = False,
    report: Callable[[str], None] = log.info,
    jobs: Sequence[Job] | None = None,
) -> Outcome:
    """Run every daily job (daily.jobs.JOBS) for `today` (default: the local date) unless
    the day has run."""
    day = today or timezone.localdate()
    run = claim(day, again=again)
    if run is None:
        report(f"daily {day}: already run or running, nothing to do")
        return Outcome(day, ran=False)
    outcome = Outcome(day, ran=True)
    for job in daily_jobs.JOBS if jobs is None else jobs:
        outcome.results.append(_run_job(job, day, report))
        # Save as we go: the record shows how far a run that died got.
        DailyRun.objects.filter(pk=run.pk).update(results=outcome.results)
    DailyRun.objects.filter(pk=run.pk).update(finished_at=timezone.now(), ok=outcome.ok)
    record(
        "daily.run",
        obj=run,
        label=f"daily run {day}",
        data={"date": day.isoformat(), "ok": outcome.ok, "results": outcome.results},
    )
    report(f"daily {day}: {'done' if outcome.ok else 'done with failures'}")
    return outcome
