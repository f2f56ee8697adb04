from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

MANAGE = ["create", "edit", "open", "progress", "remind", "resend", "extend", "close", "merge"]
READ = ["rounds", "round"]


@pytest.fixture
def rounds(staffed, make_round, open_now):
    return {"draft": make_round(staffed.org.root), "open": open_now(make_round(staffed.org.hf))}


def _url(name, rounds, which="draft"):
    if name in ("rounds", "create"):
        return reverse(f"surveys:{name}")
    return reverse(f"surveys:{name}", args=[rounds[which].uid])


@pytest.mark.parametrize("name", MANAGE + READ)
def test_it_denies_the_outsider_every_page(staffed, rounds, login, name):
    client = login(staffed.outsider)
    for which in ("draft", "open"):
        assert client.get(_url(name, rounds, which)).status_code in (403, 405)
        assert client.post(_url(name, rounds, which), {}).status_code == 403


@pytest.mark.parametrize(
    "persona", ["hr", "dean", "head", "section_leader", "employee", "safety_rep"]
)
@pytest.mark.parametrize("name", MANAGE)
def test_only_administrators_manage_rounds(staffed, rounds, login, name, persona):
    client = login(getattr(staffed, persona))
    assert client.get(_url(name, rounds, "open")).status_code in (403, 405)
    assert client.post(_url(name, rounds, "open"), {}).status_code == 403


@pytest.mark.parametrize("persona", ["hr", "dean", "head", "section_leader"])
def test_leaders_hr_and_top_management_follow_an_open_round_in_their_scope(
    staffed, rounds, login, persona
):
    client = login(getattr(staffed, persona))
    listing = client.get(_url("rounds", rounds)).content.decode()
    assert rounds["open"].name in listing
    assert str(rounds["draft"].uid) not in listing  # drafts are for administrators
    assert client.get(_url("round", rounds, "open")).status_code == 200
    assert client.get(_url("round", rounds, "draft")).status_code == 403


@pytest.mark.parametrize("persona", ["employee", "safety_rep", "facilitator"])
def test_employees_safety_reps_and_facilitators_do_not_see_rates(staffed, rounds, login, persona):
    client = login(getattr(staffed, persona))
    assert client.get(_url("rounds", rounds)).status_code == 403
    assert client.get(_url("round", rounds, "open")).status_code == 403


@pytest.mark.parametrize("name", MANAGE + READ)
def test_it_sends_anonymous_visitors_to_the_login_page(client, rounds, name):
    response = client.get(_url(name, rounds))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_the_menu_shows_surveys_only_to_those_allowed(staffed, login, client):
    assert "/surveys/" in login(staffed.head).get("/").content.decode()
    client.logout()
    assert "/surveys/" not in login(staffed.employee).get("/").content.decode()
