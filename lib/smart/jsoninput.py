"""Reading measures from JSON with the form's field names; every problem is collected."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from lib.smart.measure import FIELDS, LANGUAGES, IndexTarget, Language, Measure
from lib.smart.messages import Message, Param
from lib.smart.messages import msg as _msg
from lib.smart.text import quote as _quote

TEXT_FIELDS = (
    "title",
    "description",
    "indicator",
    "target",
    "agreed_by",
    "resources",
    "responsible",
)
DATE_FIELDS = ("agreed_at", "start", "due")
# Fields of the form the check does not use; no warning for these.
OTHER_FORM_FIELDS = ("id", "uid", "status", "progress", "progress_log", "focus_area")


@dataclass(frozen=True)
class ParsedMeasures:
    measures: list[Measure]
    errors: list[Message]
    warnings: list[Message]


def parse_measures(data: object) -> ParsedMeasures:
    """Measures from decoded JSON: a list of objects with the form's field names. Measures
    are numbered from 1 in messages. Every error is collected; unknown fields are warnings."""
    if not isinstance(data, list):
        return ParsedMeasures([], [_msg("The file must contain a JSON list of measures.")], [])
    measures: list[Measure] = []
    errors: list[Message] = []
    warnings: list[Message] = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            errors.append(_msg("Measure %(number)s is not a JSON object.", number=number))
            continue
        found: list[Message] = []
        measure = _measure_from(item, number, found)
        errors.extend(found)
        warnings.extend(
            _msg(
                "Measure %(number)s: unknown field “%(field)s” is ignored.",
                number=number,
                field=key,
            )
            for key in item
            if key not in FIELDS and key not in OTHER_FORM_FIELDS
        )
        if not found:
            measures.append(measure)
    return ParsedMeasures(measures, errors, warnings)


def parse_measures_json(text: str) -> ParsedMeasures:
    """`parse_measures` for JSON text, with an error for text that is not JSON."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        error = _msg(
            "The file is not valid JSON (line %(line)s, column %(column)s: %(error)s).",
            line=exc.lineno,
            column=exc.colno,
            error=exc.msg,
        )
        return ParsedMeasures([], [error], [])
    return parse_measures(data)


def _measure_from(item: Mapping[str, object], number: int, errors: list[Message]) -> Measure:
    def problem(message_id: str, field: str, **params: Param) -> None:
        errors.append(_msg(message_id, number=number, field=field, **params))

    texts: dict[str, str] = {}
    for name in TEXT_FIELDS:
        value = item.get(name)
        if value is not None and not isinstance(value, str):
            problem("Measure %(number)s, “%(field)s”: must be text.", name)
        texts[name] = value if isinstance(value, str) else ""
    dates = {name: _date(item.get(name), name, problem) for name in DATE_FIELDS}
    return Measure(
        title=texts["title"],
        description=texts["description"],
        indicator=texts["indicator"],
        target=texts["target"],
        agreed_by=texts["agreed_by"],
        resources=texts["resources"],
        responsible=texts["responsible"],
        agreed_at=dates["agreed_at"],
        start=dates["start"],
        due=dates["due"],
        index_target=_index_target(item.get("index_target"), problem),
        within_authority=_optional_bool(item.get("within_authority"), "within_authority", problem),
        escalate=bool(_optional_bool(item.get("escalate"), "escalate", problem)),
        follow_up=_follow_up(item.get("follow_up"), problem),
        language=_language(item.get("language"), problem),
    )


class _Problem(Protocol):  # the `problem` callback in _measure_from
    def __call__(self, message_id: str, field: str, **params: Param) -> None: ...


def _date(value: object, field: str, problem: _Problem) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    problem(
        "Measure %(number)s, “%(field)s”: “%(value)s” is not a date in the form YYYY-MM-DD.",
        field,
        value=_quote(str(value)),
    )
    return None


def _follow_up(value: object, problem: _Problem) -> tuple[date, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problem("Measure %(number)s, “%(field)s”: must be a list of dates.", "follow_up")
        return ()
    found = (_date(item, "follow_up", problem) for item in value)
    return tuple(d for d in found if d is not None)


def _optional_bool(value: object, field: str, problem: _Problem) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    problem("Measure %(number)s, “%(field)s”: must be true, false or null.", field)
    return None


def _index_target(value: object, problem: _Problem) -> IndexTarget | None:
    if value is None:
        return None
    if isinstance(value, dict):
        code, number = value.get("code"), value.get("value")
        if (
            isinstance(code, str)
            and code.strip()
            and isinstance(number, int | float)
            and not isinstance(number, bool)
        ):
            return IndexTarget(code.strip(), float(number))
    problem(
        "Measure %(number)s, “%(field)s”: must be an object with an index “code” and a "
        "numeric “value”.",
        "index_target",
    )
    return None


def _language(value: object, problem: _Problem) -> Language | None:
    if value is None or value == "":
        return None
    for language in LANGUAGES:
        if value == language:
            return language
    problem(
        "Measure %(number)s, “%(field)s”: unknown language “%(value)s”; use “nb” or “en”.",
        "language",
        value=_quote(str(value)),
    )
    return None
