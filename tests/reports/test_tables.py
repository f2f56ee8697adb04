"""The rows of a dimension's numbers and distribution tables, written in Python
(reports.tables): hidden rows, missing numbers, notes and escaping."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.utils import translation

from reports import tables
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
