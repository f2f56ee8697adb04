"""The record of the daily runs: one row per day, claimed before the jobs start, so two
schedulers, a restart or cron and a scheduler together never run the same day twice."""

from __future__ import annotations

from django.db import models


class DailyRun(models.Model):
    date = models.DateField(unique=True)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    # Which process runs (or ran) it: host and process id, for the operator.
    runner = models.CharField(max_length=200, blank=True)
    # One entry per job: {"job": name, "ok": bool, "summary": text}.
    results = models.JSONField(default=list, blank=True)
    ok = models.BooleanField(null=True)

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"daily run {self.date}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None
