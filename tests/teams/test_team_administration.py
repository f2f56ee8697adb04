"""Team administration for the facilitator: remove a member, hand the team to another
facilitator, send a member a new personal link — each after a confirmation, each audited,
and refused to members and the outsider."""

from __future__ import annotations

import pytest

from audit.models import AuditEntry
from teams import services
from teams.models import MemberLink
from tests.teampersonas import link_for, member_client
from tests.teams.helpers import run_start_session

pytestmark = pytest.mark.django_db


def _url(setup, what, member=None):
    base = f"/teams/{setup.team.uid}/"
    return base + (f"members/{member.uid}/{what}/" if member else f"{what}/")


def test_it_asks_before_removing_a_member(personas, team_setup, login):
    rita = team_setup.member("rita")
    client = login(personas.facilitator)
    page = client.get(_url(team_setup, "remove", rita)).content.decode()
    assert "Remove Rita Ruud from the team?" in page
    rita.refresh_from_db()
    assert rita.left_on is None
    assert client.post(_url(team_setup, "remove", rita)).status_code == 302
    rita.refresh_from_db()
    assert rita.left_on is not None
    assert AuditEntry.objects.get(action="teams.member.remove").data == {"member": rita.email}


def test_it_stops_a_removed_members_links(personas, team_setup, login):
    rita = team_setup.member("rita")
    client = member_client(rita)
    raw = link_for(rita)
    login(personas.facilitator).post(_url(team_setup, "remove", rita))
    assert client.get(f"/teams/{team_setup.team.uid}/").status_code in (302, 403)
    assert client.get(f"/teams/link/{raw}/").status_code == 404


def test_it_fixes_the_contract_when_the_last_missing_member_is_removed(personas, team_setup, login):
    contract = run_start_session(team_setup, personas.facilitator)
    for member in team_setup.members[:-1]:
        services.confirm_contract(contract=contract, member=member)
    login(personas.facilitator).post(_url(team_setup, "remove", team_setup.member("rita")))
    contract.refresh_from_db()
    assert contract.is_confirmed
    assert services.planned_follow_up(team_setup.team) is not None


def test_it_asks_before_handing_the_team_over(personas, team_setup, login):
    client = login(personas.facilitator)
    url = _url(team_setup, "facilitator")
    new = personas.head
    page = client.post(url, {"facilitator": new.email}).content.decode()
    assert "Hand the team over" in page
    team_setup.team.refresh_from_db()
    assert team_setup.team.facilitator == personas.facilitator
    response = client.post(url, {"facilitator": new.email, "confirmed": "on"})
    assert response.status_code == 302
    team_setup.team.refresh_from_db()
    assert team_setup.team.facilitator == new
    entry = AuditEntry.objects.get(action="teams.team.facilitator")
    assert entry.data["after"] == {"facilitator": new.email}
    assert client.get(url).status_code == 403  # no longer the facilitator


def test_it_refuses_a_facilitator_without_a_login(personas, team_setup, login):
    url = _url(team_setup, "facilitator")
    data = {"facilitator": "nobody@vestfjord.test", "confirmed": "on"}
    page = login(personas.facilitator).post(url, data).content.decode()
    assert "Nobody with a Medvirk login has this e-mail address." in page
    assert not AuditEntry.objects.filter(action="teams.team.facilitator").exists()


def test_it_asks_before_sending_a_new_link(personas, team_setup, login):
    mia = team_setup.member("mia")
    client = login(personas.facilitator)
    before = MemberLink.objects.filter(member=mia).count()
    page = client.get(_url(team_setup, "link", mia)).content.decode()
    assert "Send Mia Moe a new personal link to mia@vestfjord.test?" in page
    assert MemberLink.objects.filter(member=mia).count() == before
    assert client.post(_url(team_setup, "link", mia)).status_code == 302
    assert MemberLink.objects.filter(member=mia).count() == before + 1
    assert AuditEntry.objects.filter(action="teams.member.new_link").count() == 1


@pytest.mark.parametrize("what", ["remove", "link", "facilitator"])
def test_it_refuses_members_and_the_outsider(personas, team_setup, login, what):
    mia = team_setup.member("mia")
    url = _url(team_setup, what, None if what == "facilitator" else mia)
    data = {"facilitator": personas.outsider.email, "confirmed": "on"}
    for client in (login(personas.employee), login(personas.outsider), member_client(mia)):
        assert client.get(url).status_code == 403
        assert client.post(url, data).status_code == 403
    mia.refresh_from_db()
    team_setup.team.refresh_from_db()
    assert mia.left_on is None and team_setup.team.facilitator == personas.facilitator
