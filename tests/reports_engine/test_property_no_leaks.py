"""Property: on random trees with direct members, item non-response and breakdowns, the
released catalogue leaks nothing to a brute-force attacker, and the auditor agrees."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from lib import auditor, disclosure, stats
from tests.reports_engine.helpers import MINI, RandomRound, brute_force, random_rounds

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(random_rounds())
def test_it_leaks_nothing_to_a_brute_force_attacker(round_: RandomRound) -> None:
    computed = stats.compute(
        MINI, round_.units, round_.responses, breakdowns=("gender", "position")
    )
    catalogue = disclosure.control(computed, round_.thresholds)
    release = catalogue.audit_release("r1")
    assert brute_force([release], max_terms=3) == []
    report = auditor.audit([release])
    assert report.findings == []
