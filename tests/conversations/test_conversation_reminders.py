"""Reminders about annual conversations over a real SMTP conversation: leaders of units with
no conversation planned by 1 October (once per unit and year), and conversations not marked
held a week after their date (once per date) — never twice, and tried again after the mail
server failed."""

from __future__ import annotations

import datetime as dt

import pytest

from conversations import services
from conversations.models import ConversationReminder
from conversations.reminders import send_reminders
from surveys.models import RoundStatus
from tests.conversations.conftest import DAY, plan_values
from tests.rounds import survey_round

pytestmark = pytest.mark.django_db


def test_leaders_without_a_planned_conversation_are_reminded_once_from_1_october(
    personas, smtp_inbox
):
    assert send_reminders(today=dt.date(2025, 9, 30)).reminders == 0
    sent = send_reminders(today=dt.date(2025, 10, 1))
    assert sent.by_kind == {"unplanned": 2}  # Leif (Music) and Sofie (Performance)
    (leif,) = smtp_inbox.to(personas.head.email)
    text = smtp_inbox.text(leif)
    assert "No conversation has been planned for 2025 yet" in text
    assert f"/conversations/unit/{personas.org.music.uid}/plan/?year=2025" in text
    assert "Department of Music" in text
    assert send_reminders(today=dt.date(2025, 10, 1)).reminders == 0
    assert send_reminders(today=dt.date(2025, 11, 20)).reminders == 0
    assert len(smtp_inbox.messages) == 2


def test_units_that_planned_or_had_a_survey_are_not_reminded(personas, smtp_inbox):
    conversation = services.plan_conversation(
        actor=personas.section_leader, unit=personas.org.performance, values=plan_values(personas)
    )
    send_reminders(today=dt.date(2025, 10, 2))
    services.mark_held(actor=personas.section_leader, conversation=conversation)
    assert [str(m["To"]) for m in smtp_inbox.messages] == [personas.head.email]
    survey_round(personas.org.hf, status=RoundStatus.CLOSED)  # covers Music in 2026
    assert send_reminders(today=dt.date(2026, 10, 2)).reminders == 0
    assert not ConversationReminder.objects.filter(year=2026).exists()
    assert len(smtp_inbox.messages) == 1


def test_no_reminder_to_plan_after_the_deadline(personas, smtp_inbox, settings):
    settings.MEDVIRK_CONVERSATION_DEADLINE = (10, 15)
    assert send_reminders(today=dt.date(2025, 10, 16)).reminders == 0
    assert smtp_inbox.messages == []


def test_a_conversation_not_marked_held_a_week_after_its_date_reminds_once_per_date(
    personas, smtp_inbox
):
    conversation = services.plan_conversation(
        actor=personas.facilitator, unit=personas.org.performance, values=plan_values(personas)
    )
    ConversationReminder.objects.create(  # the reminder to plan it is not what this is about
        unit=personas.org.music, year=2025, kind="unplanned", period="2025"
    )
    assert send_reminders(today=DAY + dt.timedelta(days=6)).reminders == 0
    sent = send_reminders(today=DAY + dt.timedelta(days=7))
    assert sent.by_kind == {"not_held": 1}
    (message,) = smtp_inbox.messages
    # The unit's leader and the facilitator who planned it.
    assert sorted(a.strip() for a in str(message["To"]).split(",")) == sorted(
        [personas.section_leader.email, personas.facilitator.email]
    )
    assert f"/conversations/{conversation.uid}/" in smtp_inbox.text(message)
    assert send_reminders(today=DAY + dt.timedelta(days=8)).reminders == 0
    # Moved to a new date, and again not marked held: a new period.
    services.update_conversation(
        actor=personas.section_leader,
        conversation=conversation,
        values=plan_values(personas, date=dt.date(2025, 11, 3)),
        version=conversation.version,
    )
    assert send_reminders(today=dt.date(2025, 11, 10)).by_kind == {"not_held": 1}
    services.mark_held(actor=personas.section_leader, conversation=conversation)
    assert send_reminders(today=dt.date(2025, 12, 20)).reminders == 0
    assert len(smtp_inbox.messages) == 2


def test_a_failed_sending_is_tried_again_next_time(personas, settings, smtp_inbox):
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    failed = send_reminders(today=dt.date(2025, 10, 1))
    assert (failed.failed, failed.reminders) == (2, 0)
    assert not ConversationReminder.objects.exists()
    settings.EMAIL_PORT = port
    assert send_reminders(today=dt.date(2025, 10, 2)).reminders == 2
    assert len(smtp_inbox.messages) == 2


def test_units_without_a_leader_are_skipped(personas, smtp_inbox):
    personas.head.person.roles.all().delete()
    sent = send_reminders(today=dt.date(2025, 10, 1))
    assert sent.reminders == 1  # Sofie's section; Music has nobody to remind now
    assert not ConversationReminder.objects.filter(unit=personas.org.music).exists()
