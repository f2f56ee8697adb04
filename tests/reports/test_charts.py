"""The report charts' hatching: vector stripes cut at the edges of each mark (reports.charts)."""

from __future__ import annotations

import itertools
import math
import re

import pytest

from reports import charts


@pytest.mark.parametrize("box", [(0, 0, 360, 22), (37.5, 0, 4.2, 22), (0.5, 0.5, 15, 15)])
def test_stripes_stay_inside_their_mark_and_run_diagonally(box):
    x, y, width, height = box
    segments = charts.stripes(x, y, width, height)
    assert segments
    for x1, y1, x2, y2 in segments:
        for px, py in ((x1, y1), (x2, y2)):
            assert x - 1e-9 <= px <= x + width + 1e-9 and y - 1e-9 <= py <= y + height + 1e-9
        assert math.isclose(x1 + y1, x2 + y2)  # along x + y = c: "/"
        assert x1 > x2 and y2 > y1  # from the top right down to the bottom left
    offsets = [x1 + y1 for x1, y1, _x2, _y2 in segments]
    assert all(math.isclose(b - a, charts.HATCH_SPACING) for a, b in itertools.pairwise(offsets))


def test_stripes_line_up_across_neighbouring_marks():
    left = charts.stripes(0, 0, 50, 22)
    right = charts.stripes(50, 0, 50, 22)
    whole = charts.stripes(0, 0, 100, 22)
    ends = {round(x1 + y1, 6) for x1, y1, _x2, _y2 in left + right}
    assert ends == {round(x1 + y1, 6) for x1, y1, _x2, _y2 in whole}


def test_a_mark_narrower_than_the_spacing_may_have_no_stripe_and_is_still_filled():
    hatch = charts.UNFAVOURABLE_HATCH
    assert charts._striped(1, 0, 0.2, 0.2, hatch) == (
        f'<rect x="1.0" y="0.0" width="0.2" height="0.2" fill="{hatch.fill}"/>'
    )


def test_stripe_colours_are_the_translucent_strokes_made_opaque():
    assert charts.blend("#000000", "#ffffff", 0.5) == "#808080"
    assert charts.blend("#4a1d07", "#a8471a", 0.6) == "#702e0f"
    assert charts.blend("#123456", "#abcdef", 1.0) == "#123456"


def test_hatched_bars_are_drawn_without_svg_patterns():
    rows = [
        charts.Row("Index", is_index=True, fav=0.2, neu=0.3, unf=0.5, mean=3.1),
        charts.Row("Item", fav=0.6, neu=0.3, unf=0.1, mean=3.9, counts=[1, 2, 0, 3, 4]),
    ]
    shares = str(charts.shares_chart("c-x-s", "Shares", rows))
    points = [(str(n), f"point {n}") for n in range(1, 6)]
    distribution = str(charts.distribution_chart("c-x-d", "Spread", rows[1:], points))
    for chart in (shares, distribution):
        assert "<pattern" not in chart and "url(#" not in chart
    hatch = charts.UNFAVOURABLE_HATCH
    assert shares.count(f'stroke="{hatch.stripe}"') == 3  # the legend and both bars
    lowest = charts.blend(charts.INK, charts.POINT_FILLS[0], 0.3)
    assert len(re.findall(f'stroke="{lowest}"', distribution)) == 2  # the legend and the bar
