from __future__ import annotations

from tests.reports_engine.helpers import people, run, tree


def test_it_reverse_codes_items_before_averaging_and_classifying() -> None:
    # W2 is reverse coded: an answer of 1 is analysed as 5 (favourable).
    responses = people("U", 5, {"W1": 1, "W2": 1})
    cell = run(tree(("U", None)), responses).cell("U", "W2")
    assert cell.mean == 5.0
    assert cell.favourable == 1.0
    # The distribution shows the answers as given.
    responses = people("U", 10, {"W1": 1, "W2": 1})
    distribution = run(tree(("U", None)), responses).cell("U", "W2").distribution
    assert distribution is not None and distribution[0] == ("1", 10)


def test_it_reverse_codes_items_in_the_index() -> None:
    responses = people("U", 5, {"W1": 5, "W2": 1})  # both favourable after reversing
    cell = run(tree(("U", None)), responses).cell("U", "workload")
    assert cell.mean == 5.0 and cell.sd == 0.0 and cell.favourable == 1.0
