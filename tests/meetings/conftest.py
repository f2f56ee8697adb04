from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from meetings import services
from meetings.models import Meeting


@pytest.fixture
def methods(db: None) -> None:
    services.load_methods()


def in_days(days: int, hour: int = 10) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def meeting(personas: Any) -> Meeting:
    """A planned preparation meeting of the Section for Performance, planned by Frida."""
    return services.plan_meeting(
        unit=personas.org.performance,
        kind="preparation",
        starts_at=in_days(7),
        ends_at=in_days(7) + dt.timedelta(hours=1),
        place="Room 101",
        actor=personas.facilitator,
    )


AGENDA_CARDS = ("check-in-round", "brainwriting", "dot-voting")


def held_meeting_of(unit: Any, actor: Any, *, kind: str = "mapping", days_ago: int = 2) -> Meeting:
    """A meeting of `unit` that took place `days_ago`, with three method cards on its agenda,
    marked held by `actor` (its participant feedback is open from now)."""
    from meetings.models import MethodCard

    start = in_days(-days_ago, 9)
    meeting = services.plan_meeting(
        unit=unit, kind=kind, starts_at=start, ends_at=start + dt.timedelta(hours=2),
        place="Aud. 2", actor=actor,
    )  # fmt: skip
    for code in AGENDA_CARDS:
        services.add_agenda_item(
            meeting=meeting, method=MethodCard.objects.get(code=code), actor=None
        )
    return services.mark_held(meeting=meeting, actor=actor)


@pytest.fixture
def held_meeting(personas: Any, methods: None) -> Meeting:
    """The Section for Performance's mapping meeting two days ago, held, feedback open."""
    return held_meeting_of(personas.org.performance, personas.facilitator)


def give_feedback(meeting: Meeting, count: int, **answers: Any) -> None:
    """`count` participants answer (by default 4, 5 and 3 on the three statements)."""
    from meetings import evaluation

    values = {"useful": 4, "voice": 5, "next_steps": 3, **answers}
    comment = values.pop("comment", "")
    for _n in range(count):
        evaluation.give_feedback(meeting=meeting, answers=values, comment=comment)


def close_feedback(meeting: Meeting, actor: Any = None) -> Meeting:
    from meetings import evaluation

    evaluation.close_feedback(meeting=meeting, actor=actor)
    meeting.refresh_from_db()
    return meeting
