"""Members are invited over real SMTP with a personal link and a calendar file; a moved
session sends a calendar file with the same UID and a higher SEQUENCE."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from audit.models import AuditEntry
from orgs.models import Person
from teams import services
from tests.teampersonas import build_team

pytestmark = pytest.mark.django_db


def _calendar(message) -> str:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    content = parts[0].get_content()
    return content.decode() if isinstance(content, bytes) else content


def test_it_mails_every_member_a_personal_link_and_a_calendar_file(
    personas, smtp_inbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        setup = build_team(personas)
    assert len(smtp_inbox.messages) == 6
    message = smtp_inbox.to("mia@vestfjord.test")[0]
    assert message["Subject"] == "Invitation to the team Digital exams project"
    text = smtp_inbox.text(message)
    link = re.search(r"http://127\.0\.0\.1:8000(/teams/link/[\w-]+/)", text)
    assert link, text
    ics = _calendar(message)
    assert f"UID:{setup.start.uid}@medvirk" in ics
    assert "SEQUENCE:0" in ics and "LOCATION:Room 101" in ics
    response = Client().get(link.group(1))
    assert response["Location"] == f"/teams/{setup.team.uid}/"


def test_a_member_who_is_a_person_with_a_language_is_invited_in_it(
    personas, smtp_inbox, django_capture_on_commit_callbacks
):
    Person.objects.filter(email="erik@vestfjord.test").update(language="nb")
    with django_capture_on_commit_callbacks(execute=True):  # sent from English pages
        build_team(personas)
    erik = smtp_inbox.to("erik@vestfjord.test")[0]
    assert erik["Subject"] == "Invitasjon til teamet Digital exams project"
    assert "personlige lenken din" in _calendar(erik).replace("\r\n ", "")
    mia = smtp_inbox.to("mia@vestfjord.test")[0]  # no person with her address: the sender's
    assert mia["Subject"] == "Invitation to the team Digital exams project"


def test_it_sends_a_replacing_calendar_file_when_the_session_moves(
    personas, smtp_inbox, django_capture_on_commit_callbacks
):
    setup = build_team(personas)
    later = timezone.now() + dt.timedelta(days=9)
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule_session(
            session=setup.start,
            starts_at=later,
            duration_minutes=120,
            location="Room 202",
            actor=personas.facilitator,
        )
    assert len(smtp_inbox.messages) == 6
    ics = _calendar(smtp_inbox.to("rita@vestfjord.test")[0])
    assert f"UID:{setup.start.uid}@medvirk" in ics
    assert "SEQUENCE:1" in ics and "LOCATION:Room 202" in ics


def test_it_serves_the_calendar_file_to_members_only(personas, team_setup, login):
    url = f"/teams/{team_setup.team.uid}/sessions/{team_setup.start.uid}.ics"
    response = login(personas.employee).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content
    assert login(personas.outsider).get(url).status_code == 403


def test_cancelling_a_follow_up_sends_a_calendar_cancellation(
    personas, smtp_inbox, django_capture_on_commit_callbacks, login
):
    setup = build_team(personas)
    when = timezone.now() + dt.timedelta(days=40)
    with django_capture_on_commit_callbacks(execute=True):
        follow_up = services.schedule_session(
            team=setup.team, starts_at=when, location="Room 303", actor=personas.facilitator
        )
    smtp_inbox.messages.clear()
    client = login(personas.facilitator)
    url = f"/teams/{setup.team.uid}/sessions/{follow_up.uid}/cancel/"
    page = client.get(url).content.decode()
    assert "Cancel the follow-up session on" in page and "Keep the session" in page
    follow_up.refresh_from_db()
    assert follow_up.status == "planned"  # asking changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert (follow_up.status, follow_up.sequence) == ("cancelled", 1)
    assert len(smtp_inbox.messages) == 6
    message = smtp_inbox.to("rita@vestfjord.test")[0]
    assert message["Subject"].startswith("Cancelled: the session of the team")
    ics = _calendar(message)
    assert f"UID:{follow_up.uid}@medvirk" in ics and "SEQUENCE:1" in ics
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics
    assert AuditEntry.objects.filter(action="teams.session.cancel").count() == 1
    detail = client.get(f"/teams/{setup.team.uid}/").content.decode()
    assert "cancelled" in detail
    screen = f"/teams/{setup.team.uid}/sessions/{follow_up.uid}/screen/"
    assert client.get(screen).status_code == 404
    # Twice, the start session, and members: refused, nothing sent.
    smtp_inbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, follow=True)
    assert "Only a planned session can be cancelled." in again.content.decode()
    with pytest.raises(ValidationError, match="moved, not cancelled"):
        services.cancel_session(session=setup.start, actor=personas.facilitator)
    assert login(personas.employee).post(url).status_code == 403
    assert smtp_inbox.messages == []
