from __future__ import annotations

from tests.reports_engine.helpers import people, run, tree


def test_it_hides_a_unit_of_four() -> None:
    units = tree(("D", None), ("S", "D"))
    catalogue = run(units, people("S", 4) + people("D", 8))
    cell = catalogue.cell("S", "W1")
    assert not cell.published
    assert cell.hidden_reason == "few_answers"
    assert cell.n is None and cell.mean is None
    # Folded into the parent: the four answers still count there.
    assert catalogue.cell("D", "W1").n == 12


def test_it_shows_a_unit_of_five() -> None:
    units = tree(("D", None), ("S", "D"))
    catalogue = run(units, people("S", 5) + people("D", 5))
    assert catalogue.cell("S", "W1").n == 5
