"""Time-bound: start and due dates in order, follow-up dates around them, not already past."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.smart.helpers import criterion, reason


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"start": None, "due": None}, "There is no start date and no due date."),
        ({"start": None}, "There is no start date."),
        ({"due": None}, "There is no due date."),
        (
            {"due": date(2025, 2, 1)},
            "The due date 1 February 2025 is not after the start date 1 February 2025.",
        ),
        (
            {"follow_up": (date(2026, 7, 1),)},
            "The follow-up date 1 July 2026 is more than a year after the due date 30 June 2025.",
        ),
        (
            {"follow_up": ()},
            "The measure runs for 149 days without a follow-up date.",
        ),
    ],
)
def test_it_explains_what_is_wrong_with_the_dates(fields, expected):
    found = criterion("time_bound", **fields)
    assert not found.met and found.reason.render() == expected and found.suggestion


def test_it_suggests_a_follow_up_date_halfway():
    found = criterion("time_bound", follow_up=())
    assert found.suggestion.render("nb") == (
        "Legg inn minst én dato for oppfølging underveis, for eksempel 16. april 2025."
    )


def test_a_short_measure_needs_no_follow_up_date():
    found = criterion("time_bound", follow_up=(), due=date(2025, 4, 1))
    assert found.met
    assert found.reason.render("nb") == "Varer fra 1. februar 2025 til 1. april 2025."


def test_a_due_date_already_past_is_judged_at_the_agreement_date():
    old: dict[str, Any] = {"start": date(2023, 1, 1), "due": date(2023, 3, 1), "follow_up": ()}
    assert criterion("time_bound", agreed_at=date(2023, 1, 1), **old).met
    assert reason("time_bound", agreed_at=date(2023, 4, 1), **old) == (
        "The due date 1 March 2023 had already passed when the measure was agreed on 1 April 2023."
    )
    assert reason("time_bound", agreed_at=None, **old) == (
        "The due date 1 March 2023 has already passed (today is 20 January 2025)."
    )


def test_follow_up_dates_may_come_after_the_due_date():
    found = criterion("time_bound", follow_up=(date(2025, 9, 1), date(2025, 4, 1)))
    assert found.met
    assert found.reason.render() == (
        "Runs from 1 February 2025 to 30 June 2025, followed up on 1 April 2025, 1 September 2025."
    )
