from __future__ import annotations

import pytest

from surveys import rates, services
from surveys.models import Invitation, RateSnapshot
from tests.roundfixtures import add_staff, simulate_start, simulate_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def fieldwork(staffed, make_round, open_now):
    """UVF: 34 invited (Music has 5 filed directly). In Performance (7 filed there) 5
    submit and 1 starts."""
    add_staff(staffed.org.music, 1)
    round_ = open_now(make_round(staffed.org.root))
    performance = Invitation.objects.filter(round=round_, reporting_unit__code="HF-01-01")
    for invitation in performance.order_by("pk")[:5]:
        simulate_submit(invitation)
    simulate_start(performance.order_by("pk")[5])
    return round_


def _rows(table):
    return {row.unit.code: row for row in table.rows}


def test_it_shows_only_the_snapshot_until_the_next_refresh(fieldwork, staffed):
    before = _rows(rates.table(round=fieldwork, user=staffed.admin))
    assert before["HF-01-01"].percent == 0  # snapshot taken at opening
    rates.refresh(round=fieldwork)
    after = _rows(rates.table(round=fieldwork, user=staffed.admin))
    assert after["HF-01-01"].percent == 70  # 5 of 7 = 71 %, in 5-percent steps
    assert after["HF-01-01"].started_percent == 15  # 1 of 7
    assert after["UVF"].percent == 15  # 5 of 34 = 14.7 %
    assert RateSnapshot.objects.filter(round=fieldwork).count() == 6


def test_it_hides_rates_where_fewer_than_five_were_invited(fieldwork, staffed):
    rates.refresh(round=fieldwork)
    rows = _rows(rates.table(round=fieldwork, user=staffed.admin))
    assert rows["HF-01"].invited == 12 and rows["HF-01"].shown
    for row in rows.values():
        assert row.shown == (row.percent is not None)
        if row.invited < 5:
            assert not row.shown
    # HF's 3 directly filed people would show as HF minus its sub-units: one sub-unit hides.
    assert not rows["HF-02"].shown and rows["HF"].shown


def test_leaders_see_rates_only_in_their_scope(fieldwork, staffed):
    rates.refresh(round=fieldwork)
    head = _rows(rates.table(round=fieldwork, user=staffed.head))
    assert set(head) == {"HF-01", "HF-01-01"}
    section = _rows(rates.table(round=fieldwork, user=staffed.section_leader))
    assert set(section) == {"HF-01-01"}
    hr = _rows(rates.table(round=fieldwork, user=staffed.hr))
    assert set(hr) == {"HF", "HF-01", "HF-01-01", "HF-02"}
    assert rates.table(round=fieldwork, user=staffed.outsider).rows == []
    assert rates.table(round=fieldwork, user=staffed.employee).rows == []


def test_every_reader_sees_the_same_number_for_the_same_unit(fieldwork, staffed):
    rates.refresh(round=fieldwork)
    admin = _rows(rates.table(round=fieldwork, user=staffed.admin))
    section = _rows(rates.table(round=fieldwork, user=staffed.section_leader))
    assert section["HF-01-01"] == admin["HF-01-01"]


def test_the_daily_refresh_covers_open_rounds_and_closing_keeps_the_final_rates(fieldwork, staffed):
    assert rates.refresh_open_rounds() == 1
    closed = services.close_round(actor=None, round=fieldwork)
    assert rates.refresh_open_rounds() == 0
    rows = _rows(rates.table(round=closed, user=staffed.admin))
    assert rows["HF-01-01"].percent == 70 and rows["HF-01-01"].started_percent is None
