"""A complete closed round from scratch, for the demo's comparison with an earlier round."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from surveys.models import Comment, Invitation, Response, RoundStatus, SurveyRound
from surveys.simulate import simulate_closed_round
from tests.rounds import instrument

pytestmark = pytest.mark.django_db


def _closed(personas, **options):
    return simulate_closed_round(
        instrument=instrument(),
        scope=personas.org.root,
        name="Survey 2023",
        opens_on=dt.date(2023, 3, 1),
        closes_on=dt.date(2023, 3, 22),
        **{"rate": 1.0, "seed": 1, **options},
    )


def test_it_creates_a_closed_round_with_the_frozen_units_and_their_counts(personas) -> None:
    survey = _closed(personas)
    assert survey.status == RoundStatus.CLOSED and survey.closed_at is not None
    units = {u.code: u for u in survey.units.all()}
    assert set(units) == {"UVF", "HF", "HF-01", "HF-01-01", "HF-02", "MN"}
    assert units["HF-01-01"].path == "/UVF/HF/HF-01/HF-01-01/"
    assert units["HF-01-01"].parent == units["HF-01"] and units["HF-01-01"].depth == 3
    assert sum(u.invited_count for u in units.values()) == 9
    assert sum(u.submitted_count for u in units.values()) == Response.objects.count() == 9
    assert not Invitation.objects.exists()


def test_a_leader_is_counted_under_the_parent_unit(personas) -> None:
    survey = _closed(personas)
    units = {u.code: u for u in survey.units.all()}
    # Sofie leads HF-01-01 (her own unit): filed under HF-01; Erik stays in HF-01-01.
    assert units["HF-01-01"].invited_count == 1
    # Leif leads HF-01 (his own unit) and goes to HF; Siri stays; Sofie comes up from below.
    assert units["HF-01"].invited_count == 2
    assert units["HF"].invited_count == 3


def test_responses_keep_background_but_nothing_about_the_person(personas) -> None:
    _closed(personas)
    response = Response.objects.first()
    assert set(response.background) == {"position_group", "age_group", "gender", "employment"}


def test_it_answers_for_a_share_of_the_staff(personas) -> None:
    survey = _closed(personas, rate=0.0)
    assert survey.responses.count() == 0 and not Comment.objects.exists()


def test_the_command_creates_one_with_the_loaded_questionnaire(personas) -> None:
    instrument()
    out = io.StringIO()
    call_command(
        "simulaterespondents",
        "--closed",
        "--name",
        "Survey 2023",
        "--instrument",
        "mini:1",
        "--opens-on",
        "2023-03-01",
        "--rate",
        "1",
        stdout=out,
    )
    survey = SurveyRound.objects.get(name="Survey 2023")
    assert survey.closes_on == dt.date(2023, 3, 22) and survey.scope == personas.org.root
    assert "9 simulated responses" in out.getvalue()
    with pytest.raises(CommandError, match="No questionnaire"):
        call_command(
            "simulaterespondents",
            "--closed",
            "--name",
            "X",
            "--opens-on",
            "2023-01-01",
            "--instrument",
            "medvirk-core",
            stdout=io.StringIO(),
        )
