"""Use cases of released reports that change something (the release itself is reports.build)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audit.models import record
from reports import access
from reports.models import StaffRelease, UnitReport


def release_to_staff(*, actor: Any, report: UnitReport) -> StaffRelease:
    """The unit's leader releases the unit's report to its employees (once per round; a second
    click changes nothing). Audited."""
    round_unit = report.round_unit
    if not access.can_release_to_staff(actor, round_unit):
        raise PermissionDenied
    with transaction.atomic():
        released, created = StaffRelease.objects.get_or_create(
            round_unit=round_unit,
            defaults={"round": round_unit.round, "released_by": actor},
        )
        if created:
            record(
                "reports.release_to_staff",
                actor=actor,
                obj=round_unit.round,
                data={"unit": round_unit.code, "release": report.release.number},
            )
    return released
