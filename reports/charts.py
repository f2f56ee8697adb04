"""Server-side charts of the unit report: one source for the web page and the PDF (no
JavaScript, nothing fetched at run time). The marks (bars, markers, their percentages) are SVG;
row labels, values and legends are HTML beside them, which keeps long question texts readable
on any width and fast to lay out in WeasyPrint (it lays out SVG text letter by letter). Every
chart has text labels on its marks, patterns or shapes besides colour, a name, and is followed
by a table with the same numbers; the spread of each statement over the scale points is a bar
inside the distribution table's row, beside its numbers. Colours are chosen for contrast on
white (text ≥ 4.5:1, marks ≥ 3:1)."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

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
BAR_WIDTH = 360
BAR_HEIGHT = 22
SPREAD_HEIGHT = 16  # the distribution table's bar under each statement


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


_DECIMAL_SEPARATORS: dict[str, str] = {}
_FORMATS = threading.local()  # the active language's separator and percent, inside formatting()


@contextmanager
def formatting() -> Iterator[None]:
    """Numbers formatted inside this block use the language active when it starts. A report
    shows a couple of thousand numbers, and asking Django for the active language costs more
    than formatting one (it is an asgiref Local, context-variable aware)."""
    before = getattr(_FORMATS, "current", None)
    _FORMATS.current = (_decimal_separator(), _("%(percent)s %%"))
    try:
        yield
    finally:
        _FORMATS.current = before


def _decimal_separator() -> str:
    language = get_language() or ""
    separator = _DECIMAL_SEPARATORS.get(language)
    if separator is None:
        separator = _DECIMAL_SEPARATORS[language] = str(get_format("DECIMAL_SEPARATOR"))
    return separator


def number(value: float, digits: int) -> str:
    """`value` rounded to `digits` decimals with the active language's decimal separator
    (no thousands grouping: USE_THOUSAND_SEPARATOR is off). Django's `number_format` costs
    several times more per number and cuts the decimals off instead of rounding them."""
    text = f"{value:.{digits}f}"
    if text.startswith("-") and not text.strip("-0."):
        text = text[1:]  # no "-0.0"
    if not digits:
        return text
    current = getattr(_FORMATS, "current", None)
    return text.replace(".", current[0] if current else _decimal_separator())


def percent(share: float) -> str:
    """`share` (0–1) as a whole percentage in the active language ("37 %")."""
    current = getattr(_FORMATS, "current", None)
    pattern = current[1] if current else _("%(percent)s %%")
    return str(pattern) % {"percent": number(share * 100, 0)}


def _num(value: float, digits: int = 1) -> str:
    return number(value, digits)


def _svg(width: float, height: float, body: str) -> str:
    """A decorative SVG: the chart's name and numbers are in the HTML around it."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {height:.0f}" '
        f'width="{width:.0f}" height="{height:.0f}" aria-hidden="true" focusable="false" '
        f'font-family="{FONT}" font-size="12">{body}</svg>'
    )


HATCH_SPACING = 11.3  # between stripes, measured along a row (8 units apart across them)
HATCH_WIDTH = 2.5


def blend(over: str, under: str, opacity: float) -> str:
    """The colour `over` painted at `opacity` on `under` (both "#rrggbb"), as one opaque colour:
    stripes drawn in it look as translucent ones would, and print without transparency."""
    mixed = (
        round(opacity * int(over[i : i + 2], 16) + (1 - opacity) * int(under[i : i + 2], 16))
        for i in (1, 3, 5)
    )
    return "#" + "".join(f"{channel:02x}" for channel in mixed)


@dataclass(frozen=True)
class Hatch:
    """A fill with diagonal stripes, so that a mark does not rely on its colour alone."""

    fill: str
    stripe: str  # opaque: blend() of the stripe colour on the fill


Segment = tuple[float, float, float, float]
UNFAVOURABLE_HATCH = Hatch(UNFAVOURABLE, blend("#4a1d07", UNFAVOURABLE, 0.6))


