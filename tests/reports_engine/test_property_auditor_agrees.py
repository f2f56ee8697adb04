"""Property: the MILP auditor agrees with the brute-force attacker on weakened catalogues
(residual repair off), its findings are genuine, and its fast paths agree with the integer
programme alone."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from lib import auditor, disclosure, stats
from tests.reports_engine.helpers import MINI, RandomRound, brute_force, random_rounds, verify

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _weakened(round_: RandomRound) -> auditor.Release:
    computed = stats.compute(
        MINI, round_.units, round_.responses, breakdowns=("gender", "position")
    )
    return disclosure.control(computed, round_.thresholds, repair=False).audit_release("r1")


@SETTINGS
@given(random_rounds())
def test_it_catches_every_leak_the_brute_force_attacker_finds(round_: RandomRound) -> None:
    release = _weakened(round_)
    report = auditor.audit([release])
    caught = {f.variable for f in report.findings}
    for leak in brute_force([release], max_terms=3):
        assert leak.variable in caught, leak
    for finding in report.findings:
        assert 1 <= verify([release], finding) < max(release.k), finding


@SETTINGS
@given(random_rounds())
def test_it_finds_the_same_leaks_with_the_integer_programme_alone(round_: RandomRound) -> None:
    release = _weakened(round_)
    fast = auditor.audit([release])
    exact = auditor.audit([release], fast_paths=False)
    assert {f.variable for f in fast.findings} == {f.variable for f in exact.findings}
    assert not [f for f in exact.findings if f.kind == "undecided"]
