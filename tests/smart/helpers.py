"""Shortcuts for the rule tests: check one changed copy of a complete measure."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lib.smart import Criterion, CriterionName, Language, check
from tests.smart.examples import COMPLETE_NB, TODAY

GOOD_TEXT = {
    "description": "Holde et allmøte på 30 minutter første mandag i hver måned for alle ansatte",
    "target": "Minst 80 % oppmøte",
}


def criterion(name: CriterionName, **fields: Any) -> Criterion:
    """The criterion `name` for the complete bokmål measure with `fields` changed."""
    today = fields.pop("today", TODAY)
    measure = replace(COMPLETE_NB, **{**GOOD_TEXT, **fields})
    found: Criterion = getattr(check(measure, today=today), name)
    return found


def reason(name: CriterionName, language: Language = "en", **fields: Any) -> str:
    return criterion(name, **fields).reason.render(language)
