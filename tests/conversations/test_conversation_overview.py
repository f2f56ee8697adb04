"""Where each unit stands with its annual conversation: a survey year needs none, otherwise
not planned → planned → held, and overdue when not held after the deadline (31 December or
MEDVIRK_CONVERSATION_DEADLINE)."""

from __future__ import annotations

import datetime as dt

import pytest

from conversations import overview, services
from orgs.models import OrgUnit
from surveys.models import RoundStatus
from tests.conversations.conftest import plan_values
from tests.rounds import survey_round

pytestmark = pytest.mark.django_db


def _statuses(year: int, today: dt.date) -> dict[str, str]:
    units = OrgUnit.objects.current().order_by("path")
    return {r.unit.code: r.status for r in overview.rows(units, year=year, today=today)}


def test_each_unit_has_its_status_for_the_year(personas, conversation):
    # 2025: Performance has planned (DAY is 15 October 2025), nobody else has.
    statuses = _statuses(2025, dt.date(2025, 11, 1))
    assert statuses["HF-01-01"] == overview.PLANNED
    assert statuses["HF-01"] == overview.NOT_PLANNED
    services.mark_held(actor=personas.section_leader, conversation=conversation)
    assert _statuses(2025, dt.date(2025, 11, 1))["HF-01-01"] == overview.HELD


def test_after_the_deadline_what_was_not_held_is_overdue(personas, conversation, settings):
    statuses = _statuses(2025, dt.date(2026, 1, 1))
    assert statuses["HF-01-01"] == overview.OVERDUE  # planned, never marked held
    assert statuses["HF-01"] == overview.OVERDUE
    settings.MEDVIRK_CONVERSATION_DEADLINE = (11, 30)
    assert _statuses(2025, dt.date(2025, 12, 1))["HF-01"] == overview.OVERDUE
    assert _statuses(2025, dt.date(2025, 11, 30))["HF-01"] == overview.NOT_PLANNED


def test_units_a_survey_covered_that_year_need_none(personas):
    survey_round(personas.org.hf, status=RoundStatus.CLOSED)  # opened in March 2026
    survey_round(personas.org.mn, status=RoundStatus.DRAFT, name="Not opened")
    statuses = _statuses(2026, dt.date(2027, 1, 10))
    assert statuses["HF"] == statuses["HF-01-01"] == overview.NOT_NEEDED
    assert statuses["MN"] == overview.OVERDUE  # a draft round does not count
    assert statuses["UVF"] == overview.OVERDUE  # the round covered HF's tree only
    assert _statuses(2025, dt.date(2025, 11, 1))["HF"] == overview.NOT_PLANNED


def test_a_conversation_in_a_survey_year_is_allowed_and_shown(personas):
    survey_round(personas.org.hf, status=RoundStatus.CLOSED)
    services.plan_conversation(
        actor=personas.head,
        unit=personas.org.music,
        values=plan_values(personas, date=dt.date(2026, 10, 1), participants=[]),
    )
    statuses = _statuses(2026, dt.date(2027, 1, 10))
    assert statuses["HF-01"] == overview.PLANNED  # not needed, so never overdue
