"""Due and overdue reminders for progress-plan steps, over a real SMTP conversation: to the
people responsible in the units that have not reached the step, once per period, never twice."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.core.management import call_command
from django.db import connection

from orgs.models import Person
from progress import services
from progress.models import ReminderSent
from progress.reminders import send_reminders
from surveys.models import RoundStatus
from tests.rounds import survey_round


@pytest.fixture
def plan(personas):
    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED)  # closes 23 March 2026
    return services.create_from_template(actor=personas.admin, round=survey)


def test_the_leader_is_reminded_a_week_before_and_after_the_deadline(plan, personas, smtp_inbox):
    mapping = plan.tasks.get(title_en="Action meeting held")  # leader, due 15 June 2026
    plan.tasks.exclude(pk=mapping.pk).delete()
    assert send_reminders(today=dt.date(2026, 6, 1)).reminders == 0  # two weeks before
    sent = send_reminders(today=dt.date(2026, 6, 9))
    # Leaders of the units: Leif (Music, HF-01) and Sofie (Performance).
    assert sent.by_kind == {"due": 2}
    (leif,) = smtp_inbox.to(personas.head.email)
    assert leif["Subject"] == "Kommer snart: Tiltaksmøte holdt"
    text = (
        smtp_inbox.Inbox.text(leif) if hasattr(smtp_inbox, "Inbox") else type(smtp_inbox).text(leif)
    )
    assert "Action meeting held – Department of Music" in text
    assert f"/progress/{plan.round.uid}/unit/{personas.org.music.uid}/" in text
    # The same day again: nothing more.
    assert send_reminders(today=dt.date(2026, 6, 9)).reminders == 0
    assert len(smtp_inbox.messages) == 2
    # Overdue: once in the week after, again the week after that.
    assert send_reminders(today=dt.date(2026, 6, 16)).by_kind == {"overdue": 2}
    assert send_reminders(today=dt.date(2026, 6, 18)).reminders == 0
    assert send_reminders(today=dt.date(2026, 6, 23)).by_kind == {"overdue": 2}
    assert len(smtp_inbox.messages) == 6


def test_each_leader_is_reminded_in_their_own_language(plan, personas, smtp_inbox):
    mapping = plan.tasks.get(title_en="Action meeting held")
    plan.tasks.exclude(pk=mapping.pk).delete()
    Person.objects.filter(pk=personas.head.person_id).update(language="en")
    send_reminders(today=dt.date(2026, 6, 9))
    (leif,) = smtp_inbox.to(personas.head.email)
    assert leif["Subject"] == "Coming up: Action meeting held"
    assert "Tiltaksmøte" not in smtp_inbox.text(leif)
    (sofie,) = smtp_inbox.to(personas.section_leader.email)  # not known: both, bokmål first
    assert sofie["Subject"] == "Kommer snart: Tiltaksmøte holdt"
    text = smtp_inbox.text(sofie)
    assert text.index("Tiltaksmøte holdt") < text.index("Action meeting held")


def test_units_that_reached_the_step_are_not_reminded(plan, personas, smtp_inbox):
    follow_up = plan.tasks.get(title_en="Follow-up meeting held")
    plan.tasks.exclude(pk=follow_up.pk).delete()
    services.set_unit_task(actor=personas.head, task=follow_up, unit=personas.org.music, done=True)
    send_reminders(today=follow_up.due)
    assert smtp_inbox.to(personas.head.email) == []
    assert len(smtp_inbox.to(personas.section_leader.email)) == 1


def test_institution_tasks_remind_the_working_group(plan, personas, smtp_inbox):
    release = plan.tasks.get(title_en="Release the reports")
    plan.tasks.exclude(pk=release.pk).delete()
    send_reminders(today=release.due - dt.timedelta(days=3))
    (message,) = smtp_inbox.messages
    assert personas.admin.email in message["To"]
    services.set_institution_task(actor=personas.admin, task=release, done=True)
    assert send_reminders(today=release.due + dt.timedelta(days=3)).reminders == 0


def test_a_failed_sending_is_tried_again_next_time(plan, personas, settings, smtp_inbox):
    release = plan.tasks.get(title_en="Release the reports")
    plan.tasks.exclude(pk=release.pk).delete()
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    failed = send_reminders(today=release.due)
    assert (failed.failed, failed.reminders) == (1, 0)
    assert not ReminderSent.objects.exists()
    settings.EMAIL_PORT = port
    assert send_reminders(today=release.due).reminders == 1
    assert len(smtp_inbox.messages) == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the test's SQLite is in memory with a shared cache: a table lock fails at once "
    "instead of waiting, so one job would crash where a database file would make it wait",
)
@pytest.mark.django_db(transaction=True)
def test_two_jobs_at_once_send_each_reminder_once(personas, smtp_inbox):
    survey = survey_round(personas.org.root, status=RoundStatus.CLOSED)
    plan = services.create_from_template(actor=personas.admin, round=survey)
    release = plan.tasks.get(title_en="Release the reports")
    plan.tasks.exclude(pk=release.pk).delete()
    barrier = threading.Barrier(2)
    failures: list[Exception] = []

    def job() -> None:
        barrier.wait()
        try:
            send_reminders(today=release.due)
        except Exception as error:  # reported by the assertion below
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=job) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert ReminderSent.objects.count() == 1
    assert len(smtp_inbox.messages) == 1


def test_the_command_prints_what_it_did(plan, smtp_inbox, capsys):
    plan.tasks.exclude(title_en="Release the reports").delete()
    call_command("remindprogress")
    assert "Sent" in capsys.readouterr().out
