from __future__ import annotations

from lib import disclosure, stats
from tests.reports_engine.helpers import DEFAULTS, MINI, people, tree


def test_it_compares_with_the_parent_and_the_institution() -> None:
    units = tree(("I", None), ("F", "I"), ("D", "F"))
    responses = people("D", 5, {"W1": 5}) + people("F", 5, {"W1": 3}) + people("I", 10, {"W1": 1})
    catalogue = disclosure.control(stats.compute(MINI, units, responses), DEFAULTS)
    cell = catalogue.cell("D", "W1")
    assert cell.mean == 5.0 and cell.parent_mean == 4.0 and cell.institution_mean == 2.5


def test_it_leaves_out_a_hidden_parent() -> None:
    units = tree(("I", None), ("F", "I"), ("D", "F"))
    responses = people("D", 5) + people("I", 5)
    catalogue = disclosure.control(stats.compute(MINI, units, responses), DEFAULTS)
    assert catalogue.cell("F", "W1").published  # F has the same 5 as D: residual 0
    responses = people("D", 5) + people("F", 2) + people("I", 5)
    catalogue = disclosure.control(stats.compute(MINI, units, responses), DEFAULTS)
    assert catalogue.cell("D", "W1").parent_mean is None  # F hidden: 7 = 5 + 2


def test_it_compares_with_the_previous_round_only_where_the_unit_stayed() -> None:
    now = tree(("I", None), ("F1", "I"), ("F2", "I"), ("D", "F2"), ("E", "F1"), ("N", "I"))
    before = tree(("I", None), ("F1", "I"), ("F2", "I"), ("D", "F1"), ("E", "F1"))
    previous = {("D", "W1"): 3.0, ("E", "W1"): 3.5, ("E", "W2"): None}
    matched = stats.match_previous(now, before, previous, ["W1", "W2"])
    assert matched["E", "W1"] == stats.Comparison("comparable", 3.5)
    assert matched["E", "W2"] == stats.Comparison("comparable", None)  # hidden last time
    assert matched["D", "W1"].status == "not_comparable"  # moved from F1 to F2
    assert matched["N", "W1"].status == "new_unit"
    assert matched["F1", "W1"].status == "no_previous"
    responses = people("E", 5) + people("D", 5)
    catalogue = disclosure.control(stats.compute(MINI, now, responses), DEFAULTS, previous=matched)
    assert catalogue.cell("E", "W1").previous_mean == 3.5
    assert catalogue.cell("D", "W1").previous_status == "not_comparable"
    assert catalogue.cell("D", "W1").previous_mean is None
