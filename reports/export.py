"""Every published cell of a release as rows, exactly as report readers see them: one row per
unit × group × item, index or fact item (hidden whole-unit cells with empty numbers and the
reason in words; breakdown cells only where published). Used by `medvirk exportresults`, the
overview XLSX and the API."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import IO, Any

from reports.models import Release, UnitReport
from reports.reasons import reason_text

COLUMNS = (
    "round",
    "unit_code",
    "group_variable",
    "group",
    "code",
    "kind",
    "n",
    "mean",
    "sd",
    "favourable",
    "neutral",
    "unfavourable",
    "distribution",
    "parent_mean",
    "institution_mean",
    "previous_mean",
    "hidden_reason",
)


def distribution_text(dist: list[list[Any]] | None) -> str:
    """ "1:4;2:9;3:11" — scale point or option : answers."""
    return ";".join(f"{level}:{count}" for level, count in dist) if dist else ""


def cell_row(
    round_name: str,
    unit: str,
    variable: str,
    group: str,
    code: str,
    cell: dict[str, Any],
    thresholds: dict[str, int],
) -> dict[str, Any]:
    hidden = cell.get("hidden", "")
    return {
        "round": round_name,
        "unit_code": unit,
        "group_variable": variable,
        "group": group,
        "code": code,
        "kind": cell["kind"],
        "n": cell.get("n"),
        "mean": cell.get("mean"),
        "sd": cell.get("sd"),
        "favourable": cell.get("fav"),
        "neutral": cell.get("neu"),
        "unfavourable": cell.get("unf"),
        "distribution": distribution_text(cell.get("dist")),
        "parent_mean": cell.get("parent"),
        "institution_mean": cell.get("inst"),
        "previous_mean": cell.get("prev"),
        "hidden_reason": reason_text(hidden, thresholds),
    }


def report_rows(release: Release, report: UnitReport) -> Iterator[dict[str, Any]]:
    name = release.round.name
    data = report.data
    for code, cell in data["cells"].items():
        yield cell_row(name, report.code, "", "", code, cell, release.thresholds)
    for group in data["groups"]:
        for code, cell in group["cells"].items():
            yield cell_row(
                name,
                report.code,
                group["variable"],
                group["category"],
                code,
                cell,
                release.thresholds,
            )


def rows(release: Release, reports: Iterable[UnitReport] | None = None) -> Iterator[dict[str, Any]]:
    if reports is None:
        reports = release.units.order_by("path").iterator(chunk_size=100)
    for report in reports:
        yield from report_rows(release, report)


def write_csv(
    stream: IO[str], release: Release, reports: Iterable[UnitReport] | None = None
) -> int:
    writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    count = 0
    for row in rows(release, reports):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
        count += 1
    return count


def write_xlsx(
    path_or_stream: Any, release: Release, reports: Iterable[UnitReport] | None = None
) -> int:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("results")
    sheet.append(list(COLUMNS))
    count = 0
    for row in rows(release, reports):
        sheet.append([row[c] for c in COLUMNS])
        count += 1
    book.save(path_or_stream)
    return count
