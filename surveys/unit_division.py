"""Freezing a unit division for rounds built outside the normal opening: imported responses
and simulated historical rounds. (Opening a round freezes its division the same way.)"""

from __future__ import annotations

from collections.abc import Iterable

from orgs.models import OrgUnit
from surveys.models import RoundUnit, SurveyRound


def freeze_units(survey: SurveyRound, units: Iterable[OrgUnit]) -> dict[str, RoundUnit]:
    """Create one RoundUnit per unit (parents first; a unit whose parent is not among `units`
    becomes a top unit of the round) and return them by code."""
    ordered = sorted(units, key=lambda u: (u.depth, u.code))
    by_id: dict[int, RoundUnit] = {}
    frozen: dict[str, RoundUnit] = {}
    for unit in ordered:
        parent = by_id.get(unit.parent_id) if unit.parent_id else None
        path = (parent.path if parent else "/") + unit.code + "/"
        row = RoundUnit.objects.create(
            round=survey,
            unit=unit,
            code=unit.code,
            name_nb=unit.name_nb,
            name_en=unit.name_en,
            kind=unit.kind,
            parent=parent,
            path=path,
            depth=parent.depth + 1 if parent else 0,
        )
        by_id[unit.pk] = frozen[unit.code] = row
    return frozen


def lowest_common_ancestor(units: Iterable[OrgUnit]) -> OrgUnit | None:
    """The deepest unit whose subtree holds all `units` (they must be current units)."""
    paths = [u.path for u in units]
    if not paths:
        return None
    common = paths[0]
    for path in paths[1:]:
        while not path.startswith(common):
            common = common[: common.rstrip("/").rfind("/") + 1]
    ids = [int(part) for part in common.strip("/").split("/") if part]
    if not ids:
        return None
    return OrgUnit.objects.get(pk=ids[-1])
