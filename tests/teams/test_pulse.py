"""The team pulse: anonymous, once per member, shown only as a whole from four answers."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from teams import clock, services
from teams.models import PulseReceipt, PulseResponse, SessionKind
from teams.pulse import ITEM_KEYS
from tests.teampersonas import member_client
from tests.teams.helpers import confirm_all, run_start_session

pytestmark = pytest.mark.django_db

ANSWERS = dict.fromkeys(ITEM_KEYS, 4)


@pytest.fixture
def follow_up(personas, team_setup, monkeypatch):
    """Confirm the contract, then move the clock six weeks on, to the follow-up."""
    confirm_all(team_setup, run_start_session(team_setup, personas.facilitator))
    session = team_setup.team.sessions.get(kind=SessionKind.FOLLOW_UP)
    real_now = clock.now()
    monkeypatch.setattr(
        clock, "now", lambda: real_now + dt.timedelta(weeks=6) - dt.timedelta(hours=1)
    )
    return session


def test_it_stores_answers_without_the_member(personas, team_setup, follow_up):
    assert services.answer_pulse(session=follow_up, member=team_setup.members[0], answers=ANSWERS)
    response = PulseResponse.objects.get()
    assert set(response.answers) == set(ITEM_KEYS)
    field_names = {f.name for f in PulseResponse._meta.get_fields()}
    assert field_names == {"id", "session", "answers"}
    assert PulseReceipt.objects.filter(member=team_setup.members[0]).exists()


def test_it_takes_one_answer_per_member(team_setup, follow_up):
    member = team_setup.members[0]
    assert services.answer_pulse(session=follow_up, member=member, answers=ANSWERS)
    assert not services.answer_pulse(session=follow_up, member=member, answers=ANSWERS)
    assert PulseResponse.objects.count() == 1


def test_it_refuses_incomplete_answers(team_setup, follow_up):
    with pytest.raises(ValidationError):
        services.answer_pulse(
            session=follow_up, member=team_setup.members[0], answers={"safety_1": 5}
        )


def test_it_is_closed_until_two_weeks_before_the_follow_up(personas, team_setup):
    confirm_all(team_setup, run_start_session(team_setup, personas.facilitator))
    session = team_setup.team.sessions.get(kind=SessionKind.FOLLOW_UP)
    with pytest.raises(ValidationError):
        services.answer_pulse(session=session, member=team_setup.members[0], answers=ANSWERS)


def test_it_shows_results_only_from_four_answers(personas, team_setup, follow_up, login):
    url = f"/teams/{team_setup.team.uid}/dynamics/"
    for member in team_setup.members[:3]:
        services.answer_pulse(session=follow_up, member=member, answers=ANSWERS)
    page = login(personas.facilitator).get(url).content.decode()
    assert "too few answers to show" in page and '<svg role="img"' not in page
    services.answer_pulse(session=follow_up, member=team_setup.members[3], answers=ANSWERS)
    page = login(personas.facilitator).get(url).content.decode()
    assert '<svg role="img"' in page
    assert "Psychological safety" in page and "4.0" in page


def test_it_takes_the_answer_on_the_pulse_page(team_setup, follow_up):
    client = member_client(team_setup.member("per"))
    url = f"/teams/{team_setup.team.uid}/pulse/"
    page = client.get(url).content.decode()
    assert "Ten short statements" in page
    response = client.post(url, {key: "5" for key in ITEM_KEYS})
    assert response.status_code == 302
    assert "You have answered" in client.get(url).content.decode()


def test_it_shows_every_missing_answer_in_the_error_summary(team_setup, follow_up):
    client = member_client(team_setup.member("per"))
    response = client.post(f"/teams/{team_setup.team.uid}/pulse/", {"safety_1": "5"})
    assert response.content.decode().count("Choose an answer.") == 2 * (len(ITEM_KEYS) - 1)


def test_it_denies_the_outsider_the_pulse_pages(personas, team_setup, follow_up, login):
    client = login(personas.outsider)
    assert client.get(f"/teams/{team_setup.team.uid}/pulse/").status_code == 403
    assert client.get(f"/teams/{team_setup.team.uid}/dynamics/").status_code == 403
