"""Invitations, updates and cancellations with calendar files, over a real SMTP server and
through the background task."""

from __future__ import annotations

import datetime as dt

import pytest

from meetings import services
from orgs.models import Person
from tests.meetings.conftest import in_days

pytestmark = pytest.mark.django_db


def _calendar(message) -> str:
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    content = parts[0].get_content()
    return content.decode() if isinstance(content, bytes) else content


def _invite_all(personas, meeting, capture):
    services.add_participants(meeting=meeting, people=[personas.employee.person], actor=None)
    with capture(execute=True):
        return services.send_invitations(meeting=meeting, actor=personas.facilitator)


def test_every_participant_gets_the_invitation_with_a_calendar_file(
    personas, meeting, methods, smtp_inbox, django_capture_on_commit_callbacks
):
    services.add_agenda_item(meeting=meeting, title="Check-in", minutes=10, actor=None)
    sent = _invite_all(personas, meeting, django_capture_on_commit_callbacks)
    assert (sent.invited, sent.updated) == (4, 0)
    assert len(smtp_inbox.messages) == 4
    message = smtp_inbox.to("erik@vestfjord.test")[0]
    assert str(message["Subject"]) == "Invitation: Preparation meeting: Section for Performance"
    assert "10:00  Check-in" in smtp_inbox.text(message)
    ics = _calendar(message)
    assert f"UID:{meeting.uid}@medvirk" in ics
    assert "SEQUENCE:0" in ics and "METHOD:PUBLISH" in ics and "LOCATION:Room 101" in ics


def test_a_moved_meeting_sends_the_same_uid_with_sequence_plus_one(
    personas, meeting, smtp_inbox, django_capture_on_commit_callbacks
):
    _invite_all(personas, meeting, django_capture_on_commit_callbacks)
    smtp_inbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            meeting=meeting, version=meeting.version,
            values={"starts_at": in_days(9, 13), "ends_at": in_days(9, 15), "place": "Room 202"},
            actor=personas.facilitator,
        )  # fmt: skip
    assert len(smtp_inbox.messages) == 4
    message = smtp_inbox.to("erik@vestfjord.test")[0]
    assert str(message["Subject"]).startswith("Changed:")
    ics = _calendar(message)
    assert f"UID:{meeting.uid}@medvirk" in ics and "SEQUENCE:1" in ics
    assert "LOCATION:Room 202" in ics
    start = in_days(9, 13).astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTART:{start}" in ics


def test_plain_text_mail_is_not_html_escaped(
    personas, meeting, smtp_inbox, django_capture_on_commit_callbacks
):
    services.update_meeting(
        meeting=meeting, version=1, values={"title": 'Q&A <with> "Frida"'}, actor=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(meeting=meeting, actor=personas.facilitator)
    message = smtp_inbox.to("sofie@vestfjord.test")[0]
    assert str(message["Subject"]) == 'Invitation: Q&A <with> "Frida"'
    assert "&amp;" not in smtp_inbox.text(message)


def test_a_change_of_roles_sends_nothing(
    personas, meeting, smtp_inbox, django_capture_on_commit_callbacks
):
    _invite_all(personas, meeting, django_capture_on_commit_callbacks)
    smtp_inbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_meeting(
            meeting=meeting, version=meeting.version,
            values={"meeting_leader": personas.section_leader.person}, actor=personas.facilitator,
        )  # fmt: skip
    assert smtp_inbox.messages == []


def test_cancelling_sends_method_cancel(
    personas, meeting, smtp_inbox, django_capture_on_commit_callbacks
):
    _invite_all(personas, meeting, django_capture_on_commit_callbacks)
    smtp_inbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_meeting(meeting=meeting, actor=personas.facilitator)
    assert len(smtp_inbox.messages) == 4
    ics = _calendar(smtp_inbox.to("siri@vestfjord.test")[0])
    assert "METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics and "SEQUENCE:1" in ics


def test_a_removed_participant_gets_a_cancellation_and_a_late_one_an_invitation(
    personas, meeting, smtp_inbox, django_capture_on_commit_callbacks
):
    _invite_all(personas, meeting, django_capture_on_commit_callbacks)
    smtp_inbox.messages.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_participant(
            meeting=meeting, person=personas.employee.person, actor=personas.facilitator
        )
    (message,) = smtp_inbox.messages
    assert "erik@" in str(message["To"]) and "METHOD:CANCEL" in _calendar(message)
    smtp_inbox.messages.clear()
    services.add_participants(meeting=meeting, people=[personas.head.person], actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.send_invitations(meeting=meeting, actor=personas.facilitator)
    assert (sent.invited, sent.updated) == (1, 0)
    assert [str(m["To"]) for m in smtp_inbox.messages] == ["leif@vestfjord.test"]


def test_sending_again_with_nobody_new_is_refused(
    personas, meeting, smtp_inbox, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    _invite_all(personas, meeting, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        services.send_invitations(meeting=meeting, actor=personas.facilitator)


def test_the_invitation_is_written_in_the_language_of_the_sender(
    personas, meeting, smtp_inbox, django_capture_on_commit_callbacks
):
    from django.utils import formats, timezone, translation

    with translation.override("nb"), django_capture_on_commit_callbacks(execute=True):
        services.send_invitations(meeting=meeting, actor=personas.facilitator)
        day = formats.date_format(timezone.localtime(meeting.starts_at), "l j F Y")
    message = smtp_inbox.to("sofie@vestfjord.test")[0]
    # Django's own bokmål catalogue names the day; Medvirk's texts follow with the catalogue.
    assert day.split()[0] in (
        "mandag",
        "tirsdag",
        "onsdag",
        "torsdag",
        "fredag",
        "lørdag",
        "søndag",
    )
    assert day in smtp_inbox.text(message)


def test_each_participant_is_invited_in_their_own_language(
    personas, meeting, smtp_inbox, django_capture_on_commit_callbacks
):
    Person.objects.filter(email="erik@vestfjord.test").update(language="nb")
    _invite_all(personas, meeting, django_capture_on_commit_callbacks)  # sent from English pages
    erik = smtp_inbox.to("erik@vestfjord.test")[0]
    # The meeting's title is the planner's text; the e-mail around it is in bokmål.
    assert str(erik["Subject"]) == "Innkalling: Preparation meeting: Section for Performance"
    text = smtp_inbox.text(erik)
    assert "Seksjon for utøving" in text and "Dear Erik" not in text
    others = [m for m in smtp_inbox.messages if "erik@" not in str(m["To"])]
    assert len(others) == 3  # language not known: the sender's
    assert all(str(m["Subject"]).startswith("Invitation: ") for m in others)
