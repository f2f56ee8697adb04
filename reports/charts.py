"""Server-side charts of the unit report: one source for the web page and the PDF (no
JavaScript, nothing fetched at run time). The marks (bars, markers, their percentages) are SVG;
row labels, values and legends are HTML beside them, which keeps long question texts readable
on any width and fast to lay out in WeasyPrint (it lays out SVG text letter by letter). Every
chart has text labels on its marks, patterns or shapes besides colour, a name, and is followed
by a table with the same numbers. Colours are chosen for contrast on white (text ≥ 4.5:1,
marks ≥ 3:1)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
INK = "#1b2430"
MUTED = "#4a5563"
GRID = "#c9d0d9"
FAVOURABLE = "#1f5f99"
NEUTRAL = "#dde2e8"
UNFAVOURABLE = "#a8471a"
# Distributions use an ordered light → dark scale, not a favourable/unfavourable colour code:
# on a reverse-worded item the high points are the unfavourable ones.
POINT_FILLS = ("#eef2f7", "#c6d6e8", "#8fb0d4", "#3f6fa3", "#1f4f80", "#143a61", "#0c2742")
POINT_TEXT = (INK, INK, INK, "#fff", "#fff", "#fff", "#fff")
BAR_WIDTH = 360
BAR_HEIGHT = 22


@dataclass
class Row:
    """One bar or dot row: an index (bold) or an item. `hidden` rows show a note instead."""

    label: str
    is_index: bool = False
    hidden: bool = False
    fav: float | None = None
    neu: float | None = None
    unf: float | None = None
    mean: float | None = None
    parent: float | None = None
    inst: float | None = None
    prev: float | None = None
    counts: list[int] = field(default_factory=list)


_DECIMAL_SEPARATORS: dict[str, str] = {}


def number(value: float, digits: int) -> str:
    """`value` rounded to `digits` decimals with the active language's decimal separator
    (no thousands grouping: USE_THOUSAND_SEPARATOR is off). A report shows a couple of thousand
    numbers; Django's `number_format` costs several times more per number and cuts the
    decimals off instead of rounding them."""
    language = get_language() or ""
    separator = _DECIMAL_SEPARATORS.get(language)
    if separator is None:
        separator = _DECIMAL_SEPARATORS[language] = str(get_format("DECIMAL_SEPARATOR"))
    text = f"{value:.{digits}f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]  # no "-0.0"
    return text.replace(".", separator) if digits else text


def _num(value: float, digits: int = 1) -> str:
    return number(value, digits)


def _pct(share: float) -> str:
    return _("%(percent)s %%") % {"percent": number(share * 100, 0)}


def _svg(width: float, height: float, body: str, defs: str = "") -> str:
    """A decorative SVG: the chart's name and numbers are in the HTML around it."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" aria-hidden="true" focusable="false" '
        f'font-family="{FONT}" font-size="12">'
        + (f"<defs>{defs}</defs>" if defs else "")
        + body
        + "</svg>"
    )


def _hatch(pattern_id: str, fill: str, stroke: str = "#4a1d07", opacity: float = 0.6) -> str:
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{fill}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{stroke}" stroke-width="2.5" '
        f'stroke-opacity="{opacity}"/></pattern>'
    )


def _segments(parts: Sequence[tuple[float, str, str]], defs: dict[str, str]) -> str:
    """Stacked bar segments (share, fill, text colour) with their percentage inside when the
    segment is wide enough to hold it. A fill "hatch:<id>" uses the hatch pattern `defs[id]`."""
    out = []
    x = 0.0
    for share, fill, text_colour in parts:
        w = BAR_WIDTH * share
        if w <= 0:
            continue
        out.append(
            f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{BAR_HEIGHT}" fill="{fill}" '
            f'stroke="#fff" stroke-width="1"/>'
        )
        if w >= 34:
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{BAR_HEIGHT / 2 + 4.5:.1f}" text-anchor="middle" '
                f'fill="{text_colour}" font-weight="700">{escape(_pct(share))}</text>'
            )
        x += w
    return "".join(out)


