from __future__ import annotations

from tests.reports_engine.helpers import people, run, tree


def test_it_hides_a_sensitive_item_at_nine() -> None:
    catalogue = run(tree(("U", None)), people("U", 9))
    assert catalogue.cell("U", "F1").hidden_reason == "sensitive"
    assert catalogue.cell("U", "W1").published


def test_it_shows_a_sensitive_item_at_ten_with_its_counts() -> None:
    catalogue = run(tree(("U", None)), people("U", 10))
    cell = catalogue.cell("U", "F1")
    assert cell.n == 10 and cell.distribution == (("no", 10), ("yes", 0))


def test_it_keeps_a_residual_of_ten_for_sensitive_items() -> None:
    # D = 12 + 10 in S: the residual 2 would reveal two people's answers to F1.
    units = tree(("D", None), ("S", "D"))
    catalogue = run(units, people("S", 10) + people("D", 2))
    assert catalogue.cell("S", "F1").hidden_reason == "residual"
    assert catalogue.cell("D", "F1").n == 12
