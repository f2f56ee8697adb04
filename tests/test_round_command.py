from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from audit.models import AuditEntry
from surveys.models import Invitation, RoundStatus, SurveyRound
from tests.roundfixtures import simulate_submit

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("round", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_it_runs_a_whole_round_from_the_command_line(
    staffed, instrument, mailoutbox, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    out = run(
        "create",
        "--name=Autumn",
        "--instrument=mini",
        "--scope=UVF",
        f"--opens={today}",
        f"--closes={today + dt.timedelta(days=21)}",
        f"--reminder={today + dt.timedelta(days=7)}",
        "--threshold=numbers=6",
    )
    assert "Created the draft round “Autumn”" in out
    round_ = SurveyRound.objects.get(name="Autumn")
    assert round_.threshold["numbers"] == 6
    out = run("preflight", "Autumn", "--accept-merges")
    assert "33 people would be invited" in out
    assert "Merge (accepted): 2 directly attached to UVF → MN" in out
    with django_capture_on_commit_callbacks(execute=True):
        out = run("open", str(round_.uid))
    assert "Opened “Autumn”: 33 invitations" in out
    assert len(mailoutbox) == 33
    for invitation in Invitation.objects.filter(round=round_)[:20]:
        simulate_submit(invitation)
    assert "Reminder 1 is being sent to 13 people" in run("remind", "Autumn")
    assert "refreshed for 1 open rounds" in run("refreshrates")
    status = run("status", "Autumn")
    assert "33 of 33 sent" in status and "UVF" in status and "60 %" in status
    later = today + dt.timedelta(days=30)
    assert str(later) in run("extend", "Autumn", f"--closes={later}")
    assert "20 responses" in run("close", "Autumn")
    assert SurveyRound.objects.get(pk=round_.pk).status == RoundStatus.CLOSED
    assert "closed" in run("status")
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "surveys.round.create",
        "surveys.round.merge",
        "surveys.round.open",
        "surveys.round.remind",
        "surveys.round.extend",
        "surveys.round.close",
    } <= actions


def test_it_fails_with_a_message_and_a_non_zero_exit(staffed, instrument, make_round):
    with pytest.raises(CommandError, match="No round is called"):
        run("open", "nothing")
    with pytest.raises(CommandError, match="No questionnaire"):
        run(
            "create",
            "--name=x",
            "--instrument=nope",
            "--scope=UVF",
            "--opens=2030-01-01",
            "--closes=2030-01-02",
        )
    with pytest.raises(CommandError, match="cannot be lower than"):
        run(
            "create",
            "--name=x",
            "--instrument=mini",
            "--scope=UVF",
            "--opens=2030-01-01",
            "--closes=2030-01-22",
            "--threshold=numbers=1",
        )
    make_round(staffed.org.hf)
    with pytest.raises(CommandError, match="This cannot be done"):
        run("close", "Survey 2026")


def test_the_daily_jobs_send_planned_reminders_and_close_due_rounds(staffed, make_round, open_now):
    open_now(make_round(staffed.org.music))
    assert "Planned reminders sent: 0" in run("remind", "--due")
    assert "Rounds closed: 0" in run("close", "--due")
