"""The unit report as the page and the PDF show it, built from the stored snapshot
(`UnitReport.data`, see reports/build.py) and the round's questionnaire. No queries: the caller
passes what it looked up, so the PDF workers can build reports without a database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from lib.instrument import Instrument, Question
from reports import charts, tables
from reports.reasons import reason_text

SUMMARY_SIZE = 3
BACKGROUND_LABELS = {
    "position_group": lambda: _("Position group"),
    "age_group": lambda: _("Age group"),
    "gender": lambda: _("Gender"),
    "employment": lambda: _("Employment"),
}
CATEGORY_LABELS = {
    "academic": lambda: _("Academic staff"),
    "technical": lambda: _("Technical staff"),
    "administrative": lambda: _("Administrative staff"),
    "woman": lambda: _("Women"),
    "man": lambda: _("Men"),
    "permanent": lambda: _("Permanent"),
    "temporary": lambda: _("Temporary"),
}


def text(value: Mapping[str, str] | None, language: str) -> str:
    if not value:
        return ""
    return value.get(language) or next(iter(value.values()), "")


def fmt_mean(value: float | None) -> str:
    return "" if value is None else charts.number(value, 2)


def fmt_pct(share: float | None) -> str:
    if share is None:
        return ""
    return charts.percent(share).replace(" ", "\u00a0")  # "37 %" never breaks in a narrow column


def fmt_change(value: float | None) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0.0049 else ("−" if value < -0.0049 else "±")
    return sign + charts.number(abs(value), 2)


@dataclass
class TableRow:
    code: str
    label: str
    is_index: bool
    reversed: bool = False
    hidden: str = ""  # the reason in words
    n: int | None = None
    mean: str = ""
    sd: str = ""
    fav: str = ""
    neu: str = ""
    unf: str = ""
    parent: str = ""
    inst: str = ""
    prev: str = ""
    change: str = ""
    prev_note: str = ""


@dataclass
class DistTable:
    """A dimension's answers per scale point, for its statements on one scale: each point's
    value, name and colour key heads a column, so statements on another scale (with other
    names for the points) get a table of their own."""

    anchor: str
    points: list[tuple[str, str, SafeString]]  # value, name, colour key
    fills: list[charts.Fill]  # each point's fill, for the keys and every row's bar
    rows: list[dict[str, Any]] = field(default_factory=list)
    body: SafeString = field(default_factory=SafeString)  # reports.tables

    @property
    def low(self) -> str:
        return self.points[0][1]

    @property
    def high(self) -> str:
        return self.points[-1][1]


@dataclass
class Dimension:
    code: str
    title: str
    anchor: str
    rows: list[TableRow]
    shares_chart: SafeString
    means_chart: SafeString
    dist_tables: list[DistTable] = field(default_factory=list)
    dist_notes: dict[str, list[str]] = field(default_factory=dict)  # reason → labels
    numbers_body: SafeString = field(default_factory=SafeString)  # reports.tables


@dataclass
class Report:
    """Everything the unit report templates show, in the active language."""

    code: str
    name: str
    round_name: str
    round_uid: str
    language: str
    release_number: int
    released_on: Any
    thresholds: Mapping[str, int]
    chain: list[dict[str, str]]
    rate: int | None
    rate_hidden: str
    respondents: int | None
    respondents_hidden: str
    has_previous: bool
    summary: dict[str, list[dict[str, str]]]
    dimensions: list[Dimension]
    facts: list[dict[str, Any]]
    groups: list[dict[str, Any]]
    comments: dict[str, Any]
    counts: dict[str, int]


@charts.formatting()
def build(
    *,
    data: Mapping[str, Any],
    instrument: Instrument,
    round_name: str,
    round_uid: str,
    release_number: int,
    released_on: Any,
    thresholds: Mapping[str, int],
    has_previous: bool,
    links: Mapping[str, str] | None = None,
) -> Report:
    """The report of one unit in the active language; `links` maps the codes of the ancestors
    the reader may open to their report URLs (the breadcrumb links only those)."""
    language = (get_language() or "nb")[:2]
    cells: Mapping[str, Mapping[str, Any]] = data["cells"]
    links = links or {}
    titles = {i.code: text(i.title, language) for i in instrument.indices}
    chain = [
        {"code": code, "name": nb if language == "nb" else en, "url": links.get(code, "")}
        for code, nb, en in data["chain"]
    ]
    dimensions = [
        _dimension(d, instrument, cells, thresholds, language) for d in instrument.dimensions
    ]
    other = _other_items(instrument, cells, thresholds, language)
    if other is not None:
        dimensions.append(other)
    for dimension in dimensions:
        dimension.numbers_body = tables.numbers_body(dimension.rows, has_previous=has_previous)
        for table in dimension.dist_tables:
            table.body = tables.distribution_body(table.rows)
    rate = data.get("rate") or {}
    comments = data.get("comments") or {}
    hidden_count = sum(1 for c in cells.values() if c.get("hidden"))
    return Report(
        code=data["code"],
        name=text(data["name"], language),
        round_name=round_name,
        round_uid=round_uid,
        language=language,
        release_number=release_number,
        released_on=released_on,
        thresholds=thresholds,
        chain=chain,
        rate=rate.get("percent"),
        rate_hidden=reason_text(rate.get("hidden") or "", thresholds),
        respondents=data.get("respondents"),
        respondents_hidden=reason_text(comments.get("hidden") or "", thresholds)
        if data.get("respondents") is None
        else "",
        has_previous=has_previous,
        summary=_summary(cells, titles),
        dimensions=dimensions,
        facts=_facts(instrument, cells, thresholds, language),
        groups=_groups(instrument, data.get("groups") or [], titles, language),
        comments={
            "shown": bool(comments.get("shown")),
            "hidden": reason_text(comments.get("hidden") or "", thresholds),
            "questions": [
                {"code": code, "text": text(instrument.question(code).text, language), "texts": t}
                for code, t in (comments.get("items") or {}).items()
                if code in instrument.questions
            ],
        },
        counts={"cells": len(cells), "hidden": hidden_count},
    )


def _row(
    code: str,
    label: str,
    cell: Mapping[str, Any] | None,
    thresholds: Mapping[str, int],
    *,
    is_index: bool,
    reversed: bool = False,
) -> TableRow:
    row = TableRow(code=code, label=label, is_index=is_index, reversed=reversed)
    if cell is None:
        row.hidden = _("not asked in this round")
        return row
    if cell.get("hidden"):
        row.hidden = reason_text(cell["hidden"], thresholds)
        return row
    row.n = cell.get("n")
    row.mean = fmt_mean(cell.get("mean"))
    row.sd = fmt_mean(cell.get("sd"))
    row.fav, row.neu, row.unf = (fmt_pct(cell.get(k)) for k in ("fav", "neu", "unf"))
    row.parent = fmt_mean(cell.get("parent"))
    row.inst = fmt_mean(cell.get("inst"))
    row.prev = fmt_mean(cell.get("prev"))
    if cell.get("prev") is not None and cell.get("mean") is not None:
        row.change = fmt_change(cell["mean"] - cell["prev"])
    status = cell.get("prev_status") or ""
    if status == "not_comparable":
        row.prev_note = reason_text("not_comparable", thresholds)
    elif status == "new_unit":
        row.prev_note = _("the unit did not exist in the previous round")
    return row


def _chart_row(row: TableRow, cell: Mapping[str, Any] | None) -> charts.Row:
    label = f"{row.label} ({_('reversed')})" if row.reversed else row.label
    if cell is None or cell.get("hidden"):
        return charts.Row(label, row.is_index, hidden=True)
    return charts.Row(
        label,
        row.is_index,
        fav=cell.get("fav"),
        neu=cell.get("neu"),
        unf=cell.get("unf"),
        mean=cell.get("mean"),
        parent=cell.get("parent"),
        inst=cell.get("inst"),
        prev=cell.get("prev"),
    )


def _legend_labels() -> dict[str, str]:
    return {
        "unit": _("This unit"),
        "parent": _("Parent unit"),
        "inst": _("Institution"),
        "prev": _("Previous round"),
    }


def _dimension_from(
    code: str,
    title: str,
    entries: list[tuple[str, str, bool, bool]],
    instrument: Instrument,
    cells: Mapping[str, Mapping[str, Any]],
    thresholds: Mapping[str, int],
    language: str,
) -> Dimension:
    """entries: (code, label, is_index, reversed) in table order."""
    rows = []
    chart_rows = []
    for entry_code, label, is_index, rev in entries:
        cell = cells.get(entry_code)
        row = _row(entry_code, label, cell, thresholds, is_index=is_index, reversed=rev)
        rows.append(row)
        chart_rows.append(_chart_row(row, cell))
    item_codes = [c for c, _l, is_index, _r in entries if not is_index]
    scale = instrument.scale_of(instrument.question(item_codes[0])) if item_codes else None
    low, high = (scale.low, scale.high) if scale else (1, 5)
    dimension = Dimension(
        code=code,
        title=title,
        anchor=f"dim-{code}",
        rows=rows,
        shares_chart=charts.shares_chart(
            f"c-{code}-s",
            _("%(title)s: favourable, neutral and unfavourable answers") % {"title": title},
            chart_rows,
        ),
        means_chart=charts.means_chart(
            f"c-{code}-m",
            _("%(title)s: means compared") % {"title": title},
            [r for r in chart_rows if r.is_index] or chart_rows,
            low=low,
            high=high,
            labels=_legend_labels(),
        ),
    )
    _distributions(dimension, item_codes, instrument, cells, thresholds, language)
    return dimension


def _distributions(
    dimension: Dimension,
    item_codes: list[str],
    instrument: Instrument,
    cells: Mapping[str, Mapping[str, Any]],
    thresholds: Mapping[str, int],
    language: str,
) -> None:
    labels = {row.code: row.label for row in dimension.rows}
    by_scale: dict[str, DistTable] = {}
    for code in item_codes:
        cell = cells.get(code)
        if cell is None or cell.get("hidden"):
            continue  # the table already says why
        if not cell.get("dist"):
            if cell.get("dist_hidden"):
                reason = reason_text(cell["dist_hidden"], thresholds)
                dimension.dist_notes.setdefault(reason, []).append(labels[code])
            continue
        question = instrument.question(code)
        scale = instrument.scale_of(question)
        table = by_scale.get(scale.code)
        if table is None:
            suffix = f"-{len(by_scale) + 1}" if by_scale else ""
            fills = charts.point_fills(len(scale.points))
            table = by_scale[scale.code] = DistTable(
                anchor=f"{dimension.anchor}-dtable{suffix}",
                points=[
                    (str(p.value), text(p.label, language), charts.point_swatch(fill))
                    for p, fill in zip(scale.points, fills, strict=True)
                ],
                fills=fills,
            )
        counts = [int(count) for _level, count in cell["dist"]]
        total = sum(counts) or 1
        table.rows.append(
            {
                "label": labels[code],
                "reversed": question.reverse,
                "n": sum(counts),
                "points": [{"count": count, "share": fmt_pct(count / total)} for count in counts],
                "bar": charts.spread_bar(counts, table.fills),
            }
        )
    dimension.dist_tables = list(by_scale.values())


def _dimension(
    dimension: Any,
    instrument: Instrument,
    cells: Mapping[str, Mapping[str, Any]],
    thresholds: Mapping[str, int],
    language: str,
) -> Dimension:
    entries: list[tuple[str, str, bool, bool]] = []
    for index in dimension.indices:
        entries.append((index.code, text(index.title, language), True, False))
        for code in index.items:
            question = instrument.question(code)
            entries.append((code, text(question.text, language), False, question.reverse))
    return _dimension_from(
        dimension.code,
        text(dimension.title, language),
        entries,
        instrument,
        cells,
        thresholds,
        language,
    )


def _other_items(
    instrument: Instrument,
    cells: Mapping[str, Mapping[str, Any]],
    thresholds: Mapping[str, int],
    language: str,
) -> Dimension | None:
    in_indices = {code for index in instrument.indices for code in index.items}
    entries = [
        (q.code, text(q.text, language), False, q.reverse)
        for section in instrument.sections
        for q in section.questions
        if q.kind == "scale" and q.code not in in_indices
    ]
    if not entries:
        return None
    return _dimension_from(
        "other", _("Other questions"), entries, instrument, cells, thresholds, language
    )


def _summary(
    cells: Mapping[str, Mapping[str, Any]], titles: Mapping[str, str]
) -> dict[str, list[dict[str, str]]]:
    """Highest and lowest indices, largest changes and differences from the parent — from
    published index means only."""
    shown = [
        (code, cell)
        for code, cell in cells.items()
        if code in titles and not cell.get("hidden") and cell.get("mean") is not None
    ]
    size = min(SUMMARY_SIZE, len(shown) // 2) or min(1, len(shown))
    by_mean = sorted(shown, key=lambda pair: (-pair[1]["mean"], pair[0]))
    highest = by_mean[:size]
    lowest = [pair for pair in reversed(by_mean[-size:]) if pair not in highest]
    changes = sorted(
        (
            pair
            for pair in shown
            if pair[1].get("prev") is not None and abs(pair[1]["mean"] - pair[1]["prev"]) >= 0.005
        ),
        key=lambda pair: (-abs(pair[1]["mean"] - pair[1]["prev"]), pair[0]),
    )[:SUMMARY_SIZE]
    parent = sorted(
        (
            pair
            for pair in shown
            if pair[1].get("parent") is not None
            and abs(pair[1]["mean"] - pair[1]["parent"]) >= 0.005
        ),
        key=lambda pair: (-abs(pair[1]["mean"] - pair[1]["parent"]), pair[0]),
    )[:SUMMARY_SIZE]

    def entry(code: str, cell: Mapping[str, Any], other: str = "") -> dict[str, str]:
        result = {"code": code, "title": titles[code], "mean": fmt_mean(cell["mean"])}
        if other:
            result["other"] = fmt_mean(cell[other])
            result["change"] = fmt_change(cell["mean"] - cell[other])
        return result

    return {
        "highest": [entry(c, cell) for c, cell in highest],
        "lowest": [entry(c, cell) for c, cell in lowest],
        "changes": [entry(c, cell, "prev") for c, cell in changes],
        "parent": [entry(c, cell, "parent") for c, cell in parent],
    }


def _facts(
    instrument: Instrument,
    cells: Mapping[str, Mapping[str, Any]],
    thresholds: Mapping[str, int],
    language: str,
) -> list[dict[str, Any]]:
    result = []
    for section in instrument.sections:
        for question in section.questions:
            if question.kind not in ("single", "multiple"):
                continue
            cell = cells.get(question.code)
            result.append(_fact(question, cell, thresholds, language))
    return result


def _fact(
    question: Question,
    cell: Mapping[str, Any] | None,
    thresholds: Mapping[str, int],
    language: str,
) -> dict[str, Any]:
    fact: dict[str, Any] = {
        "code": question.code,
        "text": text(question.text, language),
        "sensitive": question.sensitive,
        "multiple": question.kind == "multiple",
        "hidden": "",
        "n": None,
        "options": [],
        "dist_hidden": "",
    }
    if cell is None:
        fact["hidden"] = _("not asked in this round")
    elif cell.get("hidden"):
        fact["hidden"] = reason_text(cell["hidden"], thresholds)
    else:
        fact["n"] = cell.get("n")
        labels = {o.value: text(o.label, language) for o in question.options}
        if cell.get("dist"):
            n = cell.get("n") or 1
            fact["options"] = [
                {"label": labels.get(value, value), "count": count, "share": fmt_pct(count / n)}
                for value, count in cell["dist"]
            ]
        else:
            fact["dist_hidden"] = reason_text(cell.get("dist_hidden") or "distribution", thresholds)
    return fact


def _groups(
    instrument: Instrument,
    groups: list[Mapping[str, Any]],
    titles: Mapping[str, str],
    language: str,
) -> list[dict[str, Any]]:
    """Background breakdowns: per variable, the index means of each shown category."""
    by_variable: dict[str, list[Mapping[str, Any]]] = {}
    for group in groups:
        by_variable.setdefault(group["variable"], []).append(group)
    result = []
    for variable, entries in by_variable.items():
        label = BACKGROUND_LABELS.get(variable)
        categories = [
            CATEGORY_LABELS[g["category"]]() if g["category"] in CATEGORY_LABELS else g["category"]
            for g in entries
        ]
        rows = []
        for code, title in titles.items():
            values = []
            for g in entries:
                cell = g["cells"].get(code)
                values.append(
                    {"mean": fmt_mean(cell.get("mean")), "n": cell.get("n")} if cell else None
                )
            if any(values):
                rows.append({"title": title, "values": values})
        if rows:
            result.append(
                {
                    "variable": variable,
                    "label": label() if label else variable,
                    "categories": categories,
                    "rows": rows,
                }
            )
    return result
