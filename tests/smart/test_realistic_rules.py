"""Realistic: resources described and authority answered; outside the unit's authority only
when marked for escalation."""

from __future__ import annotations

import pytest

from tests.smart.helpers import criterion, reason


@pytest.mark.parametrize("resources", ["", "-", "?", "TBD", "ukjent", "Vet ikke", "Not known"])
def test_it_asks_for_resources(resources):
    assert reason("realistic", resources=resources) == "The resources needed are not described."


def test_it_accepts_no_resources_written_out():
    assert criterion("realistic", resources="Ingen utover vanlig arbeidstid").met


def test_it_asks_whether_the_unit_can_decide_it():
    found = criterion("realistic", within_authority=None)
    assert (
        found.reason.render("nb") == "Det er ikke svart på om enheten selv kan bestemme tiltaket."
    )


def test_outside_authority_it_must_be_escalated():
    found = criterion("realistic", within_authority=False)
    assert not found.met
    assert "not marked for escalation" in found.reason.render()
    assert found.suggestion.render("nb").startswith("Meld det videre til nivået over")


def test_an_escalated_measure_is_realistic_and_says_so():
    found = criterion("realistic", within_authority=False, escalate=True)
    assert found.met
    assert found.reason.render("nb") == (
        "Enheten kan ikke bestemme tiltaket selv, og det er meldt videre til nivået over."
    )
    assert found.suggestion.render() == (
        "Follow up the decision of the level above and adjust the measure when it comes."
    )