def _swatch(fill: str, defs: str = "") -> str:
    return _svg(
        16,
        16,
        f'<rect x="0.5" y="0.5" width="15" height="15" fill="{fill}" stroke="{MUTED}"/>',
        defs,
    )


def _legend(items: Sequence[tuple[str, str]]) -> str:
    return (
        '<ul class="chart-legend">'
        + "".join(f"<li>{swatch}<span>{escape(label)}</span></li>" for swatch, label in items)
        + "</ul>"
    )


def _row(row: Row, mark: str, value: str = "") -> str:
    kind = "chart-row chart-index" if row.is_index else "chart-row"
    return (
        f'<div class="{kind}"><div class="chart-label">{escape(row.label)}</div>'
        f'<div class="chart-mark">{mark}<span class="chart-value">{escape(value)}</span></div>'
        f"</div>"
    )


def _hidden_note() -> str:
    return f'<span class="chart-hidden">{escape(_("Hidden – the reason is in the table"))}</span>'


def _chart(chart_id: str, title: str, legend: str, rows: str, axis: str = "") -> SafeString:
    # Safe: every text from data goes through escape(); ids are questionnaire codes, which
    # lib.instrument.CODE_RE limits to letters, digits, "_" and "-".
    return mark_safe(  # noqa: S308
        f'<div class="chart" id="{chart_id}" role="img" aria-label="{escape(title)}">'
        f"{legend}{rows}{axis}</div>"
    )


def _axis(ticks: Sequence[tuple[float, str]]) -> str:
    body = "".join(
        f'<text x="{x:.1f}" y="12" text-anchor="{"start" if x <= 0 else ("end" if x >= BAR_WIDTH else "middle")}" '
        f'fill="{MUTED}" font-size="11">{escape(label)}</text>'
        for x, label in ticks
    )
    return (
        '<div class="chart-row chart-axis"><div class="chart-label"></div>'
        f'<div class="chart-mark">{_svg(BAR_WIDTH, 16, body)}<span class="chart-value"></span>'
        "</div></div>"
    )


def shares_chart(chart_id: str, title: str, rows: Sequence[Row]) -> SafeString:
    """Favourable / neutral / unfavourable shares per index and item, with the mean beside
    each bar. Unfavourable is hatched."""
    legend = _legend(
        [
            (
                _swatch(f"url(#{chart_id}-lu)", _hatch(f"{chart_id}-lu", UNFAVOURABLE)),
                _("Unfavourable"),
            ),
            (_swatch(NEUTRAL), _("Neutral")),
            (_swatch(FAVOURABLE), _("Favourable")),
            ("", _("Mean at the end of each bar")),
        ]
    )
    out = []
    for i, row in enumerate(rows):
        if row.hidden or row.fav is None:
            out.append(_row(row, _hidden_note()))
            continue
        pattern = f"{chart_id}-u{i}"
        bar = _segments(
            [
                (row.unf or 0, f"url(#{pattern})", "#fff"),
                (row.neu or 0, NEUTRAL, INK),
                (row.fav or 0, FAVOURABLE, "#fff"),
            ],
            {},
        )
        mark = _svg(BAR_WIDTH, BAR_HEIGHT, bar, _hatch(pattern, UNFAVOURABLE))
        out.append(_row(row, mark, _num(row.mean) if row.mean is not None else ""))
    axis = _axis([(BAR_WIDTH * t / 100, f"{t} %") for t in (0, 25, 50, 75, 100)])
    return _chart(chart_id, title, legend, "".join(out), axis)


