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
