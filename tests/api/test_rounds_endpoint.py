from __future__ import annotations

import pytest

from surveys import rates
from surveys.models import Invitation
from tests.roundfixtures import simulate_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def fieldwork(staffed, make_round, open_now):
    round_ = open_now(make_round(staffed.org.root))
    for invitation in Invitation.objects.filter(round=round_).order_by("pk")[:20]:
        simulate_submit(invitation)
    rates.refresh(round=round_)
    return round_


def test_it_lists_instruments_and_rounds(staffed, fieldwork, make_round, token_for, api_get):
    draft = make_round(staffed.org.hf, name="Next year")
    token = token_for(staffed.admin)
    instruments = api_get(token, "/instruments").json()["items"]
    assert instruments[0]["code"] == "mini" and instruments[0]["frozen"] is True
    names = {r["name"] for r in api_get(token, "/rounds").json()["items"]}
    assert names == {"Survey 2026", "Next year"}
    hr_names = {r["name"] for r in api_get(token_for(staffed.hr), "/rounds").json()["items"]}
    assert hr_names == {"Survey 2026"}  # drafts are for administrators
    one = api_get(token, f"/rounds/{fieldwork.uid}").json()
    assert one["scope_code"] == "UVF" and one["status"] == "open" and one["accepts_responses"]
    assert one["thresholds"]["rates"] == 5
    assert api_get(token_for(staffed.hr), f"/rounds/{draft.uid}").status_code == 403


def test_it_gives_rates_in_the_owners_scope_rounded_and_only_where_enough_were_invited(
    staffed, fieldwork, token_for, api_get
):
    body = api_get(token_for(staffed.hr), f"/rounds/{fieldwork.uid}/rates").json()
    units = {u["code"]: u for u in body["units"]}
    assert set(units) == {"HF", "HF-01", "HF-01-01", "HF-02"}
    assert body["threshold"] == 5 and body["rounding_percent"] == 5
    for unit in units.values():
        assert (unit["submitted_percent"] is None) == (not unit["shown"])
        if unit["submitted_percent"] is not None:
            assert unit["submitted_percent"] % 5 == 0
    assert units["HF-01"]["parent_code"] == "HF"


def test_it_gives_invitation_status_counts_under_the_same_rules(
    staffed, fieldwork, token_for, api_get
):
    body = api_get(token_for(staffed.admin), f"/rounds/{fieldwork.uid}/invitations").json()
    root = next(u for u in body["units"] if u["code"] == "UVF")
    assert root["invited"] == 33 and root["submitted_percent"] == 60
    assert "started" not in root and "submitted" not in root  # no exact counts


def test_it_answers_404_for_an_unknown_round(staffed, token_for, api_get):
    response = api_get(token_for(staffed.admin), "/rounds/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
