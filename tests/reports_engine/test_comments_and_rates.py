from __future__ import annotations

import random

from lib import disclosure
from tests.reports_engine.helpers import DEFAULTS, people, run, tree


def test_it_shows_comments_shuffled_from_ten_respondents() -> None:
    catalogue = run(tree(("U", None)), people("U", 10))
    texts = [f"comment {i}" for i in range(10)]
    shown = catalogue.comments("U", texts, rng=random.Random(4))
    assert sorted(shown) == sorted(texts) and shown != texts


def test_it_hides_comments_below_ten() -> None:
    catalogue = run(tree(("U", None)), people("U", 9))
    assert catalogue.comments("U", ["a"]) == []
    assert catalogue.comments_reason[0] == disclosure.CODES.index("comments")


def test_it_applies_the_residual_rule_to_comments() -> None:
    # D's comments minus S's would be the three attached directly.
    catalogue = run(tree(("D", None), ("S", "D")), people("S", 10) + people("D", 3))
    assert catalogue.comments_shown("D") and not catalogue.comments_shown("S")


def test_it_explains_every_reason_in_english_with_the_threshold() -> None:
    assert disclosure.reason_text("few_answers", DEFAULTS) == "fewer than 5 answers"
    assert disclosure.reason_text("residual", DEFAULTS) == (
        "hidden so that a smaller group cannot be worked out"
    )
    for code in disclosure.REASONS:
        assert "%" not in disclosure.reason_text(code, DEFAULTS)
