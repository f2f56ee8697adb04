"""Teams over eight work in sub-groups of about four; the facilitator merges their notes."""

from __future__ import annotations

import pytest

from teams import services
from teams.steps import subgroup_count
from tests.teampersonas import build_team, member_client

pytestmark = pytest.mark.django_db


def test_it_splits_only_teams_over_eight():
    assert [subgroup_count(n) for n in (2, 8, 9, 12, 13, 16, 20)] == [0, 0, 2, 3, 3, 4, 5]


def test_it_puts_members_in_groups_when_the_session_starts(personas):
    setup = build_team(personas, size=12)
    services.start_session(session=setup.start, actor=personas.facilitator)
    groups = [m.subgroup or 0 for m in setup.team.members.all()]
    assert sorted(groups) == [1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3]


def test_it_shows_notes_per_group_and_merges_them(personas, login):
    setup = build_team(personas, size=10)
    session = setup.start
    services.start_session(session=session, actor=personas.facilitator)
    services.go_to_step(session=session, step=1)
    members = list(setup.team.members.order_by("name"))
    services.add_note(session=session, member=members[0], topic="purpose", text="Fair exams")
    services.add_note(session=session, member=members[1], topic="purpose", text="fair exams")
    services.add_note(session=session, member=members[1], topic="purpose", text="Less paper")
    screen = f"/teams/{setup.team.uid}/sessions/{session.uid}/screen/"
    page = login(personas.facilitator).get(screen).content.decode()
    assert "Group 1" in page and "Group 2" in page
    phone = member_client(members[0]).get(f"/teams/{setup.team.uid}/sessions/{session.uid}/")
    assert "You are in group 1" in phone.content.decode()
    draft = services.merge_draft(session)
    assert draft["purpose"] == "- Fair exams\n- Less paper"  # repetitions merged
