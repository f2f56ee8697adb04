"""The rows of a dimension's numbers and distribution tables, written in Python
(reports.tables): hidden rows, missing numbers, notes and escaping."""

from __future__ import annotations

import dataclasses
import re
from types import SimpleNamespace
from typing import Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString

from lib import instrument
from reports import charts, presenter, tables
from reports.presenter import TableRow


def _row(**changes: Any) -> TableRow:
    row = TableRow(code="q1", label="Workload", is_index=False, n=12, mean="3,40", sd="0,81")
    row.fav, row.neu, row.unf, row.parent, row.prev = "50 %", "25 %", "25 %", "3,10", "3,00"
    row.change = "+0,40"
    return dataclasses.replace(row, **changes)


def test_a_row_shows_its_numbers_and_a_dash_where_there_is_none():
    body = str(tables.numbers_body([_row()], has_previous=True))
    assert body == (
        '<tr class="item-row"><th scope="row">Workload</th><td class="num">12</td>'
        '<td class="num strong">3,40</td><td class="num">0,81</td><td class="num">50 %</td>'
        '<td class="num">25 %</td><td class="num">25 %</td><td class="num">3,10</td>'
        '<td class="num">–</td><td class="num">3,00</td><td class="num">+0,40</td></tr>'
    )


def test_without_a_previous_round_there_are_no_comparison_columns():
    body = str(
        tables.numbers_body([_row(), _row(hidden="fewer than 5 answers")], has_previous=False)
    )
    assert body.count("<td") == 8 + 1  # n, mean, SD, three shares, parent, institution; hidden
    assert "3,00" not in body and "+0,40" not in body
    assert '<td colspan="8" class="hidden-cell">Hidden: fewer than 5 answers</td>' in body


def test_a_hidden_row_spans_the_number_columns_with_its_reason():
    with translation.override("nb"):
        body = str(
            tables.numbers_body([_row(is_index=True, hidden="færre enn 5 svar")], has_previous=True)
        )
    assert body == (
        '<tr class="index-row"><th scope="row">Workload</th>'
        '<td colspan="10" class="hidden-cell">Skjult: færre enn 5 svar</td></tr>'
    )


def test_a_reversed_statement_and_a_previous_round_note_are_shown():
    row = _row(reversed=True, prev="", change="", prev_note="the unit did not exist")
    body = str(tables.numbers_body([row], has_previous=True))
    assert '<th scope="row">Workload <span class="muted">(reversed)</span></th>' in body
    assert '<td class="num"><span class="hidden-cell">the unit did not exist</span></td>' in body


def test_texts_from_the_questionnaire_are_escaped():
    body = str(tables.numbers_body([_row(label='<b>Pay & "bonus"</b>')], has_previous=False))
    assert "<b>" not in body and "&lt;b&gt;Pay &amp; &quot;bonus&quot;&lt;/b&gt;" in body
    dist = str(
        tables.distribution_body(
            [
                {
                    "label": "<i>x</i>",
                    "reversed": False,
                    "n": 3,
                    "points": [{"count": 3, "share": "100 %"}],
                }
            ]
        )
    )
    assert dist == (
        '<tr><th scope="row">&lt;i&gt;x&lt;/i&gt;</th>'
        '<td class="num">3 (100 %)</td><td class="num">3</td></tr>'
    )


def test_a_statement_row_carries_its_spread_bar_under_the_statement():
    row = {
        "label": "Workload",
        "reversed": True,
        "n": 4,
        "points": [{"count": 1, "share": "25 %"}, {"count": 3, "share": "75 %"}],
        "bar": charts.spread_bar([1, 3], charts.point_fills(2)),
    }
    body = str(tables.distribution_body([row]))
    head, cells = body.split("</th>")
    assert head.startswith('<tr><th scope="row">Workload <span class="muted">(reversed)</span>')
    assert f'<span class="spread-bar">{row["bar"]}</span>' in head
    assert (
        cells
        == '<td class="num">1 (25 %)</td><td class="num">3 (75 %)</td><td class="num">4</td></tr>'
    )


