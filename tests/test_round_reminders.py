from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from orgs.models import Person
from surveys import services
from surveys.models import Invitation, Mailing, MailingKind
from surveys.tokens import invitation_key
from tests.roundfixtures import simulate_start, simulate_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def fieldwork(staffed, make_round, open_now, mailoutbox):
    """A round on Music (12 people): Erik has submitted, Siri has started."""
    round_ = open_now(make_round(staffed.org.music))
    invitations = Invitation.objects.filter(round=round_)
    simulate_submit(invitations.get(person=staffed.employee.person))
    simulate_start(invitations.get(person=staffed.safety_rep.person))
    mailoutbox.clear()
    return round_


def _remind(round_, django_capture_on_commit_callbacks, actor=None):
    with django_capture_on_commit_callbacks(execute=True):
        return services.send_reminders(actor=actor, round=round_)


def test_it_reminds_only_those_who_have_not_submitted(
    staffed, fieldwork, mailoutbox, django_capture_on_commit_callbacks
):
    sending = _remind(fieldwork, django_capture_on_commit_callbacks, staffed.admin)
    recipients = {m.to[0] for m in mailoutbox}
    assert len(recipients) == 11
    assert "erik@vestfjord.test" not in recipients
    assert "siri@vestfjord.test" in recipients
    sending.refresh_from_db()
    assert (sending.kind, sending.number, sending.total, sending.sent) == ("reminder", 1, 11, 11)
    assert AuditEntry.objects.get(action="surveys.round.remind").data["recipients"] == 11


def test_a_reminder_gives_a_new_link_to_those_who_have_not_started(
    staffed, fieldwork, mailoutbox, django_capture_on_commit_callbacks
):
    leif = Invitation.objects.get(round=fieldwork, person=staffed.head.person)
    old_hash = leif.token_hash
    _remind(fieldwork, django_capture_on_commit_callbacks)
    message = next(m for m in mailoutbox if m.to == ["leif@vestfjord.test"])
    token = re.search(r"/s/([A-Za-z0-9_-]{43})/", message.body).group(1)
    leif.refresh_from_db()
    assert leif.token_hash == invitation_key(token) != old_hash


def test_a_reminder_to_someone_who_started_keeps_their_link_and_saved_answers(
    staffed, fieldwork, mailoutbox, django_capture_on_commit_callbacks
):
    siri = Invitation.objects.get(round=fieldwork, person=staffed.safety_rep.person)
    old_hash = siri.token_hash
    _remind(fieldwork, django_capture_on_commit_callbacks)
    message = next(m for m in mailoutbox if m.to == ["siri@vestfjord.test"])
    assert "/s/" not in message.body
    assert "already started" in message.body or "allerede begynt" in message.body
    siri.refresh_from_db()
    assert siri.token_hash == old_hash


def test_it_sends_at_most_two_reminders(fieldwork, django_capture_on_commit_callbacks):
    _remind(fieldwork, django_capture_on_commit_callbacks)
    _remind(fieldwork, django_capture_on_commit_callbacks)
    with pytest.raises(ValidationError):
        _remind(fieldwork, django_capture_on_commit_callbacks)
    assert Mailing.objects.filter(round=fieldwork, kind=MailingKind.REMINDER).count() == 2


def test_it_sends_planned_reminders_when_their_day_comes(
    fieldwork, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(today=today) == []
        first = services.send_due_reminders(today=today + dt.timedelta(days=7))
        again = services.send_due_reminders(today=today + dt.timedelta(days=8))
        both = services.send_due_reminders(today=today + dt.timedelta(days=30))
    assert len(first) == 1 and again == [] and len(both) == 1
    assert len(mailoutbox) == 22


def test_it_does_not_remind_a_draft_or_closed_round(
    staffed, make_round, fieldwork, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError):
        _remind(make_round(staffed.org.hf), django_capture_on_commit_callbacks)
    services.close_round(actor=None, round=fieldwork)
    with pytest.raises(ValidationError):
        _remind(fieldwork, django_capture_on_commit_callbacks)


def test_a_reminder_follows_a_language_chosen_after_the_invitation(
    staffed, fieldwork, mailoutbox, django_capture_on_commit_callbacks
):
    leif = Invitation.objects.get(round=fieldwork, person=staffed.head.person)
    assert leif.language == "nb"  # invited in the round's first language
    Person.objects.filter(pk=staffed.head.person_id).update(language="en", language_chosen=True)
    _remind(fieldwork, django_capture_on_commit_callbacks)
    message = next(m for m in mailoutbox if m.to == ["leif@vestfjord.test"])
    assert message.subject.startswith("Reminder") and "Dear Leif" in message.body
    assert "?lang=en" in message.body  # and the link opens the survey in English
