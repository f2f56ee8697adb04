from __future__ import annotations

from lib import auditor
from lib.stats import Group
from tests.reports_engine.helpers import people, run, tree

F, M = Group("gender", "f"), Group("gender", "m")


def _unit(women: int, men: int, unknown: int = 0, unit: str = "U"):
    return (
        people(unit, women, background={"gender": "f"})
        + people(unit, men, background={"gender": "m"})
        + people(unit, unknown)
    )


def test_it_breaks_down_a_unit_of_twenty() -> None:
    catalogue = run(tree(("U", None)), _unit(12, 8), breakdowns=("gender",))
    assert catalogue.cell("U", "W1", F).n == 12
    assert catalogue.cell("U", "W1", M).n == 8
    assert auditor.audit([catalogue.audit_release("r1")]).ok


def test_it_needs_twenty_respondents_in_the_unit() -> None:
    catalogue = run(tree(("U", None)), _unit(10, 9), breakdowns=("gender",))
    assert catalogue.cell("U", "W1", F).hidden_reason == "breakdown_unit"


def test_it_hides_a_category_below_five_and_a_neighbour_to_cover_it() -> None:
    # 16 women, 4 men: men hidden (4); the remainder would be 4, so women are hidden too.
    catalogue = run(tree(("U", None)), _unit(16, 4), breakdowns=("gender",))
    assert catalogue.cell("U", "W1", M).hidden_reason == "few_answers"
    assert catalogue.cell("U", "W1", F).hidden_reason == "residual"


def test_it_keeps_a_remainder_of_five_or_more() -> None:
    catalogue = run(tree(("U", None)), _unit(10, 5, unknown=5), breakdowns=("gender",))
    assert catalogue.cell("U", "W1", F).n == 10 and catalogue.cell("U", "W1", M).n == 5


def test_it_hides_a_breakdown_that_differences_against_a_sub_unit() -> None:
    # D: section S of 6 women, 14 attached directly (1 woman, 13 men). "Women of D minus S"
    # would be one person.
    units = tree(("D", None), ("S", "D"))
    responses = _unit(6, 0, unit="S") + _unit(1, 13, unit="D")
    catalogue = run(units, responses, breakdowns=("gender",))
    assert catalogue.cell("S", "W1").published
    assert catalogue.cell("D", "W1", F).hidden_reason == "residual"
    assert auditor.audit([catalogue.audit_release("r1")]).ok
    weakened = run(units, responses, breakdowns=("gender",), repair=False)
    assert not auditor.audit([weakened.audit_release("r1")]).ok


def test_it_shows_one_background_variable_per_unit() -> None:
    responses = [
        *people("U", 10, background={"gender": "f", "position": "a"}),
        *people("U", 1, background={"gender": "f", "position": "b"}),
        *people("U", 10, background={"gender": "m", "position": "b"}),
    ]
    # gender 11/10 and position 10/11 would together isolate the one woman in position b.
    catalogue = run(tree(("U", None)), responses, breakdowns=("gender", "position"))
    assert catalogue.cell("U", "W1", F).published
    position = catalogue.cell("U", "W1", Group("position", "a"))
    assert position.hidden_reason == "breakdown_overlap"
    assert auditor.audit([catalogue.audit_release("r1")]).ok
