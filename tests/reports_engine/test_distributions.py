from __future__ import annotations

from tests.reports_engine.helpers import people, run, tree


def test_it_shows_the_mean_but_not_the_distribution_below_ten() -> None:
    catalogue = run(tree(("U", None)), people("U", 9))
    cell = catalogue.cell("U", "W1")
    assert cell.published and cell.mean == 4.0
    assert cell.favourable == 1.0 and cell.neutral == 0.0 and cell.unfavourable == 0.0
    assert cell.distribution is None
    assert cell.distribution_reason == "distribution"


def test_it_shows_the_distribution_from_ten() -> None:
    catalogue = run(tree(("U", None)), people("U", 10))
    assert catalogue.cell("U", "W1").distribution == (
        ("1", 0),
        ("2", 0),
        ("3", 0),
        ("4", 10),
        ("5", 0),
    )


def test_it_hides_a_distribution_that_would_leave_fewer_than_ten_by_subtraction() -> None:
    # D has 25 answers, its section S 18: both pass the threshold of ten, but D's distribution
    # minus S's would show how the 7 others answered.
    catalogue = run(tree(("D", None), ("S", "D")), people("D", 7) + people("S", 18))
    shown = {u: catalogue.cell(u, "W1").distribution is not None for u in ("D", "S")}
    assert shown == {"D": True, "S": False}
    assert catalogue.cell("S", "W1").published  # the mean and the split stay
    assert catalogue.cell("S", "W1").distribution_reason == "residual_distribution"


def test_it_keeps_both_distributions_when_the_rest_is_ten_or_more() -> None:
    catalogue = run(tree(("D", None), ("S", "D")), people("D", 10) + people("S", 18))
    assert catalogue.cell("D", "W1").distribution is not None
    assert catalogue.cell("S", "W1").distribution is not None


def test_it_shows_no_distribution_in_background_breakdowns() -> None:
    women = people("U", 30, background={"gender": "f"})
    men = people("U", 30, background={"gender": "m"})
    catalogue = run(tree(("U", None)), women + men, breakdowns=["gender"])
    cells = [c for c in catalogue.cells("U", breakdowns=True) if c.group_variable]
    assert cells and all(c.distribution is None for c in cells)