def stripes(x: float, y: float, width: float, height: float) -> list[Segment]:
    """The diagonal stripes ("/", lines x + y = c every HATCH_SPACING, anchored at 0 so that
    neighbouring marks line up) inside the rectangle, as segments (x1, y1, x2, y2) cut at its
    edges: drawn as one path, without an SVG pattern (a pattern prints as an image tile, which
    costs Chromium a raster image per mark)."""
    segments: list[Segment] = []
    first = int((x + y) // HATCH_SPACING) + 1
    last = int((x + width + y + height) // HATCH_SPACING)
    for k in range(first, last + 1):
        c = k * HATCH_SPACING
        top = max(y, c - (x + width))  # where the line enters: the top or the right edge
        bottom = min(y + height, c - x)  # where it leaves: the bottom or the left edge
        if bottom > top:
            segments.append((c - top, top, c - bottom, bottom))
    return segments


def _striped(x: float, y: float, width: float, height: float, hatch: Hatch) -> str:
    path = "".join(
        f"M{x1:.1f} {y1:.1f}L{x2:.1f} {y2:.1f}" for x1, y1, x2, y2 in stripes(x, y, width, height)
    )
    rect = f'<rect x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" height="{height:.1f}" fill="{hatch.fill}"/>'
    if not path:
        return rect
    return rect + f'<path d="{path}" stroke="{hatch.stripe}" stroke-width="{HATCH_WIDTH}"/>'


Fill = str | Hatch


def _segments(parts: Sequence[tuple[float, Fill, str]], height: float = BAR_HEIGHT) -> str:
    """Stacked bar segments (share, fill, text colour) with their percentage inside when the
    segment is wide enough to hold it and has a text colour; a white gap between segments."""
    out = []
    x = 0.0
    for share, fill, text_colour in parts:
        w = BAR_WIDTH * share
        if w <= 0:
            continue
        if isinstance(fill, Hatch):
            out.append(_striped(x, 0, w, height, fill))
            out.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="none" '
                f'stroke="#fff" stroke-width="1"/>'
            )
        else:
            out.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" fill="{fill}" '
                f'stroke="#fff" stroke-width="1"/>'
            )
        if text_colour and w >= 34:
            out.append(
                f'<text x="{x + w / 2:.1f}" y="{height / 2 + 4.5:.1f}" text-anchor="middle" '
                f'fill="{text_colour}" font-weight="700">{escape(percent(share))}</text>'
            )
        x += w
    return "".join(out)


def _swatch(fill: Fill) -> str:
    if isinstance(fill, Hatch):
        body = _striped(0.5, 0.5, 15, 15, fill)
        body += f'<rect x="0.5" y="0.5" width="15" height="15" fill="none" stroke="{MUTED}"/>'
    else:
        body = f'<rect x="0.5" y="0.5" width="15" height="15" fill="{fill}" stroke="{MUTED}"/>'
    return _svg(16, 16, body)


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
            (_swatch(UNFAVOURABLE_HATCH), _("Unfavourable")),
            (_swatch(NEUTRAL), _("Neutral")),
            (_swatch(FAVOURABLE), _("Favourable")),
            ("", _("Mean at the end of each bar")),
        ]
    )
    out = []
    for row in rows:
        if row.hidden or row.fav is None:
            out.append(_row(row, _hidden_note()))
            continue
        bar = _segments(
            [
                (row.unf or 0, UNFAVOURABLE_HATCH, "#fff"),
                (row.neu or 0, NEUTRAL, INK),
                (row.fav or 0, FAVOURABLE, "#fff"),
            ]
        )
        mark = _svg(BAR_WIDTH, BAR_HEIGHT, bar)
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


def point_fills(count: int) -> list[Fill]:
    """The fills of a scale's `count` points: an ordered light → dark scale, the lowest two
    points hatched so that the bars do not rely on colour alone."""
    hatched = min(2, count // 2)
    return [
        Hatch(fill, blend(INK, fill, 0.3)) if i < hatched else fill
        for i, fill in enumerate(POINT_FILLS[:count])
    ]


def point_swatch(fill: Fill) -> SafeString:
    """A scale point's colour key, for its column heading in the distribution table."""
    return mark_safe(_swatch(fill))  # noqa: S308 - numbers and colours only


def spread_bar(counts: Sequence[int], fills: Sequence[Fill]) -> str:
    """How one statement's answers spread over the scale points: a thin stacked bar without
    text, drawn in the statement's row of the distribution table, whose cells hold the same
    counts and shares (so the bar is hidden from assistive technology)."""
    total = sum(counts) or 1
    parts = [(count / total, fill, "") for count, fill in zip(counts, fills, strict=True)]
    return _svg(BAR_WIDTH, SPREAD_HEIGHT, _segments(parts, height=SPREAD_HEIGHT))
