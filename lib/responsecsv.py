"""Read and check a CSV file of survey responses collected with another tool, without Django.

The file has a `unit_code` column, optional background columns (position_group, age_group,
gender, employment) and one column per item code of the questionnaire version it is mapped
to. Values are scale numbers (or `na` for "not relevant"), option values (several joined with
`|` for multiple choice) or free text for open questions; an empty cell is no answer.

Like lib/orgcsv.py: UTF-8 (a byte-order mark is accepted), comma-separated, every problem
collected with the file name and physical line number (the header is line 1), messages as
gettext message ids with named placeholders.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from lib.instrument import MAX_TEXT, Instrument, Question

# The decoding, record splitting and problem collecting are shared with the org import, so
# both imports report encoding and line problems in the same words.
from lib.orgcsv import (
    Collector,
    CsvFile,
    Problem,
    _records,
    decode,
    gettext_noop,
    wrong_delimiter,
)

UNIT_COLUMN = "unit_code"
BACKGROUND_COLUMNS = {"position_group": 64, "age_group": 32, "gender": 32, "employment": 32}
MULTIPLE_SEPARATOR = "|"


@dataclass(frozen=True)
class ResponseRow:
    line: int
    unit_code: str
    background: dict[str, str]
    answers: dict[str, Any]  # item code → stored value (no open questions)
    comments: dict[str, str]  # open question code → text


@dataclass
class ParsedResponses:
    rows: list[ResponseRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]


def _columns(
    header: list[str], instrument: Instrument, report: Collector
) -> list[str | None] | None:
    """The header as item codes, background names or unit_code; None if it is unusable."""
    if wrong_delimiter(header, report):
        return None
    items = {code.lower(): code for code in instrument.questions}
    columns: list[str | None] = []
    ok = True
    for raw in header:
        name = raw.strip()
        lower = name.lower()
        if lower == UNIT_COLUMN or lower in BACKGROUND_COLUMNS:
            columns.append(lower)
        elif name in instrument.questions or lower in items:
            columns.append(name if name in instrument.questions else items[lower])
        else:
            report.error(
                1,
                gettext_noop(
                    "The column “%(column)s” is not an item of the questionnaire %(instrument)s."
                ),
                column=name or "?",
                instrument=f"{instrument.code} v{instrument.version}",
            )
            columns.append(None)
            ok = False
    for name, count in Counter(c for c in columns if c).items():
        if count > 1:
            report.error(
                1, gettext_noop("The column “%(column)s” appears more than once."), column=name
            )
            ok = False
    if UNIT_COLUMN not in columns:
        report.error(
            1, gettext_noop("The required column “%(column)s” is missing."), column=UNIT_COLUMN
        )
        ok = False
    if ok and not any(c in instrument.questions for c in columns if c):
        report.error(1, gettext_noop("The file has no columns for the questionnaire's items."))
        ok = False
    return columns if ok else None


def _scale_value(
    instrument: Instrument, question: Question, value: str, line: int, report: Collector
) -> Any:
    scale = instrument.scale_of(question)
    if value.lower() == "na" and scale.not_applicable is not None:
        return "na"
    try:
        return instrument.validate_answer(question.code, value)
    except ValueError:
        report.error(
            line,
            gettext_noop(
                "“%(value)s” in column “%(column)s” is not on its scale: use a whole number from "
                "%(low)s to %(high)s%(na)s, or leave it empty."
            ),
            value=value,
            column=question.code,
            low=scale.low,
            high=scale.high,
            na=", na" if scale.not_applicable is not None else "",
        )
        return None


def _choice_value(
    instrument: Instrument, question: Question, value: str, line: int, report: Collector
) -> Any:
    given = value.split(MULTIPLE_SEPARATOR) if question.kind == "multiple" else [value]
    given = [v.strip() for v in given]
    if all(v in question.option_values for v in given):
        return instrument.validate_answer(
            question.code, given[0] if len(given) == 1 and question.kind == "single" else given
        )
    report.error(
        line,
        gettext_noop("“%(value)s” in column “%(column)s” is not one of its options: %(options)s."),
        value=value,
        column=question.code,
        options=", ".join(question.option_values),
    )
    return None


def _row(
    line: int,
    values: dict[str, str],
    instrument: Instrument,
    unit_codes: Collection[str],
    report: Collector,
) -> ResponseRow | None:
    before = len(report.problems)
    unit_code = values.get(UNIT_COLUMN, "")
    if not unit_code:
        report.error(line, gettext_noop("The value in “%(column)s” is empty."), column=UNIT_COLUMN)
    elif unit_code not in unit_codes:
        report.error(
            line,
            gettext_noop("The unit code “%(code)s” is not a unit of the organisation."),
            code=unit_code,
        )
    background = {}
    for name, limit in BACKGROUND_COLUMNS.items():
        value = values.get(name, "")
        if len(value) > limit:
            report.error(
                line,
                gettext_noop(
                    "The value in “%(column)s” is too long: %(length)s characters, at most %(limit)s."
                ),
                column=name,
                length=len(value),
                limit=limit,
            )
        elif value:
            background[name] = value
    answers: dict[str, Any] = {}
    comments: dict[str, str] = {}
    for code, question in instrument.questions.items():
        value = values.get(code, "")
        if not value:
            continue
        if question.kind == "text":
            if len(value) > MAX_TEXT:
                report.error(
                    line,
                    gettext_noop(
                        "The value in “%(column)s” is too long: %(length)s characters, at most %(limit)s."
                    ),
                    column=code,
                    length=len(value),
                    limit=MAX_TEXT,
                )
            comments[code] = value
            continue
        check = _scale_value if question.kind == "scale" else _choice_value
        answer = check(instrument, question, value, line, report)
        if answer is not None:
            answers[code] = answer
    if len(report.problems) > before:
        return None
    if not answers and not comments:
        report.warning(line, gettext_noop("This line has no answers and was skipped."))
        return None
    return ResponseRow(line, unit_code, background, answers, comments)


def parse(source: CsvFile, instrument: Instrument, unit_codes: Collection[str]) -> ParsedResponses:
    """Check a responses file against a questionnaire and the known unit codes."""
    parsed = ParsedResponses()
    report = Collector(source.name, parsed.problems)
    text = decode(source, report)
    if text is None:
        return parsed
    records = _records(text)
    try:
        _, header = next(records)
    except StopIteration:
        report.error(0, gettext_noop("The file is empty."))
        return parsed
    columns = _columns(header, instrument, report)
    if columns is None:
        return parsed
    for line, values in records:
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(columns):
            report.error(
                line,
                gettext_noop(
                    "This line has %(found)s values but the header has %(expected)s columns. "
                    "Check for "
                    "a missing or extra comma, or a value with a comma that is not in quotes."
                ),
                found=len(values),
                expected=len(columns),
            )
            continue
        row = {c: v.strip() for c, v in zip(columns, values, strict=True) if c}
        parsed_row = _row(line, row, instrument, unit_codes, report)
        if parsed_row is not None:
            parsed.rows.append(parsed_row)
    if not parsed.rows and not parsed.errors:
        report.error(0, gettext_noop("The file has no responses."))
    return parsed
