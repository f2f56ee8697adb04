""" "Who are we?": the facilitator steps through the members' preparations one at a time on
the shared screen (plain forms), the phones show the same member, and the team notes
strengths, gaps and differing expectations about one member or the whole team."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from teams import services
from teams.models import Contribution
from tests.teampersonas import member_client

pytestmark = pytest.mark.django_db

WHO_STEP = 2


def _urls(setup):
    base = f"/teams/{setup.team.uid}/sessions/{setup.start.uid}/"
    return base, base + "screen/", base + "control/", base + "note/"


def _at_who_step(setup, actor):
    services.start_session(session=setup.start, actor=actor)
    services.go_to_step(session=setup.start, step=WHO_STEP)


def test_it_steps_through_the_members_on_the_shared_screen(personas, team_setup, login):
    services.save_preparation(member=team_setup.member("mia"), data={"strengths": "Exam law"})
    _at_who_step(team_setup, personas.facilitator)
    _phone, screen_url, control_url, _note = _urls(team_setup)
    facilitator = login(personas.facilitator)
    page = facilitator.get(screen_url).content.decode()
    assert "Member 1 of 6" in page
    assert "Erik Employee" in page
    facilitator.post(control_url, {"action": "next_member"})
    page = facilitator.get(screen_url).content.decode()
    assert "Member 2 of 6" in page
    assert "Exam law" in page
    facilitator.post(control_url, {"action": "previous_member"})
    team_setup.start.refresh_from_db()
    assert team_setup.start.spotlight == 0


def test_it_never_steps_past_the_first_or_last_member(personas, team_setup):
    _at_who_step(team_setup, personas.facilitator)
    services.go_to_member(session=team_setup.start, index=-3)
    assert team_setup.start.spotlight == 0
    services.go_to_member(session=team_setup.start, index=99)
    assert services.spotlit_member(team_setup.start)[1:] == (6, 6)


def test_it_refuses_the_spotlight_outside_who_are_we(personas, team_setup):
    services.start_session(session=team_setup.start, actor=personas.facilitator)
    with pytest.raises(ValidationError):
        services.go_to_member(session=team_setup.start, index=1)


def test_it_shows_the_phones_the_same_member(personas, team_setup):
    services.save_preparation(member=team_setup.member("nils"), data={"strengths": "Planning"})
    _at_who_step(team_setup, personas.facilitator)
    services.go_to_member(session=team_setup.start, index=2)  # Erik, Mia, Nils
    phone_url = _urls(team_setup)[0]
    mia = member_client(team_setup.member("mia"))
    live = mia.get(phone_url, {"state": "running-2-2"}, headers={"HX-Request": "true"})
    assert live.status_code == 200
    assert "Member 3 of 6" in live.content.decode()
    assert "Planning" in live.content.decode()
    stale = mia.get(phone_url, {"state": "running-2-1"}, headers={"HX-Request": "true"})
    assert stale["HX-Refresh"] == "true"  # the phone reloads to preselect the new member


def test_it_records_notes_about_a_member_or_the_whole_team(personas, team_setup, login):
    _at_who_step(team_setup, personas.facilitator)
    phone_url, _screen, _control, note_url = _urls(team_setup)
    nils = team_setup.member("nils")
    mia = member_client(team_setup.member("mia"))
    response = mia.post(
        phone_url, {"topic": "strengths", "about": str(nils.uid), "text": "Great planner"}
    )
    assert response.status_code == 302
    response = login(personas.facilitator).post(
        note_url, {"topic": "gaps", "about": "", "text": "Nobody knows the exam software"}
    )
    assert response.status_code == 302
    about_nils, overall = Contribution.objects.order_by("pk")
    assert (about_nils.about, about_nils.member) == (nils, team_setup.member("mia"))
    assert (overall.about, overall.member, overall.topic) == (None, None, "gaps")
    draft = services.merge_draft(team_setup.start)
    assert draft["strengths"] == "- Nils Nes: Great planner"
    assert draft["gaps"] == "- Nobody knows the exam software"


def test_it_refuses_a_note_about_someone_outside_the_team(personas, team_setup):
    _at_who_step(team_setup, personas.facilitator)
    mia = member_client(team_setup.member("mia"))
    phone_url = _urls(team_setup)[0]
    response = mia.post(
        phone_url,
        {"topic": "strengths", "about": "00000000-0000-0000-0000-000000000000", "text": "x"},
    )
    assert response.status_code == 400
    assert not Contribution.objects.exists()


def test_it_refuses_notes_about_members_in_other_steps(personas, team_setup):
    services.start_session(session=team_setup.start, actor=personas.facilitator)
    services.go_to_step(session=team_setup.start, step=1)
    with pytest.raises(ValidationError):
        services.add_note(
            session=team_setup.start, member=None, topic="purpose", text="x",
            about=team_setup.member("mia"),
        )  # fmt: skip


def test_it_lets_only_the_facilitator_write_room_notes(personas, team_setup, login):
    _at_who_step(team_setup, personas.facilitator)
    note_url = _urls(team_setup)[3]
    data = {"topic": "gaps", "text": "x"}
    assert login(personas.employee).post(note_url, data).status_code == 403  # a member
    assert login(personas.outsider).post(note_url, data).status_code == 403
    assert not Contribution.objects.exists()
