"""What the respondent surface stores of its own: the guessing limit's counters. Answers,
drafts and invitations belong to the surveys app."""

from __future__ import annotations

from django.db import models


class GuessCounter(models.Model):
    """Invalid survey links from one address in the current window (respond/guessing.py).
    The address is stored only as a keyed hash; valid links never write here, so the table
    holds nothing about people who answer. Expired rows are deleted by the next failure."""

    key = models.CharField(max_length=64, primary_key=True)  # keyed hash of the address
    failures = models.PositiveIntegerField(default=0)
    # Seconds since the epoch: the end of the window, or of the block once `failures`
    # reached the limit. A number rather than a datetime so that the respondent's lookup
    # (respond/services.py) compares it with a plain parameter on SQLite and PostgreSQL.
    until = models.FloatField()

    def __str__(self) -> str:
        return f"{self.failures} invalid links until {self.until:.0f}"
