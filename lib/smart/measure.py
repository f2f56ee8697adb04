"""A measure as written in the action-plan form: the input of the SMART check."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date
from typing import Literal, get_args

Language = Literal["nb", "en"]
LANGUAGES: tuple[Language, ...] = get_args(Language)


@dataclass(frozen=True)
class IndexTarget:
    """A target value for a survey index in the next round, e.g. `IndexTarget("WL", 3.8)`."""

    code: str
    value: float


@dataclass(frozen=True)
class Measure:
    """A measure as written in the action-plan form. Blank text is ""; unknown dates None."""

    title: str = ""
    description: str = ""  # what exactly will be done, for whom
    indicator: str = ""
    target: str = ""  # or a success criterion
    index_target: IndexTarget | None = None
    agreed_at: date | None = None
    agreed_by: str = ""  # the meeting or people who agreed
    resources: str = ""
    within_authority: bool | None = None  # None: not answered
    escalate: bool = False  # marked for escalation to the level above
    start: date | None = None
    due: date | None = None
    follow_up: tuple[date, ...] = ()
    responsible: str = ""
    language: Language | None = None  # the text's language; None: detect it


FIELDS: tuple[str, ...] = tuple(f.name for f in fields(Measure))
