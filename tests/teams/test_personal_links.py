"""Members act through personal links of which only a keyed hash is stored."""

from __future__ import annotations

import pytest
from django.test import Client

from teams import services
from teams.models import MemberLink, TeamMember, link_digest
from tests.teampersonas import link_for

pytestmark = pytest.mark.django_db


def test_it_stores_only_a_keyed_hash_of_the_link(team_setup):
    member = team_setup.member("mia")
    raw = link_for(member)
    stored = MemberLink.objects.filter(member=member).values_list("digest", flat=True)
    assert raw not in list(stored)
    assert link_digest(raw) in list(stored)
    assert TeamMember.objects.by_link(raw) == member


def test_it_refuses_an_unknown_link(db):
    assert Client().get("/teams/link/not-a-real-token/").status_code == 404


def test_it_refuses_the_link_of_a_member_who_has_left(personas, team_setup):
    member = team_setup.member("mia")
    raw = link_for(member)
    services.remove_member(member=member, actor=personas.facilitator)
    assert Client().get(f"/teams/link/{raw}/").status_code == 404


def test_it_keeps_the_token_out_of_the_address_after_opening_the_link(team_setup):
    raw = link_for(team_setup.member("mia"))
    response = Client().get(f"/teams/link/{raw}/")
    assert response["Location"] == f"/teams/{team_setup.team.uid}/"
    assert raw not in response["Location"]
