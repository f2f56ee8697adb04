"""The follow-up rhythm: the first follow-up about six weeks after the contract, then the
rhythm the team chooses; setting it plans or moves the next follow-up, with invitations and
calendar files whose SEQUENCE goes up when a session moves."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from audit.models import AuditEntry
from teams import clock, services
from teams.models import SessionKind, SessionStatus
from tests.teams.helpers import confirm_all, run_start_session

pytestmark = pytest.mark.django_db


def _weeks_from_now(when) -> float:
    return (when - clock.now()) / dt.timedelta(weeks=1)


def _confirmed(setup, actor):
    confirm_all(setup, run_start_session(setup, actor))
    return services.planned_follow_up(setup.team)


def test_it_plans_the_first_follow_up_after_six_weeks(personas, team_setup):
    follow_up = _confirmed(team_setup, personas.facilitator)
    assert 5.5 < _weeks_from_now(follow_up.starts_at) < 6.5


def test_it_plans_the_first_follow_up_after_four_weeks_with_a_four_week_rhythm(
    personas, team_setup
):
    services.set_follow_up_rhythm(team=team_setup.team, weeks=4, actor=personas.facilitator)
    assert services.planned_follow_up(team_setup.team) is None  # not before the contract
    follow_up = _confirmed(team_setup, personas.facilitator)
    assert 3.5 < _weeks_from_now(follow_up.starts_at) < 4.5


def test_it_moves_the_planned_follow_up_when_the_rhythm_changes(
    personas, team_setup, django_capture_on_commit_callbacks
):
    follow_up = _confirmed(team_setup, personas.facilitator)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_follow_up_rhythm(team=team_setup.team, weeks=4, actor=personas.facilitator)
    follow_up.refresh_from_db()
    assert 3.5 < _weeks_from_now(follow_up.starts_at) < 4.5
    assert follow_up.sequence == 1
    assert len(mail.outbox) == 6
    ics = mail.outbox[0].attachments[0][1]
    assert "SEQUENCE:1" in ics and f"UID:{follow_up.uid}@medvirk" in ics
    entry = AuditEntry.objects.get(action="teams.team.rhythm")
    assert entry.data == {"before": {"weeks": 6}, "after": {"weeks": 4}}


def test_it_plans_the_next_follow_up_from_the_rhythm(personas, team_setup, monkeypatch):
    services.set_follow_up_rhythm(team=team_setup.team, weeks=12, actor=personas.facilitator)
    follow_up = _confirmed(team_setup, personas.facilitator)
    later = follow_up.starts_at
    monkeypatch.setattr(clock, "now", lambda: later)
    services.start_session(session=follow_up, actor=personas.facilitator)
    contract = services.close_session(session=follow_up, actor=personas.facilitator)
    confirm_all(team_setup, contract)
    following = services.planned_follow_up(team_setup.team)
    assert following != follow_up
    assert timezone.localdate(following.starts_at) == timezone.localdate(later) + dt.timedelta(
        weeks=12
    )


def test_it_plans_nothing_more_without_a_rhythm(personas, team_setup, monkeypatch):
    services.set_follow_up_rhythm(team=team_setup.team, weeks=0, actor=personas.facilitator)
    follow_up = _confirmed(team_setup, personas.facilitator)
    assert follow_up is not None  # the first follow-up is part of the method
    monkeypatch.setattr(clock, "now", lambda: follow_up.starts_at)
    services.start_session(session=follow_up, actor=personas.facilitator)
    confirm_all(team_setup, services.close_session(session=follow_up, actor=personas.facilitator))
    assert services.planned_follow_up(team_setup.team) is None
    assert team_setup.team.sessions.filter(kind=SessionKind.FOLLOW_UP).count() == 1


def test_it_sets_the_rhythm_on_its_page(personas, team_setup, login):
    _confirmed(team_setup, personas.facilitator)
    client = login(personas.facilitator)
    url = f"/teams/{team_setup.team.uid}/rhythm/"
    page = client.get(url).content.decode()
    assert "Every 8 weeks" in page and "No regular follow-ups after the first one" in page
    response = client.post(url, {"weeks": "8"}, follow=True)
    assert "The next follow-up is on" in response.content.decode()
    team_setup.team.refresh_from_db()
    assert team_setup.team.follow_up_weeks == 8
    assert client.post(url, {"weeks": "5"}).status_code == 200  # not offered
    team_setup.team.refresh_from_db()
    assert team_setup.team.follow_up_weeks == 8


def test_it_lets_only_the_facilitator_set_the_rhythm(personas, team_setup, login):
    url = f"/teams/{team_setup.team.uid}/rhythm/"
    for persona in (personas.employee, personas.outsider):  # a member, the outsider
        assert login(persona).post(url, {"weeks": "4"}).status_code == 403
    team_setup.team.refresh_from_db()
    assert team_setup.team.follow_up_weeks == 6
    assert not team_setup.team.sessions.filter(status=SessionStatus.RUNNING).exists()
