"""`medvirk scheduler`: runs the daily jobs once the local time has reached MEDVIRK_DAILY_AT
and today's run is missing (so a late start or a restart catches up at once, and an early
one waits), never twice a day; bad settings stop the start-up with the variable's name."""

from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.utils import timezone

from daily.models import DailyRun
from daily.scheduler import Scheduler
from medvirk.env import clock_time, month_day

pytestmark = pytest.mark.django_db

SIX = dt.time(6, 0)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def test_it_waits_for_the_time_then_runs_the_day_once(personas):
    day = dt.date(2027, 3, 1)
    clock = [_at(day, 5, 59)]
    lines: list[str] = []
    scheduler = Scheduler(at=SIX, now=lambda: clock[0], report=lines.append)
    assert scheduler.tick() is None
    assert not DailyRun.objects.exists()
    clock[0] = _at(day, 6, 0)
    outcome = scheduler.tick()
    assert outcome is not None and outcome.ran and outcome.day == day
    clock[0] = _at(day, 23, 30)
    assert scheduler.tick() is None  # once a day
    clock[0] = _at(day + dt.timedelta(days=1), 6, 1)
    assert scheduler.tick().day == day + dt.timedelta(days=1)
    assert list(DailyRun.objects.values_list("date", flat=True).order_by("date")) == [
        day,
        day + dt.timedelta(days=1),
    ]


def test_a_restart_later_in_the_day_catches_up_only_if_the_day_is_missing(personas):
    day = dt.date(2027, 3, 2)
    first = Scheduler(at=SIX, now=lambda: _at(day, 14), report=lambda line: None)
    assert first.tick().ran
    restarted = Scheduler(at=SIX, now=lambda: _at(day, 15), report=lambda line: None)
    assert restarted.tick() is None
    assert DailyRun.objects.count() == 1


def test_serving_ticks_until_stopped(personas):
    day = dt.date(2027, 3, 3)
    stop = threading.Event()
    lines: list[str] = []

    def report(line: str) -> None:
        lines.append(line)
        if line.endswith(": done"):
            stop.set()

    give_up = threading.Timer(20, stop.set)  # a tick that keeps failing must not hang the suite
    give_up.start()
    try:
        Scheduler(at=SIX, now=lambda: _at(day, 7), report=report).serve(stop, poll=0.01)
    finally:
        give_up.cancel()
    assert lines[0] == "scheduler: the daily jobs run at 06:00 local time"
    assert DailyRun.objects.get().date == day


def test_the_command_checks_once_and_honours_the_time(personas):
    out = io.StringIO()
    call_command("scheduler", "--once", "--at", "23:59", stdout=out)
    now = timezone.localtime()
    ran = DailyRun.objects.filter(date=now.date()).exists()
    assert ran == (now.time() >= dt.time(23, 59))
    call_command("scheduler", "--once", "--at", "00:00", stdout=out)
    assert DailyRun.objects.filter(date=timezone.localdate()).exists()
    with pytest.raises(CommandError, match="HH:MM"):
        call_command("scheduler", "--once", "--at", "6 o'clock")


@pytest.mark.parametrize("raw", ["6", "25:00", "06:60", "six"])
def test_a_bad_daily_time_names_the_variable(raw):
    with pytest.raises(ImproperlyConfigured, match="MEDVIRK_DAILY_AT"):
        clock_time("MEDVIRK_DAILY_AT", raw)


def test_times_and_days_of_the_year_are_read():
    assert clock_time("X", "06:30") == dt.time(6, 30)
    assert month_day("X", "10-01") == (10, 1)
    for raw in ("02-29", "13-01", "1 October"):
        with pytest.raises(ImproperlyConfigured, match="MEDVIRK_CONVERSATION_PLAN_BY"):
            month_day("MEDVIRK_CONVERSATION_PLAN_BY", raw)
