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
        charts.Row("Item", fav=0.6, neu=0.3, unf=0.1, mean=3.9),
    ]
    shares = str(charts.shares_chart("c-x-s", "Shares", rows))
    fills = charts.point_fills(5)
    spread = charts.spread_bar([1, 2, 0, 3, 4], fills) + str(charts.point_swatch(fills[0]))
    for chart in (shares, spread):
        assert "<pattern" not in chart and "url(#" not in chart
    hatch = charts.UNFAVOURABLE_HATCH
    assert shares.count(f'stroke="{hatch.stripe}"') == 3  # the legend and both bars
    lowest = charts.blend(charts.INK, charts.POINT_FILLS[0], 0.3)
    assert len(re.findall(f'stroke="{lowest}"', spread)) == 2  # the bar and the colour key


def test_the_two_lowest_points_are_hatched_and_every_point_has_its_own_colour():
    fills = charts.point_fills(5)
    assert [isinstance(f, charts.Hatch) for f in fills] == [True, True, False, False, False]
    colours = [f.fill if isinstance(f, charts.Hatch) else f for f in fills]
    assert colours == list(charts.POINT_FILLS[:5])
    assert [isinstance(f, charts.Hatch) for f in charts.point_fills(3)] == [True, False, False]


def test_a_spread_bar_is_as_wide_as_each_points_share_and_says_nothing_aloud():
    bar = charts.spread_bar([1, 3, 0, 4, 0], charts.point_fills(5))
    assert 'aria-hidden="true"' in bar and "<text" not in bar
    widths = [
        float(w)
        for w in re.findall(r'width="([\d.]+)" height="16" fill="[^"]+" stroke="#fff"', bar)
    ]  # one outline per segment, hatched or not
    assert widths == [charts.BAR_WIDTH * share for share in (1 / 8, 3 / 8, 4 / 8)]  # no 0-wide
    assert charts.spread_bar([0, 0, 0], charts.point_fills(3)).count("<rect") == 0
