from __future__ import annotations

from tests.reports_engine.helpers import people, run, tree


def test_it_hides_an_item_with_too_few_answers_while_its_index_is_shown() -> None:
    # Everybody answers W2, only three answer W1; the workload index needs half its items.
    responses = people("U", 3) + people("U", 3, {"W2": 2, "C1": 4, "C2": 4})
    catalogue = run(tree(("U", None)), responses)
    assert catalogue.cell("U", "W1").hidden_reason == "few_answers"
    assert catalogue.cell("U", "W2").n == 6
    index = catalogue.cell("U", "workload")
    assert index.published and index.n == 6


def test_it_counts_not_relevant_as_not_answered() -> None:
    responses = people("U", 5) + people("U", 5, {"W1": "na", "W2": 2})
    catalogue = run(tree(("U", None)), responses)
    assert catalogue.cell("U", "W1").n == 5
