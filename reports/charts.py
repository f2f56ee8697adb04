"""Server-side SVG charts of the unit report: one source for the web page and the PDF (no
JavaScript, nothing fetched at run time). Every chart has text labels on its marks, shapes or
patterns besides colour, a title and a description pointing at the table with the same numbers.
Colours are chosen for contrast on white (text ≥ 4.5:1, marks ≥ 3:1)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

WIDTH = 640
FONT = "DejaVu Sans, Arial, Helvetica, sans-serif"
INK = "#1b2430"
MUTED = "#4a5563"
GRID = "#c9d0d9"
FAVOURABLE = "#1f5f99"
NEUTRAL = "#dde2e8"
UNFAVOURABLE = "#a8471a"
# Scale points low → high (unfavourable → favourable once reverse-coding is accounted for).
# Distributions use an ordered light → dark scale, not a favourable/unfavourable colour code:
# on a reverse-worded item the high points are the unfavourable ones.
POINT_FILLS = ("#eef2f7", "#c6d6e8", "#8fb0d4", "#3f6fa3", "#1f4f80", "#143a61", "#0c2742")
POINT_TEXT = (INK, INK, INK, "#fff", "#fff", "#fff", "#fff")


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


def _num(value: float, digits: int = 1) -> str:
    return number_format(value, digits)


def _pct(share: float) -> str:
    return _("%(percent)s %%") % {"percent": number_format(round(share * 100), 0)}


def _lines(label: str, size: int, width: int = WIDTH, max_lines: int = 2) -> list[str]:
    per_line = max(20, int(width / (size * 0.56)))
    lines = textwrap.wrap(label, per_line) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] = lines[-1][: per_line - 1].rstrip() + "…"
    return lines


def _text(x: float, y: float, text: str, **attrs: str | float) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{escape(str(v))}"' for k, v in attrs.items())
    return f'<text x="{x:.1f}" y="{y:.1f}" {extra}>{escape(text)}</text>'


def _svg(chart_id: str, height: float, title: str, body: list[str], defs: str = "") -> SafeString:
    desc = _("The same numbers are in the table after the chart.")
    # Safe: every text and attribute value from data goes through escape() (see _text); ids
    # are questionnaire codes, which CODE_RE limits to letters, digits, "_" and "-".
    return mark_safe(  # noqa: S308
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="{WIDTH}" height="{height:.0f}" role="img" '
        f'aria-labelledby="{chart_id}-t {chart_id}-d" font-family="{FONT}" font-size="13" '
        f'fill="{INK}"><title id="{chart_id}-t">{escape(title)}</title>'
        f'<desc id="{chart_id}-d">{escape(desc)}</desc><defs>{defs}</defs>'
        + "".join(body)
        + "</svg>"
    )


def _hatch(pattern_id: str, fill: str, stroke: str = "#4a1d07", opacity: float = 0.6) -> str:
    return (
        f'<pattern id="{pattern_id}" patternUnits="userSpaceOnUse" width="8" height="8" '
        f'patternTransform="rotate(45)"><rect width="8" height="8" fill="{fill}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{stroke}" stroke-width="2.5" '
        f'stroke-opacity="{opacity}"/></pattern>'
    )


def _label_block(row: Row, y: float, body: list[str]) -> float:
    size = 14 if row.is_index else 13
    weight = "700" if row.is_index else "400"
    for line in _lines(row.label, size):
        y += size + 3
        body.append(_text(0, y, line, font_size=size, font_weight=weight))
    return y + 5


def _segments(
    x0: float, y: float, width: float, height: float, parts: Sequence[tuple[float, str, str]]
) -> list[str]:
    """Stacked bar segments (share, fill, text colour) with their percentage inside when the
    segment is wide enough to hold it."""
    out = []
    x = x0
    for share, fill, text_colour in parts:
        w = width * share
        if w <= 0:
            continue
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{height}" fill="{fill}" '
            f'stroke="#fff" stroke-width="1"/>'
        )
        if w >= 34:
            out.append(
                _text(
                    x + w / 2,
                    y + height / 2 + 4.5,
                    _pct(share),
                    text_anchor="middle",
                    fill=text_colour,
                    font_size=12,
                    font_weight="700",
                )
            )
        x += w
    return out


def _legend(items: Sequence[tuple[str, str]], y: float, body: list[str]) -> float:
    """Swatches (fill or pattern url) with labels, wrapping onto more lines when needed."""
    x = 0.0
    for fill, label in items:
        width = 22 + len(label) * 7.2 + 18
        if x + width > WIDTH:
            x, y = 0.0, y + 22
        body.append(
            f'<rect x="{x:.1f}" y="{y - 12:.1f}" width="16" height="16" fill="{fill}" '
            f'stroke="{MUTED}" stroke-width="0.75"/>'
        )
        body.append(_text(x + 22, y + 1, label, font_size=12.5))
        x += width
    return y + 16


BAR_HEIGHT = 22
BAR_WIDTH = 560


def shares_chart(chart_id: str, title: str, rows: Sequence[Row]) -> SafeString:
    """Favourable / neutral / unfavourable shares per index and item, with the mean at the end
    of each bar."""
    unf_fill = f"url(#{chart_id}-unf)"
    defs = _hatch(f"{chart_id}-unf", UNFAVOURABLE)
    body: list[str] = []
    y = _legend(
        [
            (unf_fill, _("Unfavourable")),
            (NEUTRAL, _("Neutral")),
            (FAVOURABLE, _("Favourable")),
        ],
        16,
        body,
    )
    body.append(_text(WIDTH, y - 16, _("Mean"), text_anchor="end", font_weight="700"))
    y += 6
    for row in rows:
        y = _label_block(row, y, body)
        if row.hidden or row.fav is None:
            body.append(
                _text(
                    0,
                    y + 15,
                    _("Hidden – the reason is in the table"),
                    fill=MUTED,
                    font_style="italic",
                )
            )
        else:
            body.extend(
                _segments(
                    0,
                    y,
                    BAR_WIDTH,
                    BAR_HEIGHT,
                    [
                        (row.unf or 0, unf_fill, "#fff"),
                        (row.neu or 0, NEUTRAL, INK),
                        (row.fav or 0, FAVOURABLE, "#fff"),
                    ],
                )
            )
            if row.mean is not None:
                body.append(
                    _text(
                        WIDTH,
                        y + 16,
                        _num(row.mean),
                        text_anchor="end",
                        font_weight="700",
                        font_size=14,
                    )
                )
        y += BAR_HEIGHT + 12
    for tick in (0, 25, 50, 75, 100):
        x = BAR_WIDTH * tick / 100
        anchor = {0: "start", 100: "end"}.get(tick, "middle")
        body.append(_text(x, y + 4, f"{tick} %", text_anchor=anchor, font_size=11, fill=MUTED))
    return _svg(chart_id, y + 10, title, body, defs)


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
    """Index means on the scale (high is favourable) with the parent unit, the institution and
    the previous round as differently shaped markers; one line per index."""
    body: list[str] = []
    label_width = 230.0
    left, right = label_width + 14, WIDTH - 56.0

    def at(value: float) -> float:
        return left + (right - left) * (value - low) / (high - low)

    legend_y = 16.0
    x = 0.0
    for kind in ("unit", "parent", "inst", "prev"):
        width = 34 + len(labels[kind]) * 7.2
        if x + width > WIDTH:
            x, legend_y = 0.0, legend_y + 22
        body.append(_marker(kind, x + 8, legend_y - 4))
        body.append(_text(x + 20, legend_y + 1, labels[kind], font_size=12.5))
        x += width
    y = legend_y + 16
    for tick in range(low, high + 1):
        body.append(
            f'<line x1="{at(tick):.1f}" y1="{y:.1f}" x2="{at(tick):.1f}" '
            f'y2="{y + 30 * len(rows):.1f}" stroke="{GRID}" stroke-dasharray="2 3"/>'
        )
    for row in rows:
        mid = y + 15
        lines = _lines(row.label, 13, int(label_width), max_lines=2)
        first = mid + 4.5 - (len(lines) - 1) * 7.5
        for i, line in enumerate(lines):
            body.append(
                _text(0, first + i * 15, line, font_weight="700" if row.is_index else "400")
            )
        if row.hidden or row.mean is None:
            body.append(
                _text(
                    left,
                    mid + 4.5,
                    _("Hidden – the reason is in the table"),
                    fill=MUTED,
                    font_style="italic",
                )
            )
        else:
            body.append(
                f'<line x1="{left}" y1="{mid}" x2="{right}" y2="{mid}" stroke="{GRID}" '
                f'stroke-width="2"/>'
            )
            for kind, value in (("inst", row.inst), ("parent", row.parent), ("prev", row.prev)):
                if value is not None:
                    body.append(_marker(kind, at(value), mid))
            body.append(_marker("unit", at(row.mean), mid))
            body.append(
                _text(
                    WIDTH,
                    mid + 5,
                    _num(row.mean),
                    text_anchor="end",
                    font_weight="700",
                    font_size=14,
                )
            )
        y += 30
    for tick in range(low, high + 1):
        body.append(
            _text(at(tick), y + 12, str(tick), text_anchor="middle", font_size=11, fill=MUTED)
        )
    return _svg(chart_id, y + 18, title, body)


def distribution_chart(
    chart_id: str, title: str, rows: Sequence[Row], points: Sequence[tuple[str, str]]
) -> SafeString:
    """How the answers spread over the scale points, one stacked bar per item. The lower
    points are hatched, so the chart does not rely on colour alone."""
    fills = list(POINT_FILLS[: len(points)])
    defs = ""
    for i in range(min(2, len(points) // 2)):  # the low end of the scale
        defs += _hatch(f"{chart_id}-p{i}", fills[i], INK, 0.3)
        fills[i] = f"url(#{chart_id}-p{i})"
    body: list[str] = []
    y = _legend(
        [(fills[i], f"{value} {label}") for i, (value, label) in enumerate(points)], 16, body
    )
    y += 6
    for row in rows:
        y = _label_block(row, y, body)
        total = sum(row.counts)
        if total:
            parts = [(count / total, fills[i], POINT_TEXT[i]) for i, count in enumerate(row.counts)]
            body.extend(_segments(0, y, WIDTH, BAR_HEIGHT, parts))
        y += BAR_HEIGHT + 12
    return _svg(chart_id, y, title, body, defs)
