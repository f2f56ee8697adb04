"""Members prepare on their own; the others see it only in the session."""

from __future__ import annotations

import pytest

from teams import services
from tests.teampersonas import member_client

pytestmark = pytest.mark.django_db

PREP = {
    "strengths": "Statistics and exam law",
    "contribute": "Clear plans",
    "learn": "Facilitation",
    "expectations": "Honest talk",
    "ways_of_working": "Written, planned",
    "needs": "Early warnings",
}


def test_it_saves_the_preparation(team_setup):
    client = member_client(team_setup.member("mia"))
    url = f"/teams/{team_setup.team.uid}/prepare/"
    assert client.get(url).status_code == 200
    response = client.post(url, PREP)
    assert response.status_code == 302
    member = team_setup.member("mia")
    member.refresh_from_db()
    assert member.strengths == "Statistics and exam law" and member.has_prepared


def test_it_shows_the_preparation_to_others_only_in_the_session(personas, team_setup, login):
    services.save_preparation(member=team_setup.member("mia"), data=PREP)
    nils = member_client(team_setup.member("nils"))
    assert (
        "Statistics and exam law" not in nils.get(f"/teams/{team_setup.team.uid}/").content.decode()
    )
    session = team_setup.start
    services.start_session(session=session, actor=personas.facilitator)
    phone = f"/teams/{team_setup.team.uid}/sessions/{session.uid}/"
    assert "Statistics and exam law" not in nils.get(phone).content.decode()
    services.go_to_step(session=session, step=2)  # "Who are we?"
    services.go_to_member(session=session, index=1)  # Erik, then Mia
    assert "Statistics and exam law" in nils.get(phone).content.decode()


def test_it_denies_the_outsider_and_the_facilitator_the_preparation_page(
    personas, team_setup, login
):
    url = f"/teams/{team_setup.team.uid}/prepare/"
    assert login(personas.outsider).get(url).status_code == 403
    assert login(personas.facilitator).get(url).status_code == 403
