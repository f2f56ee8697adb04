"""Questionnaire definitions for tests: the small test instrument as YAML text and as data."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

MINI_PATH = Path(__file__).parent / "data" / "mini-instrument.yaml"
MINI = MINI_PATH.read_text(encoding="utf-8")
CORE_PATH = Path(__file__).parent.parent / "surveys" / "instruments" / "medvirk-core.yaml"


def mini_data() -> dict[str, Any]:
    """A fresh, mutable copy of the small test instrument."""
    return copy.deepcopy(_MINI_DATA)


def mini_source(**changes: Any) -> str:
    data = mini_data()
    data.update(changes)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


_MINI_DATA = yaml.safe_load(MINI)
