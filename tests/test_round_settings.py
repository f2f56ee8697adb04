from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from audit.models import AuditEntry
from surveys import services
from surveys.models import THRESHOLDS, RoundStatus, default_thresholds
from tests.roundfixtures import round_settings

pytestmark = pytest.mark.django_db


def _errors(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_it_creates_a_draft_round_with_the_default_thresholds_and_an_audit_entry(
    personas, instrument
):
    round_ = services.create_round(
        actor=personas.admin, values=round_settings(instrument, personas.org.root)
    )
    assert round_.status == RoundStatus.DRAFT
    assert round_.threshold == default_thresholds()
    assert len(round_.reminder_dates) == 2
    entry = AuditEntry.objects.get(action="surveys.round.create")
    assert entry.actor == personas.admin
    assert entry.data["scope"] == "UVF"


@pytest.mark.parametrize("name", sorted(THRESHOLDS))
def test_it_refuses_a_threshold_below_its_floor(personas, instrument, name):
    thresholds = default_thresholds() | {name: THRESHOLDS[name][1] - 1}
    values = round_settings(instrument, personas.org.root, thresholds=thresholds)
    with pytest.raises(ValidationError) as excinfo:
        services.create_round(actor=None, values=values)
    assert "cannot be lower than" in _errors(excinfo)["thresholds"][0]


def test_it_accepts_thresholds_raised_above_the_default(personas, instrument):
    thresholds = default_thresholds() | {"numbers": 8, "rates": 10}
    values = round_settings(instrument, personas.org.root, thresholds=thresholds)
    round_ = services.create_round(actor=None, values=values)
    assert round_.threshold["numbers"] == 8


def test_it_refuses_unknown_thresholds_and_non_numbers(personas, instrument):
    thresholds = default_thresholds() | {"magic": 5, "numbers": "five"}
    with pytest.raises(ValidationError) as excinfo:
        services.create_round(
            actor=None, values=round_settings(instrument, personas.org.root, thresholds=thresholds)
        )
    assert len(_errors(excinfo)["thresholds"]) == 2


def test_it_allows_at_most_two_reminders_between_opening_and_closing(personas, instrument):
    today = timezone.localdate()
    three = [today + dt.timedelta(days=d) for d in (3, 5, 7)]
    with pytest.raises(ValidationError) as excinfo:
        services.create_round(
            actor=None,
            values=round_settings(instrument, personas.org.root, reminder_dates=three),
        )
    assert "At most two" in _errors(excinfo)["reminder_dates"][0]
    late = [today + dt.timedelta(days=40)]
    with pytest.raises(ValidationError):
        services.create_round(
            actor=None, values=round_settings(instrument, personas.org.root, reminder_dates=late)
        )


def test_it_refuses_closing_before_opening_and_unknown_languages(personas, instrument):
    today = timezone.localdate()
    values = round_settings(
        instrument,
        personas.org.root,
        name=" ",
        opens_on=today,
        closes_on=today - dt.timedelta(days=1),
        languages=["de"],
        reminder_dates=[],
    )
    with pytest.raises(ValidationError) as excinfo:
        services.create_round(actor=None, values=values)
    assert set(_errors(excinfo)) == {"name", "closes_on", "languages"}


def test_it_changes_a_draft_but_locks_everything_once_open(personas, make_round, open_now):
    round_ = make_round(personas.org.hf)
    values = round_settings(round_.instrument, personas.org.hf, name="Renamed")
    services.update_round(actor=personas.admin, round=round_, values=values)
    round_.refresh_from_db()
    assert round_.name == "Renamed"
    open_now(round_)
    raised = default_thresholds() | {"numbers": 9}
    with pytest.raises(ValidationError):
        services.update_round(
            actor=personas.admin,
            round=round_,
            values=round_settings(round_.instrument, personas.org.hf, thresholds=raised),
        )
    round_.refresh_from_db()
    assert round_.threshold["numbers"] == 5
