"""The time Start Smart runs on. Tests move it forward (a follow-up six weeks later) by
patching `now`; everything in the app asks here instead of calling timezone.now()."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()


def today() -> dt.date:
    return timezone.localdate(now())