def _two_scales() -> instrument.Instrument:
    def text(en: str) -> dict[str, str]:
        return {"nb": en, "en": en}

    def scale(*names: str) -> dict[str, Any]:
        points = [{"value": v, "label": text(n)} for v, n in enumerate(names, start=1)]
        return {"points": points, "favourable": [3], "unfavourable": [1]}

    questions = [
        {"code": "A1", "scale": "agree", "text": text("Statement A1")},
        {"code": "O1", "scale": "often", "reverse": True, "text": text("Statement O1")},
        {"code": "A2", "scale": "agree", "text": text("Statement A2")},
    ]
    return instrument.from_dict(
        {
            "format": instrument.FORMAT,
            "code": "two-scales",
            "version": 1,
            "languages": ["nb", "en"],
            "title": text("Two scales"),
            "scales": {
                "agree": scale("Disagree", "Neither", "Agree"),
                "often": scale("Never", "Sometimes", "Always"),
            },
            "sections": [{"code": "s", "title": text("S"), "questions": questions}],
            "dimensions": [
                {
                    "code": "d",
                    "title": text("Demands"),
                    "indices": [
                        {"code": "i1", "title": text("Agree"), "items": ["A1", "A2"]},
                        {"code": "i2", "title": text("Often"), "items": ["O1"]},
                    ],
                }
            ],
        }
    )


def _dimension(codes: list[str]) -> presenter.Dimension:
    rows = [TableRow(code=c, label=f"Statement {c}", is_index=False) for c in codes]
    return presenter.Dimension(
        code="d",
        title="Demands",
        anchor="dim-d",
        rows=rows,
        shares_chart=SafeString(),
        means_chart=SafeString(),
    )


def test_statements_on_two_scales_get_a_table_each_headed_by_their_own_points():
    """A dimension mixing "agree" and "how often" statements: one heading row cannot name the
    points of both scales, so each scale's statements get their own table."""
    codes = ["A1", "O1", "A2"]
    dimension = _dimension(codes)
    cells = {c: {"dist": [[1, 1], [2, 0], [3, n]]} for n, c in enumerate(codes, start=2)}
    with translation.override("en"):
        presenter._distributions(dimension, codes, _two_scales(), cells, {}, "en")
    agree, often = dimension.dist_tables
    assert (agree.anchor, often.anchor) == ("dim-d-dtable", "dim-d-dtable-2")
    assert [name for _value, name, _key in agree.points] == ["Disagree", "Neither", "Agree"]
    assert [name for _value, name, _key in often.points] == ["Never", "Sometimes", "Always"]
    assert [(r["label"], r["n"]) for r in agree.rows] == [("Statement A1", 3), ("Statement A2", 5)]
    assert [(r["label"], r["reversed"]) for r in often.rows] == [("Statement O1", True)]
    assert [point["count"] for point in agree.rows[1]["points"]] == [1, 0, 4]
    assert all("<svg" in r["bar"] for r in agree.rows + often.rows)


def test_the_tables_of_two_scales_say_in_their_captions_which_scale_they_show():
    codes = ["A1", "O1"]
    dimension = _dimension(codes)
    cells = {c: {"dist": [[1, 4], [2, 3], [3, 5]]} for c in codes}
    with translation.override("nb"):
        presenter._distributions(dimension, codes, _two_scales(), cells, {}, "nb")
        for table in dimension.dist_tables:
            table.body = tables.distribution_body(table.rows)
        context = {"dimension": dimension, "report": SimpleNamespace(has_previous=False)}
        html = render_to_string("reports/parts/dimension.html", context)
    captions = re.findall(r'<caption id="(dim-d-dtable[^"]*)-cap">([^<]+)</caption>', html)
    assert captions == [
        (
            "dim-d-dtable",
            "Demands: svar per skalapunkt fra «Disagree» til «Agree» (antall og andel)",
        ),
        (
            "dim-d-dtable-2",
            "Demands: svar per skalapunkt fra «Never» til «Always» (antall og andel)",
        ),
    ]
    assert html.count('class="spread-bar"') == 2 and html.count('class="point-key"') == 6
