"""The unit report extract in a meeting's material package: only once the report was
released to the unit's employees."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from meetings import material
from meetings import services as meetings
from reports.models import StaffRelease
from tests.reportfixtures import closed_round, release

COUNTS = {"HF-01": 4, "HF-01-01": 12, "HF-02": 7, "MN": 9}


def test_the_extract_appears_once_the_report_is_released_to_staff(personas):
    survey = closed_round(personas.org.root, COUNTS)
    release(survey)
    start = timezone.make_aware(dt.datetime(2026, 4, 20, 10))
    meeting = meetings.plan_meeting(
        unit=personas.org.music,
        kind="mapping",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        place="Room 101",
        actor=personas.head,
    )
    assert material.report_extract(meeting) is None
    StaffRelease.objects.create(round=survey, round_unit=survey.units.get(code="HF-01"))
    html = str(material.report_extract(meeting))
    assert "Survey 2026: the indices of the unit" in html
    assert "Workload" in html and "Climate" in html
    # Performance's indices are hidden: its extract says why, in words.
    StaffRelease.objects.create(round=survey, round_unit=survey.units.get(code="HF-01-01"))
    meeting.unit = personas.org.performance
    hidden = str(material.report_extract(meeting))
    assert "hidden so that a smaller group cannot be worked out" in hidden
