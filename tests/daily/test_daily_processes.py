"""Two `medvirk daily` processes started at the same moment (two schedulers, or cron beside a
scheduler) against one database — a scratch SQLite file, or a scratch PostgreSQL database
when DATABASE_URL names one: one runs the day, the other finds it claimed, and the real SMTP
server receives one set of e-mails."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests import prodserver
from tests.daily.seed import TODAY

ROOT = Path(__file__).resolve().parent.parent.parent


def _env(url: str, **extra: str) -> dict[str, str]:
    return {**prodserver.environment(url), "LOG_LEVEL": "ERROR", **extra}


def test_two_processes_at_once_run_the_day_once(tmp_path, smtp_inbox, settings):
    url = prodserver.scratch_database(f"medvirk_daily_{os.getpid()}", tmp_path)
    try:
        subprocess.run(
            [sys.executable, "-m", "tests.daily.seed"],
            cwd=ROOT,
            env=_env(url, EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
            check=True,
            capture_output=True,
        )
        mail = {"EMAIL_HOST": settings.EMAIL_HOST, "EMAIL_PORT": str(settings.EMAIL_PORT)}
        command = [str(prodserver.BIN / "medvirk"), "daily", f"--today={TODAY.isoformat()}"]
        processes = [
            subprocess.Popen(
                command, cwd=ROOT, env=_env(url, **mail), stdout=subprocess.PIPE, text=True
            )
            for _ in range(2)
        ]
        outputs = [p.communicate(timeout=120)[0] for p in processes]
        assert [p.returncode for p in processes] == [0, 0]
        finished = [o for o in outputs if o.rstrip().endswith(f"daily {TODAY}: done")]
        skipped = [o for o in outputs if "already run or running" in o]
        assert (len(finished), len(skipped)) == (1, 1), outputs
        assert len(smtp_inbox.messages) == 4
        assert prodserver.query(url, "SELECT COUNT(*) FROM daily_dailyrun") == [(1,)]
    finally:
        prodserver.drop_database(url)
