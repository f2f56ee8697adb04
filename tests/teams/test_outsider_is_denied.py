"""Every team page refuses the outsider (logged in, no roles, not in the team)."""

from __future__ import annotations

import pytest

from teams import urls
from tests.teams.helpers import run_start_session

pytestmark = pytest.mark.django_db

POST_ONLY = {"control", "note", "merge", "contract_confirm"}


def _args(name, setup):
    team, session, member = setup.team.uid, setup.start.uid, setup.members[0].uid
    return {
        "list": [],
        "create": [],
        "guide": [],
        "guide_pdf": [],
        "link": ["no-such-token"],
        "detail": [team],
        "member_add": [team],
        "member_link": [team, member],
        "member_remove": [team, member],
        "facilitator": [team],
        "prepare": [team],
        "rhythm": [team],
        "session_new": [team],
        "session_edit": [team, session],
        "session_cancel": [team, session],
        "session_ics": [team, session],
        "session": [team, session],
        "screen": [team, session],
        "control": [team, session],
        "note": [team, session],
        "merge": [team, session],
        "contract": [team],
        "contract_version": [team, 1],
        "contract_edit": [team],
        "contract_confirm": [team],
        "contract_pdf": [team, 1],
        "pulse": [team],
        "dynamics": [team],
    }[name]


@pytest.mark.parametrize("name", [p.name for p in urls.urlpatterns])
def test_it_denies_the_outsider(personas, team_setup, login, name):
    from django.urls import reverse

    run_start_session(team_setup, personas.facilitator)
    url = reverse(f"teams:{name}", args=_args(name, team_setup))
    client = login(personas.outsider)
    response = client.post(url, {}) if name in POST_ONLY else client.get(url)
    expected = 404 if name == "link" else 403
    assert response.status_code == expected
    assert b"Digital exams project" not in response.content
