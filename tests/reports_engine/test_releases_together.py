from __future__ import annotations

from lib import auditor, disclosure, stats
from tests.reports_engine.helpers import DEFAULTS, MINI, tree

UNITS = tree(("D", None), ("S", "D"))


def _responses(late: int) -> list[stats.ResponseRecord]:
    base = [stats.ResponseRecord("S", {"W1": 4}, key=f"s{i}") for i in range(10)]
    base += [stats.ResponseRecord("D", {"W1": 4}, key=f"d{i}") for i in range(10)]
    return base + [stats.ResponseRecord("S", {"W1": 1}, key=f"late{i}") for i in range(late)]


def _catalogue(late: int) -> disclosure.Catalogue:
    return disclosure.control(stats.compute(MINI, UNITS, _responses(late)), DEFAULTS)


def test_it_finds_a_late_answer_by_differencing_two_releases() -> None:
    earlier, later = disclosure.audit_releases([("r1", _catalogue(0)), ("r2", _catalogue(1))])
    assert auditor.audit([earlier]).ok and auditor.audit([later]).ok
    report = auditor.audit([earlier, later])
    w1 = [f for f in report.findings if f.variable == "W1"]
    assert w1 and w1[0].size == 1


def test_it_accepts_a_re_release_with_five_late_answers() -> None:
    earlier, later = disclosure.audit_releases([("r1", _catalogue(0)), ("r2", _catalogue(5))])
    report = auditor.audit([earlier, later])
    assert [f for f in report.findings if f.variable == "W1"] == []
