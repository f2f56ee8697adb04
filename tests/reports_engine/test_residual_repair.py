from __future__ import annotations

from lib import auditor
from tests.reports_engine.helpers import people, run, tree

UNITS = tree(("D", None), ("S1", "D"), ("S2", "D"))
RESPONSES = people("S1", 6) + people("S2", 5) + people("D", 1)


def test_it_hides_a_section_when_one_person_is_attached_directly() -> None:
    catalogue = run(UNITS, RESPONSES)
    assert catalogue.cell("D", "W1").n == 12
    assert catalogue.cell("S1", "W1").n == 6
    hidden = catalogue.cell("S2", "W1")
    assert hidden.hidden_reason == "residual"
    assert auditor.audit([catalogue.audit_release("r1")]).ok


def test_it_leaks_the_direct_person_without_the_repair() -> None:
    weakened = run(UNITS, RESPONSES, repair=False)
    report = auditor.audit([weakened.audit_release("r1")])
    residuals = [f for f in report.findings if f.variable == "W1"]
    assert residuals[0].kind == "residual"
    assert residuals[0].size == 1
    assert dict(residuals[0].combination) == {"r1:D": 1, "r1:S1": -1, "r1:S2": -1}


def test_it_prefers_hiding_a_sub_unit_that_fixes_the_residual() -> None:
    # S1 (8) is fully covered by its own published child; S2 (6) has a residual of its own.
    units = tree(("D", None), ("S1", "D"), ("G", "S1"), ("S2", "D"))
    catalogue = run(units, people("G", 8) + people("S2", 6) + people("D", 2))
    assert catalogue.cell("S2", "W1").hidden_reason == "residual"
    assert catalogue.cell("S1", "W1").published
    assert auditor.audit([catalogue.audit_release("r1")]).ok


def test_it_runs_per_item() -> None:
    # Two of the six in S1 skip W1: for W1 the residual is 2 + 1, for W2 it is 1.
    answers_without_w1 = {"W2": 2, "C1": 4, "C2": 4}
    responses = (
        people("S1", 4) + people("S1", 2, answers_without_w1) + people("S2", 5) + people("D", 1)
    )
    catalogue = run(UNITS, responses)
    assert catalogue.cell("S1", "W1").hidden_reason == "few_answers"
    # W1: S1's four and the one attached directly make a residual of 5 — nothing to repair.
    assert catalogue.cell("S2", "W1").published
    assert catalogue.cell("S2", "W2").hidden_reason == "residual"
    assert auditor.audit([catalogue.audit_release("r1")]).ok
