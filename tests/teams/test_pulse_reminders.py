"""`medvirk teamreminders` (daily): a week before a follow-up, members who have not answered
the team pulse get one reminder over SMTP with their personal link, and never a second one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.test import Client

from audit.models import AuditEntry
from teams import clock, services
from teams.models import PulseReminder
from teams.pulse import ITEM_KEYS
from tests.teams.helpers import confirm_all, run_start_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up(personas, team_setup):
    confirm_all(team_setup, run_start_session(team_setup, personas.facilitator))
    return services.planned_follow_up(team_setup.team)


def _at(monkeypatch, when):
    monkeypatch.setattr(clock, "now", lambda: when)


def _run(capture) -> None:
    with capture(execute=True):
        call_command("teamreminders", verbosity=0)


def test_it_reminds_the_members_who_have_not_answered(
    team_setup, follow_up, smtp_inbox, monkeypatch, django_capture_on_commit_callbacks
):
    _at(monkeypatch, follow_up.starts_at - dt.timedelta(days=6))
    answers = dict.fromkeys(ITEM_KEYS, 4)
    services.answer_pulse(session=follow_up, member=team_setup.member("mia"), answers=answers)
    _run(django_capture_on_commit_callbacks)
    assert len(smtp_inbox.messages) == 5
    assert not smtp_inbox.to("mia@vestfjord.test")
    message = smtp_inbox.to("nils@vestfjord.test")[0]
    assert message["Subject"] == "Reminder: the team pulse of Digital exams project"
    link = re.search(r"http://127\.0\.0\.1:8000(/teams/link/[\w-]+/)", smtp_inbox.text(message))
    assert link
    client = Client(headers={"accept-language": "en"})
    assert client.get(link.group(1)).status_code == 302
    assert client.get(f"/teams/{team_setup.team.uid}/pulse/").status_code == 200
    entry = AuditEntry.objects.get(action="teams.pulse.remind")
    assert entry.data["members"] == 5


def test_it_never_reminds_anybody_twice(
    team_setup, follow_up, smtp_inbox, monkeypatch, django_capture_on_commit_callbacks
):
    _at(monkeypatch, follow_up.starts_at - dt.timedelta(days=7))
    _run(django_capture_on_commit_callbacks)
    _at(monkeypatch, follow_up.starts_at - dt.timedelta(days=2))
    _run(django_capture_on_commit_callbacks)
    _run(django_capture_on_commit_callbacks)
    assert len(smtp_inbox.messages) == 6
    assert PulseReminder.objects.filter(session=follow_up).count() == 6


def test_it_waits_until_a_week_before_the_session(
    follow_up, smtp_inbox, monkeypatch, django_capture_on_commit_callbacks
):
    _at(monkeypatch, follow_up.starts_at - dt.timedelta(days=8))
    _run(django_capture_on_commit_callbacks)
    assert not smtp_inbox.messages


def test_it_sends_nothing_once_the_session_has_begun(
    personas, follow_up, smtp_inbox, monkeypatch, django_capture_on_commit_callbacks
):
    _at(monkeypatch, follow_up.starts_at - dt.timedelta(days=3))
    services.start_session(session=follow_up, actor=personas.facilitator)
    _run(django_capture_on_commit_callbacks)
    assert not smtp_inbox.messages
    assert not PulseReminder.objects.exists()


def test_it_skips_members_who_have_left(
    personas, team_setup, follow_up, smtp_inbox, monkeypatch, django_capture_on_commit_callbacks
):
    services.remove_member(member=team_setup.member("rita"), actor=personas.facilitator)
    _at(monkeypatch, follow_up.starts_at - dt.timedelta(days=5))
    _run(django_capture_on_commit_callbacks)
    assert len(smtp_inbox.messages) == 5
    assert not smtp_inbox.to("rita@vestfjord.test")


def test_a_reminder_the_mail_server_refused_is_sent_on_the_next_run(
    team_setup, follow_up, smtp_inbox, monkeypatch, settings, django_capture_on_commit_callbacks
):
    _at(monkeypatch, follow_up.starts_at - dt.timedelta(days=6))
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    _run(django_capture_on_commit_callbacks)
    assert smtp_inbox.messages == []
    assert not PulseReminder.objects.filter(session=follow_up).exists()  # claims freed
    settings.EMAIL_PORT = port
    _run(django_capture_on_commit_callbacks)
    assert len(smtp_inbox.messages) == 6
    assert PulseReminder.objects.filter(session=follow_up).count() == 6
