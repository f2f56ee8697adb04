"""Reminders to responsible persons over a real SMTP server: before the due date and when
overdue, once per measure and due date, never twice; `medvirk remindmeasures` and the task."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from actions import services, tasks
from actions.models import Measure, MeasureReminder
from orgs.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(personas, setup):
    services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                        reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    return setup


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the job and send its e-mail (sent on commit) over SMTP."""

    def _run() -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_measure_reminders()

    return _run


def _due_in(measure: Measure, days: int) -> None:
    Measure.objects.filter(pk=measure.pk).update(due=timezone.localdate() + dt.timedelta(days=days))


def test_it_reminds_before_the_due_date_once(personas, agreed, smtp_inbox, remind):
    _due_in(agreed.good, 5)
    assert remind() == 1
    assert remind() == 0  # never twice
    [message] = smtp_inbox.to("sofie@vestfjord.test")
    assert "is due soon" in message["Subject"]
    text = smtp_inbox.text(message)
    assert "Monthly all-hands meeting" in text and "in 5 days" in text
    assert f"/plans/measures/{agreed.good.uid}/" in text


def test_it_does_not_remind_too_early_or_for_drafts(personas, setup, smtp_inbox, remind):
    _due_in(setup.good, 5)
    assert remind() == 0  # the plan is not agreed yet
    services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                        reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    _due_in(setup.good, 30)
    assert remind() == 0
    assert smtp_inbox.messages == []


def test_it_reminds_when_overdue_and_again_for_a_new_due_date(
    personas, agreed, smtp_inbox, remind, django_capture_on_commit_callbacks
):
    _due_in(agreed.good, -1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remindmeasures", verbosity=0)
        call_command("remindmeasures", verbosity=0)
    [message] = smtp_inbox.to("sofie@vestfjord.test")
    assert "is overdue" in message["Subject"]
    _due_in(agreed.good, -3)  # postponed, then late again: a new period
    assert remind() == 1
    assert MeasureReminder.objects.filter(measure=agreed.good).count() == 2


def test_done_measures_get_no_reminder(personas, agreed, smtp_inbox, remind):
    _due_in(agreed.good, -1)
    services.log_progress(
        actor=personas.section_leader, measure=agreed.good, text="Done", status="done"
    )
    assert remind() == 0


def test_the_task_runs_the_same_job(
    personas, agreed, smtp_inbox, django_capture_on_commit_callbacks
):
    _due_in(agreed.good, 2)
    with django_capture_on_commit_callbacks(execute=True):
        result = tasks.send_measure_reminders.enqueue()
    assert result.return_value == 1
    assert len(smtp_inbox.messages) == 1


def test_agreeing_asks_the_representatives_to_co_sign_by_e_mail(
    personas, setup, union_rep, smtp_inbox, settings, django_capture_on_commit_callbacks
):
    settings.MEDVIRK_UNION_COSIGN = True
    with django_capture_on_commit_callbacks(execute=True):
        services.agree_plan(actor=personas.section_leader, plan=setup.plan, revision=setup.plan.revision,
                            reasons={str(setup.vague.uid): "Agreed in the meeting"})  # fmt: skip
    assert sorted(str(m["To"]) for m in smtp_inbox.messages) == [
        "siri@vestfjord.test",
        "ulla@vestfjord.test",
    ]
    text = smtp_inbox.text(smtp_inbox.to("siri@vestfjord.test")[0])
    assert "Sofie Seksjonsleder has marked version 1" in text
    assert f"/plans/{setup.plan.uid}/" in text


def test_the_reminder_is_written_in_the_responsible_persons_language(
    personas, agreed, smtp_inbox, remind
):
    Person.objects.filter(email="sofie@vestfjord.test").update(language="nb")
    _due_in(agreed.good, 5)
    assert remind() == 1
    [message] = smtp_inbox.to("sofie@vestfjord.test")
    assert "is due soon" not in message["Subject"]
    assert "Monthly all-hands meeting" in smtp_inbox.text(message)
    assert "om 5 dager" in smtp_inbox.text(message)
