"""Team pulse results per session and their trend, with the coordinates of the inline SVG
chart (the page always shows the same numbers in a table)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from teams.models import SessionKind, Team, TeamSession
from teams.pulse import DYNAMICS, PulseResult, summarise

CHART_WIDTH, CHART_HEIGHT = 560, 260
PAD_LEFT, PAD_RIGHT, PAD_TOP, PAD_BOTTOM = 48, 16, 16, 40
# Contrast of at least 3:1 on white; the lines also differ by dash pattern.
LINE_STYLES = (
    ("#0b4f8a", ""),
    ("#a1141b", "6 4"),
    ("#1e6b34", "2 4"),
    ("#6b3fa0", "10 4 2 4"),
    ("#8a5a00", "12 6"),
)


def pulse_for(session: TeamSession) -> PulseResult:
    return summarise(r.answers for r in session.pulse.all())


@dataclass(frozen=True)
class TrendPoint:
    session: TeamSession
    result: PulseResult


def trend(team: Team) -> list[TrendPoint]:
    sessions = team.sessions.filter(kind=SessionKind.FOLLOW_UP).prefetch_related("pulse")
    return [TrendPoint(s, pulse_for(s)) for s in sessions.order_by("starts_at")]


def _y(value: float) -> float:
    inner = CHART_HEIGHT - PAD_TOP - PAD_BOTTOM
    return round(PAD_TOP + inner * (5 - value) / 4, 1)


def chart(points: list[TrendPoint]) -> dict[str, Any] | None:
    """Lines per dynamic across the sessions whose results may be shown; None if none may."""
    shown = [p for p in points if p.result.is_shown]
    if not shown:
        return None
    inner = CHART_WIDTH - PAD_LEFT - PAD_RIGHT
    step = inner / max(1, len(shown) - 1)
    xs = [
        round(PAD_LEFT + (i * step if len(shown) > 1 else inner / 2), 1) for i in range(len(shown))
    ]
    lines = []
    for index, dynamic in enumerate(DYNAMICS):
        colour, dash = LINE_STYLES[index]
        dots = [
            {"x": x, "y": _y(p.result.dynamics[index].mean), "value": p.result.dynamics[index].mean}
            for x, p in zip(xs, shown, strict=True)
        ]
        lines.append(
            {
                "name": dynamic.name,
                "colour": colour,
                "dash": dash,
                "dots": dots,
                "path": " ".join(f"{d['x']},{d['y']}" for d in dots),
            }
        )
    return {
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "lines": lines,
        "grid": [{"value": v, "y": _y(v)} for v in (1, 2, 3, 4, 5)],
        "labels": [{"x": x, "session": p.session} for x, p in zip(xs, shown, strict=True)],
        "left": PAD_LEFT,
        "right": CHART_WIDTH - PAD_RIGHT,
        "label_y": CHART_HEIGHT - PAD_BOTTOM + 22,
    }
