"""Accepted: when (and where) the measure was agreed, and by whom."""

from __future__ import annotations

from datetime import date

import pytest

from tests.smart.helpers import criterion, reason


def test_it_says_when_and_by_whom_it_was_agreed():
    found = criterion("accepted")
    assert found.met and found.suggestion is None
    assert found.reason.render("nb") == (
        "Avtalt 15. januar 2025 av Tiltaksmøtet 15. januar: alle ansatte i seksjonen og "
        "verneombudet."
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"agreed_at": None, "agreed_by": ""},
            "It is not recorded when or by whom the measure was agreed.",
        ),
        ({"agreed_at": None}, "It is not recorded when the measure was agreed."),
        ({"agreed_by": "   "}, "It is not recorded who agreed the measure."),
        ({"agreed_at": date(2025, 3, 1)}, "The agreement date 1 March 2025 has not come yet."),
    ],
)
def test_it_asks_for_the_agreement(fields, expected):
    found = criterion("accepted", **fields)
    assert not found.met and found.reason.render() == expected and found.suggestion


def test_the_responsible_person_alone_is_not_an_agreement():
    assert reason("accepted", agreed_by="kari nordmann,  SEKSJONSLEDER") == (
        "Only the person responsible, Kari Nordmann, seksjonsleder, is recorded as agreeing."
    )


def test_an_agreement_on_the_day_of_the_check_counts():
    assert criterion("accepted", agreed_at=date(2025, 1, 20), today=date(2025, 1, 20)).met
