from __future__ import annotations

from pathlib import Path

from lib import instrument, stats
from tests.reports_engine.helpers import people, run, tree


def test_it_scores_an_index_only_with_enough_items_answered() -> None:
    # workload has two items and min_answered 0.5: one answered item is enough.
    responses = people("U", 5, {"W1": 4}) + people("U", 2, {"W1": "na", "W2": "na"})
    cell = run(tree(("U", None)), responses).cell("U", "workload")
    assert cell.n == 5 and cell.mean == 4.0


def test_it_needs_every_item_when_min_answered_is_one() -> None:
    source = Path("tests/data/mini-instrument.yaml").read_text()
    strict = instrument.load(
        source.replace("items: [W1, W2]}", "items: [W1, W2], min_answered: 1}")
    )
    responses = people("U", 5, {"W1": 4}) + people("U", 6, {"W1": 4, "W2": 2})
    computed = stats.compute(strict, tree(("U", None)), responses)
    assert computed.cell("U", "workload").n == 6
