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
