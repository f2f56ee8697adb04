"""The bodies of a dimension's tables in the unit report (its numbers, and its answers per
scale point), written in Python: together they are most of the report's 2,500 cells, and the
template engine resolved each through a variable lookup, localisation and escaping (a third
of a report's Python time). The table headings stay in the template (parts/dimension.html)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import TYPE_CHECKING, Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from reports.presenter import TableRow

DASH = "–"


def _label(label: str, reversed_: bool, reversed_text: str, bar: str = "") -> str:
    note = f' <span class="muted">({reversed_text})</span>' if reversed_ else ""
    return f'<th scope="row">{escape(label)}{note}{bar}</th>'


def _num(value: Any) -> str:
    return f'<td class="num">{escape(str(value)) if value not in ("", None) else DASH}</td>'


def numbers_body(rows: Iterable[TableRow], *, has_previous: bool) -> SafeString:
    """The rows of the numbers table: n, mean, spread, shares and comparisons, or the reason a
    row is hidden across the number columns."""
    reversed_text = escape(_("reversed"))
    hidden_label = escape(_("Hidden:"))
    columns = 10 if has_previous else 8
    out = []
    for row in rows:
        kind = "index-row" if row.is_index else "item-row"
        out.append(f'<tr class="{kind}">{_label(row.label, row.reversed, reversed_text)}')
        if row.hidden:
            out.append(
                f'<td colspan="{columns}" class="hidden-cell">{hidden_label} '
                f"{escape(row.hidden)}</td></tr>"
            )
            continue
        out.append(_num("" if row.n is None else row.n))
        out.append(f'<td class="num strong">{escape(row.mean)}</td>')
        out += [_num(v) for v in (row.sd, row.fav, row.neu, row.unf, row.parent, row.inst)]
        if has_previous:
            if row.prev_note:
                out.append(f'<td class="num"><span class="hidden-cell">{escape(row.prev_note)}')
                out.append("</span></td>")
            else:
                out.append(_num(row.prev))
            out.append(_num(row.change))
        out.append("</tr>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def distribution_body(rows: Iterable[Mapping[str, Any]]) -> SafeString:
    """The rows of the distribution table: the statement with its spread drawn as a bar under
    it (`row["bar"]`, charts.spread_bar: made there, numbers and colours only), the count and
    share per scale point ("3 (21 %)", one text: a share in an element of its own made the
    printed PDF a tenth dearer), and n."""
    reversed_text = escape(_("reversed"))
    out = []
    for row in rows:
        bar = f'<span class="spread-bar">{row["bar"]}</span>' if row.get("bar") else ""
        out.append(f"<tr>{_label(row['label'], row['reversed'], reversed_text, bar)}")
        for point in row["points"]:
            out.append(f'<td class="num">{point["count"]} ({escape(point["share"])})</td>')
        out.append(f'<td class="num">{row["n"]}</td></tr>')
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