def _marker(kind: str, x: float, y: float) -> str:
    if kind == "unit":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="7" fill="{FAVOURABLE}" stroke="#fff"/>'
    if kind == "parent":
        d = 7.5
        return (
            f'<path d="M{x:.1f} {y - d:.1f} L{x + d:.1f} {y:.1f} L{x:.1f} {y + d:.1f} '
            f'L{x - d:.1f} {y:.1f} Z" fill="#fff" stroke="{INK}" stroke-width="2"/>'
        )
    if kind == "inst":
        return (
            f'<rect x="{x - 5.5:.1f}" y="{y - 5.5:.1f}" width="11" height="11" fill="#fff" '
            f'stroke="{UNFAVOURABLE}" stroke-width="2"/>'
        )
    return (
        f'<path d="M{x - 5:.1f} {y - 5:.1f} L{x + 5:.1f} {y + 5:.1f} M{x - 5:.1f} {y + 5:.1f} '
        f'L{x + 5:.1f} {y - 5:.1f}" stroke="{INK}" stroke-width="2.5"/>'
    )


def means_chart(
    chart_id: str, title: str, rows: Sequence[Row], *, low: int, high: int, labels: dict[str, str]
) -> SafeString:
    """Means on the scale (high is favourable) with the parent unit, the institution and the
    previous round as differently shaped markers."""
    pad = 10.0

    def at(value: float) -> float:
        return pad + (BAR_WIDTH - 2 * pad) * (value - low) / (high - low)

    legend = _legend(
        [
            (_svg(18, 18, _marker(kind, 9, 9)), labels[kind])
            for kind in ("unit", "parent", "inst", "prev")
        ]
    )
    grid = "".join(
        f'<line x1="{at(t):.1f}" y1="0" x2="{at(t):.1f}" y2="{BAR_HEIGHT}" stroke="{GRID}" '
        f'stroke-dasharray="2 3"/>'
        for t in range(low, high + 1)
    )
    out = []
    mid = BAR_HEIGHT / 2
    for row in rows:
        if row.hidden or row.mean is None:
            out.append(_row(row, _hidden_note()))
            continue
        body = grid + (
            f'<line x1="{pad}" y1="{mid}" x2="{BAR_WIDTH - pad}" y2="{mid}" stroke="{GRID}" '
            f'stroke-width="2"/>'
        )
        for kind, value in (("inst", row.inst), ("parent", row.parent), ("prev", row.prev)):
            if value is not None:
                body += _marker(kind, at(value), mid)
        body += _marker("unit", at(row.mean), mid)
        out.append(_row(row, _svg(BAR_WIDTH, BAR_HEIGHT, body), _num(row.mean)))
    axis = _axis([(at(t), str(t)) for t in range(low, high + 1)])
    return _chart(chart_id, title, legend, "".join(out), axis)


def distribution_chart(
    chart_id: str, title: str, rows: Sequence[Row], points: Sequence[tuple[str, str]]
) -> SafeString:
    """How the answers spread over the scale points, one stacked bar per item. The lowest two
    points are hatched, so the chart does not rely on colour alone."""
    fills = list(POINT_FILLS[: len(points)])
    hatched = min(2, len(points) // 2)

    def fill_defs(prefix: str) -> tuple[list[str], str]:
        result, defs = list(fills), ""
        for i in range(hatched):
            defs += _hatch(f"{prefix}-p{i}", fills[i], INK, 0.3)
            result[i] = f"url(#{prefix}-p{i})"
        return result, defs

    legend_items = []
    for i, (value, label) in enumerate(points):
        if i < hatched:
            swatch = _swatch(
                f"url(#{chart_id}-l{i})", _hatch(f"{chart_id}-l{i}", fills[i], INK, 0.3)
            )
        else:
            swatch = _swatch(fills[i])
        legend_items.append((swatch, f"{value} {label}"))
    out = []
    for r, row in enumerate(rows):
        total = sum(row.counts)
        if not total:
            continue
        row_fills, defs = fill_defs(f"{chart_id}-r{r}")
        parts = [(count / total, row_fills[i], POINT_TEXT[i]) for i, count in enumerate(row.counts)]
        mark = _svg(BAR_WIDTH, BAR_HEIGHT, _segments(parts, {}), defs)
        out.append(_row(row, mark, f"n = {total}"))
    return _chart(chart_id, title, _legend(legend_items), "".join(out))
