"""The daily jobs, in the order `medvirk daily` runs them. Each acts on one day (`today`) and
returns a one-line summary for the log. Each keeps its own "once per item and period" claim
(mailings per round, reminder rows with unique constraints), so running a job again sends
nothing twice; the daily run record (daily.runner) keeps a whole day from running twice."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[dt.date], str]


def _survey_reminders(today: dt.date) -> str:
    from surveys import services

    sent = services.send_due_reminders(today=today)
    return f"{len(sent)} planned survey reminder mailing(s) started"


def _close_rounds(today: dt.date) -> str:
    from surveys import services

    closed = services.close_due_rounds(today=today)
    return f"{len(closed)} survey round(s) past their closing date closed"


def _response_rates(today: dt.date) -> str:
    from surveys import rates

    return f"response rates refreshed for {rates.refresh_open_rounds()} open round(s)"


def _close_feedback(today: dt.date) -> str:
    # Looks at the clock: meetings whose anonymous feedback time is over.
    from meetings import evaluation

    closed = evaluation.close_lapsed_feedback()
    return f"the anonymous feedback of {closed} meeting(s) closed and unlinked"


def _team_reminders(today: dt.date) -> str:
    # The team pulse reminders look at the clock (follow-ups starting within a week).
    from teams import services

    return f"{services.send_pulse_reminders()} team pulse reminder(s)"


def _progress_reminders(today: dt.date) -> str:
    from progress.reminders import send_reminders

    sent = send_reminders(today=today)
    return (
        f"{sent.reminders} progress-plan reminder(s), {sent.emails} e-mail(s), "
        f"{sent.failed} failed, {sent.skipped} without anybody to remind"
    )


def _measure_reminders(today: dt.date) -> str:
    from actions import services

    return f"{services.send_measure_reminders(today=today)} measure reminder(s)"


def _conversation_reminders(today: dt.date) -> str:
    from conversations.reminders import send_reminders

    sent = send_reminders(today=today)
    return (
        f"{sent.reminders} annual-conversation reminder(s), {sent.emails} e-mail(s), "
        f"{sent.failed} failed, {sent.skipped} without anybody to remind"
    )


JOBS: tuple[Job, ...] = (
    # Close first: a round past its closing date gets no more reminders.
    Job("close_rounds", _close_rounds),
    Job("survey_reminders", _survey_reminders),
    Job("response_rates", _response_rates),
    Job("close_feedback", _close_feedback),
    Job("team_reminders", _team_reminders),
    Job("progress_reminders", _progress_reminders),
    Job("measure_reminders", _measure_reminders),
    Job("conversation_reminders", _conversation_reminders),
)
