"""The overview report (oversiktsrapport): a heatmap of units × indices for one level of a
subtree, read from the release's stored `UnitReport.overview` (published means only), with
the response rates; the same table as a page, an XLSX file and a PDF for AMU and the board."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from lib.instrument import Instrument
from reports import charts
from reports.models import Release, UnitReport
from reports.reasons import reason_text
from respond.questionnaire import questionnaire_for

# Band edges as a share of the scale (low → high): the colour of a cell, always printed with
# its number and explained in the legend.
BANDS = (0.375, 0.5, 0.625, 0.75)
SORTS = ("name", "rate")


@dataclass(frozen=True)
class Column:
    code: str
    title: str
    dimension: str
    low: int
    high: int


@dataclass(frozen=True)
class HeatCell:
    mean: float | None
    band: int  # 0…4, or -1 when hidden
    hidden: str  # the reason in words, or ""
    note: int = 0  # its number in the table's notes (1…)


@dataclass
class Row:
    code: str
    name: str
    kind: str
    rate: int | None
    respondents: int | None
    cells: list[HeatCell] = field(default_factory=list)

    def cells_html(self) -> SafeString:
        """The row's index cells as table cells: rendered here rather than in the template,
        because a level can hold hundreds of units × 14 indices."""
        hidden = _("hidden")
        parts = []
        for cell in self.cells:
            if cell.mean is not None:
                parts.append(
                    format_html('<td class="band-{}">{}</td>', cell.band, _number(cell.mean))
                )
            else:
                parts.append(
                    format_html(
                        '<td class="hidden-cell"><span aria-hidden="true">–<sup>{}</sup></span>'
                        '<span class="visually-hidden">{}: {}</span></td>',
                        cell.note,
                        hidden,
                        cell.hidden,
                    )
                )
        return mark_safe("".join(parts))  # noqa: S308 (every part went through format_html)


def _number(value: float) -> str:
    return charts.number(value, 2)


@dataclass(frozen=True)
class Level:
    depth: int
    label: str
    count: int


@dataclass
class Table:
    release: Release
    root: Row
    depth: int
    levels: list[Level]
    columns: list[Column]
    rows: list[Row]
    sort: str
    descending: bool
    notes: list[str]  # the distinct reasons for hidden cells, numbered in the table

    @property
    def all_rows(self) -> list[Row]:
        """The top unit (the total) first, then the units of the chosen level."""
        return [self.root, *self.rows]

    @property
    def depth_text(self) -> str:
        return str(self.depth)


def _text(value: Any) -> str:
    language = (get_language() or "nb")[:2]
    return str(value.get(language) or value.get("nb") or next(iter(value.values()), ""))


def columns_of(instrument: Instrument) -> list[Column]:
    columns = []
    for dimension in instrument.dimensions:
        for index in dimension.indices:
            scale = instrument.scale_of(instrument.question(index.items[0]))
            columns.append(
                Column(
                    index.code, _text(index.title), _text(dimension.title), scale.low, scale.high
                )
            )
    return columns


def band(mean: float, column: Column) -> int:
    share = (mean - column.low) / max(column.high - column.low, 1)
    return sum(share >= edge for edge in BANDS)


KIND_PLURALS = {
    "faculty": gettext_lazy("Faculties"),
    "unit": gettext_lazy("Units"),
    "department": gettext_lazy("Departments"),
    "centre": gettext_lazy("Centres"),
    "section": gettext_lazy("Sections"),
    "group": gettext_lazy("Groups"),
}


def _level_label(kinds: Counter[str], depth: int, count: int) -> str:
    kind = kinds.most_common(1)[0][0] if kinds else ""
    plural = KIND_PLURALS.get(kind)
    name = str(plural) if plural else _("Level %(depth)s") % {"depth": depth}
    return f"{name} ({count})"


def table(
    release: Release,
    root: UnitReport,
    *,
    depth: int | None,
    sort: str = "name",
    descending: bool = False,
) -> Table:
    columns = columns_of(questionnaire_for(release.round))
    below = (
        UnitReport.objects.filter(release=release, path__startswith=root.path, depth__gt=root.depth)
        .select_related("round_unit")
        .only(
            "code",
            "path",
            "depth",
            "overview",
            "round_unit__name_nb",
            "round_unit__name_en",
            "round_unit__kind",
        )
    )
    kinds: dict[int, Counter[str]] = {}
    for unit_depth, kind in below.values_list("depth", "round_unit__kind"):
        kinds.setdefault(unit_depth, Counter())[kind] += 1
    levels = [
        Level(
            d,
            _level_label(kinds[d], d - root.depth, sum(kinds[d].values())),
            sum(kinds[d].values()),
        )
        for d in sorted(kinds)
    ]
    if depth not in kinds:
        depth = min(kinds) if kinds else root.depth + 1
    notes: list[str] = []

    def row(report: UnitReport) -> Row:
        unit = report.round_unit
        overview = report.overview
        name = unit.name_en if (get_language() or "nb")[:2] == "en" else unit.name_nb
        result = Row(
            report.code, name, unit.kind, overview.get("rate"), overview.get("respondents")
        )
        means, hidden = overview.get("means", {}), overview.get("hidden", {})
        for column in columns:
            mean = means.get(column.code)
            if mean is None:
                text = reason_text(hidden.get(column.code, "few_answers"), release.thresholds)
                if text not in notes:
                    notes.append(text)
                result.cells.append(HeatCell(None, -1, text, notes.index(text) + 1))
            else:
                result.cells.append(HeatCell(mean, band(mean, column), ""))
        return result

    rows = [row(r) for r in below.filter(depth=depth)]
    codes = [c.code for c in columns]
    if sort not in SORTS and sort not in codes:
        sort = "name"

    def key(r: Row) -> tuple[int, Any]:
        if sort == "name":
            return (0, r.name.casefold())
        value = r.rate if sort == "rate" else r.cells[codes.index(sort)].mean
        # Hidden values last in either direction.
        return (0, value) if value is not None else (1, 0)

    present = [r for r in rows if key(r)[0] == 0]
    missing = [r for r in rows if key(r)[0] == 1]
    present.sort(key=key, reverse=descending)
    return Table(
        release=release,
        root=row(root),
        depth=depth,
        levels=levels,
        columns=columns,
        rows=present + missing,
        sort=sort,
        descending=descending,
        notes=notes,
    )


def write_xlsx(stream: Any, data: Table) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    fills = [
        PatternFill("solid", fgColor=c) for c in ("F4C7C3", "FCE8B2", "F1F3F4", "C8E6C9", "A5D6A7")
    ]
    book = Workbook()
    sheet = book.active
    sheet.title = _("Overview")[:31]
    sheet.append([data.release.round.name])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [_("Code"), _("Unit"), _("Response rate (%)"), _("Respondents")]
        + [c.title for c in data.columns]
    )
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in [data.root, *data.rows]:
        values: list[Any] = [r.code, r.name, r.rate, r.respondents]
        values += [c.mean if c.mean is not None else "–" for c in r.cells]
        sheet.append(values)
        for i, c in enumerate(r.cells):
            if c.band >= 0:
                sheet.cell(row=sheet.max_row, column=5 + i).fill = fills[c.band]
    sheet.freeze_panes = "C3"
    notes = book.create_sheet(_("Hidden cells")[:31])
    notes.append([_("Code"), _("Unit"), _("Index"), _("Why it is hidden")])
    for r in [data.root, *data.rows]:
        for column, c in zip(data.columns, r.cells, strict=True):
            if c.hidden:
                notes.append([r.code, r.name, column.title, c.hidden])
    book.save(stream)
